// `pktkit stats`: protocol hierarchy, IPv4/IPv6 conversations, top talkers, and an I/O graph as SVG.
import { writeFileSync } from 'node:fs';
import { compileFilter, createBlockFilter } from '@pktkit/bpf';
import { openCapture } from '@pktkit/formats/node';
import { Decoder, K } from '@pktkit/pkts';

export interface StatsOptions {
  file: string;
  filter: string;
  /** Write the I/O graph (packets per interval) here as SVG. */
  svg?: string;
  /** I/O graph interval, seconds (default 1). */
  interval: number;
  /** Top talkers shown (default 10). */
  top: number;
}

interface Node {
  frames: number;
  bytes: number;
  children: Map<string, Node>;
}

interface Conversation {
  v6: boolean;
  a: string;
  b: string;
  frames: number;
  bytes: number;
}

const newNode = (): Node => ({ frames: 0, bytes: 0, children: new Map() });

function hierarchyLines(node: Node, depth: number, out: string[]): void {
  for (const [name, child] of node.children) {
    out.push(`${`${'  '.repeat(depth)}${name}`.padEnd(41)}frames:${child.frames} bytes:${child.bytes}`);
    hierarchyLines(child, depth + 1, out);
  }
}

/** A bar chart of packets per interval; each bar carries its count in data-packets. */
export function ioGraphSvg(buckets: number[], intervalS: number): string {
  const width = 640;
  const height = 240;
  const pad = 40;
  const max = Math.max(1, ...buckets);
  const barW = (width - 2 * pad) / Math.max(1, buckets.length);
  const bars = buckets.map((n, i) => {
    const h = ((height - 2 * pad) * n) / max;
    const x = (pad + i * barW).toFixed(2);
    const y = (height - pad - h).toFixed(2);
    return `<rect x="${x}" y="${y}" width="${Math.max(1, barW - 1).toFixed(2)}" height="${h.toFixed(2)}" fill="#3b82f6" data-packets="${n}"/>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>packets per ${intervalS} s</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="black"/>`,
    `<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${height - pad}" stroke="black"/>`,
    `<text x="${pad}" y="${pad - 8}" font-size="12" font-family="sans-serif">max ${max} packets / ${intervalS} s</text>`,
    `<text x="${width - pad}" y="${height - pad + 16}" font-size="12" font-family="sans-serif" text-anchor="end">${buckets.length * intervalS} s</text>`,
    ...bars,
    '</svg>',
    '',
  ].join('\n');
}

export async function runStats(o: StatsOptions): Promise<number> {
  const decoder = new Decoder();
  const root = newNode();
  const conversations = new Map<string, Conversation>();
  const talkers = new Map<string, number>();
  const buckets: number[] = [];
  let first: bigint | null = null;
  const filters = new Map<number, ReturnType<typeof createBlockFilter>>();
  const intervalNs = BigInt(Math.round(o.interval * 1e9));
  for await (const r of openCapture(o.file)) {
    if (o.filter.trim() !== '') {
      let f = filters.get(r.linkType);
      if (!f) {
        f = createBlockFilter(compileFilter(o.filter, { linkType: r.linkType }));
        filters.set(r.linkType, f);
      }
      if (f(r.buffer, r.dataOffset, r.dataLength, r.originalLength) === 0) continue;
    }
    const bytes = r.originalLength;
    decoder.decode(r.buffer, r.dataOffset, r.dataLength, r.linkType);
    // Protocol hierarchy: the layer path, as tshark -z io,phs builds it (frame lengths).
    let node = root;
    for (let i = 0; i < decoder.count; i++) {
      const view = decoder.layer(i)!;
      let child = node.children.get(view.protocol);
      if (!child) {
        child = newNode();
        node.children.set(view.protocol, child);
      }
      child.frames++;
      child.bytes += bytes;
      node = child;
    }
    // Conversations: every IP layer (tunnels count once per layer, as tshark -z conv does).
    for (let i = 0; i < decoder.count; i++) {
      const view = decoder.layer(i)!;
      if (view.kind !== K.IPV4 && view.kind !== K.IPV6) continue;
      const ip = view as unknown as { src: string; dst: string };
      const [a, b] = ip.src < ip.dst ? [ip.src, ip.dst] : [ip.dst, ip.src];
      const key = `${a} ${b}`;
      let c = conversations.get(key);
      if (!c) {
        c = { v6: view.kind === K.IPV6, a, b, frames: 0, bytes: 0 };
        conversations.set(key, c);
      }
      c.frames++;
      c.bytes += bytes;
      talkers.set(ip.src, (talkers.get(ip.src) ?? 0) + bytes);
    }
    const ts = r.timestamp;
    first ??= ts;
    const bucket = Number((ts - first) / intervalNs);
    while (buckets.length <= bucket) buckets.push(0);
    buckets[bucket]!++;
  }
  const out: string[] = ['Protocol hierarchy'];
  hierarchyLines(root, 0, out);
  const convs = [...conversations.values()].sort((x, y) => y.bytes - x.bytes);
  for (const v6 of [false, true]) {
    out.push('', `Conversations (${v6 ? 'IPv6' : 'IPv4'})`);
    for (const c of convs) {
      if (c.v6 === v6)
        out.push(`${c.a.padEnd(40)} <-> ${c.b.padEnd(40)} frames:${c.frames} bytes:${c.bytes}`);
    }
  }
  out.push('', `Top talkers (bytes sent, top ${o.top})`);
  const top = [...talkers.entries()].sort((x, y) => y[1] - x[1]).slice(0, o.top);
  for (const [addr, n] of top) out.push(`${addr.padEnd(40)} bytes:${n}`);
  out.push('', `I/O (packets per ${o.interval} s): ${buckets.join(' ')}`);
  if (o.svg) {
    writeFileSync(o.svg, ioGraphSvg(buckets, o.interval));
    out.push(`I/O graph written to ${o.svg}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
