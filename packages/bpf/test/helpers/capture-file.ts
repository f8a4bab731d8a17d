// A tiny private pcap/pcapng reader for tests (packets and their wire lengths only). The real reader is
// @pktkit/formats; this package must not depend on it.
import { readFileSync } from 'node:fs';

export interface CapturedPacket {
  data: Uint8Array;
  wireLength: number;
}

export interface CaptureFile {
  linkType: number;
  packets: CapturedPacket[];
}

export function readCaptureFile(path: string): CaptureFile {
  const bytes = new Uint8Array(readFileSync(path));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic === 0x0a0d0d0a) return readPcapng(bytes, view);
  const le = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
  if (!le && magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new Error(`${path}: not a capture file`);
  const linkType = view.getUint32(20, le) & 0x0fffffff;
  const packets: CapturedPacket[] = [];
  for (let off = 24; off + 16 <= bytes.length; ) {
    const caplen = view.getUint32(off + 8, le);
    const wire = view.getUint32(off + 12, le);
    packets.push({ data: bytes.subarray(off + 16, off + 16 + caplen), wireLength: wire });
    off += 16 + caplen;
  }
  return { linkType, packets };
}

function readPcapng(bytes: Uint8Array, view: DataView): CaptureFile {
  let le = true;
  let linkType = -1;
  const packets: CapturedPacket[] = [];
  for (let off = 0; off + 12 <= bytes.length; ) {
    const type = view.getUint32(off, le);
    if (type === 0x0a0d0d0a) le = view.getUint32(off + 8, true) === 0x1a2b3c4d;
    const len = view.getUint32(off + 4, le);
    if (type === 1 && linkType < 0) linkType = view.getUint16(off + 8, le);
    if (type === 6) {
      const cap = view.getUint32(off + 20, le);
      packets.push({
        data: bytes.subarray(off + 28, off + 28 + cap),
        wireLength: view.getUint32(off + 24, le),
      });
    } else if (type === 3) {
      const wire = view.getUint32(off + 8, le);
      packets.push({ data: bytes.subarray(off + 12, off + 12 + Math.min(wire, len - 16)), wireLength: wire });
    }
    off += len;
  }
  return { linkType, packets };
}
