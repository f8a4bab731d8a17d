// `pktkit follow tcp N`: the reassembled payload of TCP stream N, printed like tshark -z follow.
// Streams are numbered as tshark numbers tcp.stream: by first appearance of each address/port pair.
import { openCapture } from '@pktkit/formats/node';
import {
  type Decoder,
  type IPv4View,
  type IPv6View,
  K,
  Decoder as PktsDecoder,
  type TcpView,
} from '@pktkit/pkts';

export type FollowMode = 'ascii' | 'hex' | 'raw';

interface Side {
  node: string;
  /** Next expected sequence number, once known. */
  next: number | null;
  /** Segments that arrived ahead of a gap, by sequence number. */
  pending: Map<number, Uint8Array>;
}

interface Chunk {
  node: 0 | 1;
  data: Uint8Array;
}

/** The innermost IP header before the TCP layer (tunnels carry several) and the TCP view. */
function innerTcp(d: Decoder): { ip: IPv4View | IPv6View; tcp: TcpView } | null {
  let ip: IPv4View | IPv6View | null = null;
  for (let i = 0; i < d.count; i++) {
    const layer = d.layer(i)!;
    if (layer.kind === K.IPV4 || layer.kind === K.IPV6) ip = layer as IPv4View | IPv6View;
    else if (layer.kind === K.TCP) return ip ? { ip, tcp: layer as TcpView } : null;
  }
  return null;
}

const seqAdd = (a: number, b: number): number => (a + b) >>> 0;
/** a - b in sequence space, as a signed 32-bit difference. */
const seqDiff = (a: number, b: number): number => (a - b) | 0;

/** Adds a segment to one side; returns the bytes that became in-order (new bytes only). */
function accept(side: Side, seq: number, syn: boolean, data: Uint8Array): Uint8Array[] {
  if (syn) {
    side.next = seqAdd(seq, 1);
    seq = side.next;
  }
  if (data.length === 0) return [];
  side.next ??= seq;
  const out: Uint8Array[] = [];
  const d = seqDiff(seq, side.next);
  if (d > 0) {
    side.pending.set(seq, data);
    return out;
  }
  if (-d >= data.length) return out; // a retransmission of bytes already delivered
  out.push(data.subarray(-d));
  side.next = seqAdd(seq, data.length);
  // Segments waiting for this gap.
  for (let progressed = true; progressed; ) {
    progressed = false;
    for (const [s, bytes] of side.pending) {
      const gap = seqDiff(s, side.next);
      if (gap > 0) continue;
      side.pending.delete(s);
      if (-gap < bytes.length) {
        out.push(bytes.subarray(-gap));
        side.next = seqAdd(s, bytes.length);
      }
      progressed = true;
    }
  }
  return out;
}

/** tshark's ascii form: printable bytes and \n \r \t as they are, anything else as '.'. */
function asciiText(data: Uint8Array): string {
  let s = '';
  for (const b of data)
    s += (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09 ? String.fromCharCode(b) : '.';
  return s;
}

function hexText(data: Uint8Array, indent: string, base: number): string {
  const lines: string[] = [];
  for (let off = 0; off < data.length; off += 16) {
    const row = data.subarray(off, off + 16);
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0'));
    const left = `${hex.slice(0, 8).join(' ')}  ${hex.slice(8).join(' ')}`.padEnd(49);
    const printable = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    const text = row.length > 8 ? `${printable.slice(0, 8)} ${printable.slice(8)}` : printable;
    lines.push(`${indent}${(base + off).toString(16).toUpperCase().padStart(8, '0')}  ${left} ${text}`);
  }
  return lines.join('\n');
}

export async function runFollow(file: string, stream: number, mode: FollowMode): Promise<number> {
  const decoder = new PktsDecoder();
  const streams = new Map<string, number>();
  let client: Side | null = null;
  let server: Side | null = null;
  let clientKey = '';
  const chunks: Chunk[] = [];
  for await (const r of openCapture(file)) {
    decoder.decode(r.buffer, r.dataOffset, r.dataLength, r.linkType);
    const found = innerTcp(decoder);
    if (!found) continue;
    const { ip, tcp } = found;
    const a = `${ip.src}:${tcp.sport}`;
    const b = `${ip.dst}:${tcp.dport}`;
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    let index = streams.get(key);
    if (index === undefined) {
      index = streams.size;
      streams.set(key, index);
    }
    if (index !== stream) continue;
    if (!client) {
      client = { node: a, next: null, pending: new Map() };
      server = { node: b, next: null, pending: new Map() };
      clientKey = a;
    }
    const fromClient = a === clientKey;
    const side = fromClient ? client : server!;
    const payload = tcp.payload().slice();
    for (const data of accept(side, tcp.seq, (tcp.flags & 0x02) !== 0, payload)) {
      chunks.push({ node: fromClient ? 0 : 1, data });
    }
  }
  const out: string[] = ['', '='.repeat(67), `Follow: tcp,${mode}`, `Filter: tcp.stream eq ${stream}`];
  out.push(`Node 0: ${client?.node ?? ':0'}`, `Node 1: ${server?.node ?? ':0'}`);
  const offsets = [0, 0];
  for (const c of chunks) {
    const indent = c.node === 1 ? '\t' : '';
    if (mode === 'ascii') out.push(`${indent}${c.data.length}`, asciiText(c.data));
    else if (mode === 'hex') out.push(hexText(c.data, indent, offsets[c.node]!));
    else out.push(`${indent}${Buffer.from(c.data).toString('hex')}`);
    offsets[c.node]! += c.data.length;
  }
  out.push('='.repeat(67));
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
