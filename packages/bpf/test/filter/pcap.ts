// A tiny reader for classic pcap and simple pcapng files (SHB/IDB/EPB/SPB), enough to feed corpus
// packets to the filter tests without depending on another package.
import { readFileSync } from 'node:fs';
import type { Packet } from './oracle.js';

export interface Capture {
  readonly linkType: number;
  readonly snaplen: number;
  readonly packets: Packet[];
}

export function readCapture(path: string): Capture {
  const buf = readFileSync(path);
  const magic = buf.readUInt32BE(0);
  if (magic === 0x0a0d0d0a) return readPcapng(buf);
  let le: boolean;
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) le = false;
  else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) le = true;
  else throw new Error(`not a capture: ${path}`);
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const linkType = u32(20) & 0x0fffffff;
  const snaplen = u32(16);
  const packets: Packet[] = [];
  let off = 24;
  while (off + 16 <= buf.length) {
    const incl = u32(off + 8);
    const orig = u32(off + 12);
    if (off + 16 + incl > buf.length) break;
    packets.push({ data: new Uint8Array(buf.subarray(off + 16, off + 16 + incl)), wireLength: orig });
    off += 16 + incl;
  }
  return { linkType, snaplen, packets };
}

function readPcapng(buf: Buffer): Capture {
  let le = true;
  let off = 0;
  const links: number[] = [];
  const snaps: number[] = [];
  const packets: Packet[] = [];
  while (off + 12 <= buf.length) {
    const typeLE = buf.readUInt32LE(off);
    if (typeLE === 0x0a0d0d0a) le = buf.readUInt32LE(off + 8) === 0x1a2b3c4d;
    const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
    const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
    const type = u32(off);
    const len = u32(off + 4);
    if (len < 12 || off + len > buf.length) break;
    if (type === 1) {
      links.push(u16(off + 8));
      snaps.push(u32(off + 12));
    } else if (type === 6) {
      const cap = u32(off + 20);
      packets.push({
        data: new Uint8Array(buf.subarray(off + 28, off + 28 + cap)),
        wireLength: u32(off + 24),
      });
    } else if (type === 3) {
      const orig = u32(off + 8);
      const cap = Math.min(orig, len - 16);
      packets.push({ data: new Uint8Array(buf.subarray(off + 12, off + 12 + cap)), wireLength: orig });
    }
    off += len;
  }
  return { linkType: links[0] ?? 1, snaplen: snaps[0] || 262144, packets };
}
