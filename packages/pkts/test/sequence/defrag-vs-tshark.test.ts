// Differential proof for defragmentation: every datagram we reassemble from the fragmented
// traces of ../shared/corpus equals the one tshark reassembles in the same frame
// (`ip.reassembled.data` / `ipv6.reassembled.data`), and tshark reassembles none we miss —
// except datagrams our defences drop on purpose (RFC 8200's 65535-byte limit, fragments running
// past the last one), which must be exactly those flagged by our events for that datagram.
import { relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Defragmenter,
  DefragResult,
  IpInfo,
  LinkInfo,
  parseIp,
  parseLink,
} from '../../src/sequence/index.js';
import { corpusCaptures, corpusDir, pool, tshark } from './oracle.js';
import { readCapture } from './pcap-reader.js';
import { hex } from './streams.js';

interface FileResult {
  file: string;
  ours: Map<number, string>;
  theirs: Map<number, string>;
  /** Defence events (kind) raised while reading each frame. */
  defences: Map<number, string[]>;
}

const DEFENCES = new Set(['too-large', 'malformed', 'tiny-fragment']);

const results: FileResult[] = [];

function ourReassembly(path: string): {
  fragments: number;
  out: Map<number, string>;
  defences: Map<number, string[]>;
} {
  const link = new LinkInfo();
  const ip = new IpInfo();
  const defences = new Map<number, string[]>();
  /** Datagram ids condemned by a defence, and the frame numbers of their fragments. */
  const condemned = new Set<number>();
  const frameIds = new Map<number, number>();
  let frame = 0;
  // Wireshark has no reassembly timeout, and its reassembly copies fragments sorted by offset,
  // earlier arrivals first among equal offsets: the lowest-offset fragment wins, which is BSD.
  const d = new Defragmenter({
    policy: 'bsd',
    timeout: 10n ** 15n,
    tinyFragmentDefence: false,
    event: (e) => {
      if (DEFENCES.has(e.kind)) condemned.add(e.id);
    },
  });
  const out = new Map<number, string>();
  let fragments = 0;
  for (const f of readCapture(path)) {
    frame = f.number;
    if (!parseLink(f.data, 0, f.data.length, f.linkType, link)) continue;
    if (!parseIp(f.data, link.ipOffset, link.capturedLength, ip) || !ip.fragment) continue;
    fragments++;
    const start = ip.srcOffset - (ip.version === 4 ? 12 : 8);
    const id =
      ip.version === 4
        ? ((f.data[start + 4] as number) << 8) | (f.data[start + 5] as number)
        : fragmentId(f.data, start);
    frameIds.set(frame, id);
    if (d.push(f.data, start, ip.end - start, f.ts, link.vlan) === DefragResult.Complete) {
      // tshark shows the reassembled payload, after the (unfragmentable) headers.
      const whole = d.datagram;
      const p = new IpInfo();
      parseIp(whole, 0, whole.length, p);
      const hdr =
        whole[0] !== undefined && whole[0] >> 4 === 4 ? ((whole[0] as number) & 15) * 4 : hdrLen6(whole);
      out.set(f.number, hex(whole.subarray(hdr)));
    }
  }
  for (const [n, id] of frameIds) if (condemned.has(id)) defences.set(n, ['defence']);
  return { fragments, out, defences };
}

function fragmentId(b: Uint8Array, start: number): number {
  let nh = b[start + 6] as number;
  let p = start + 40;
  while (nh !== 44) {
    nh = b[p] as number;
    p += ((b[p + 1] as number) + 1) * 8;
  }
  return (
    (((b[p + 4] as number) << 24) |
      ((b[p + 5] as number) << 16) |
      ((b[p + 6] as number) << 8) |
      (b[p + 7] as number)) >>>
    0
  );
}

/** IPv6 header plus the unfragmentable extension headers kept in the reassembled datagram. */
function hdrLen6(b: Uint8Array): number {
  let nh = b[6] as number;
  let p = 40;
  while (nh === 0 || nh === 43 || nh === 60) {
    const next = b[p] as number;
    p += ((b[p + 1] as number) + 1) * 8;
    nh = next;
  }
  return p;
}

beforeAll(async () => {
  const candidates = corpusCaptures()
    .map((file) => ({ file, ...ourReassembly(file) }))
    .filter((c) => c.fragments > 0);
  const runs = await pool(candidates, 2, (c) =>
    tshark(c.file, [
      '-T',
      'fields',
      '-e',
      'frame.number',
      '-e',
      'ip.reassembled.data',
      '-e',
      'ipv6.reassembled.data',
    ]),
  );
  candidates.forEach((c, i) => {
    const theirs = new Map<number, string>();
    for (const line of (runs[i]?.stdout ?? '').split('\n')) {
      const [n, v4, v6] = line.split('\t');
      const data = (v4 ?? '') !== '' ? v4 : v6;
      if (n && data) theirs.set(Number(n), (data.split(',').pop() as string).replace(/:/g, ''));
    }
    results.push({ file: relative(corpusDir, c.file), ours: c.out, theirs, defences: c.defences });
  });
}, 1_800_000);

describe('defragmentation against tshark', () => {
  it('finds the fragmented traces', () => {
    const total = results.reduce((n, r) => n + r.theirs.size, 0);
    console.log(
      `defrag differential: ${results.length} traces with fragments, ${total} datagrams reassembled by tshark, ${results.reduce((n, r) => n + r.ours.size, 0)} by us`,
    );
    for (const r of results) console.log(`  ${r.file}: tshark ${r.theirs.size}, ours ${r.ours.size}`);
    expect(results.length).toBeGreaterThanOrEqual(4);
    expect(total).toBeGreaterThan(0);
  });

  it('reassembles the same datagrams, byte for byte, in the same frames', () => {
    const diffs: string[] = [];
    const defended: string[] = [];
    for (const r of results) {
      for (const [frame, data] of r.theirs) {
        const ours = r.ours.get(frame);
        if (ours === undefined && r.defences.has(frame)) {
          defended.push(`${r.file} frame ${frame}`);
          continue;
        }
        if (ours !== data)
          diffs.push(
            `${r.file} frame ${frame}: ours ${ours?.slice(0, 40) ?? 'none'} tshark ${data.slice(0, 40)}`,
          );
      }
      for (const frame of r.ours.keys()) {
        if (!r.theirs.has(frame)) diffs.push(`${r.file} frame ${frame}: only ours`);
      }
    }
    console.log(`  dropped by our defences, reassembled by tshark: ${defended.join(', ') || 'none'}`);
    expect(diffs).toEqual([]);
  });
});
