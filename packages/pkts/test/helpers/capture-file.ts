// A small private pcap/pcapng reader for the tests (pkts must not depend on @pktkit/formats).
import { readFileSync } from 'node:fs';

export interface CapturedPacket {
  linkType: number;
  data: Uint8Array;
  origLen: number;
}

/** Reads every packet of a pcap or pcapng file; throws on a header it cannot read. */
export function readCapture(path: string): CapturedPacket[] {
  const buf = new Uint8Array(readFileSync(path));
  if (buf.length < 4) throw new Error('too short');
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magicBE = dv.getUint32(0, false);
  if (magicBE === 0x0a0d0d0a) return readPcapng(buf, dv);
  return readPcap(buf, dv);
}

function readPcap(buf: Uint8Array, dv: DataView): CapturedPacket[] {
  const m = dv.getUint32(0, true);
  let le: boolean;
  let extra = 0;
  if (m === 0xa1b2c3d4 || m === 0xa1b23c4d) le = true;
  else if (m === 0xa1b2cd34) {
    le = true;
    extra = 8;
  } else {
    const mb = dv.getUint32(0, false);
    if (mb === 0xa1b2c3d4 || mb === 0xa1b23c4d) le = false;
    else if (mb === 0xa1b2cd34) {
      le = false;
      extra = 8;
    } else throw new Error('not a capture file');
  }
  if (buf.length < 24) throw new Error('short header');
  const linkType = dv.getUint32(20, le) & 0x0fffffff;
  const out: CapturedPacket[] = [];
  let p = 24;
  while (p + 16 + extra <= buf.length) {
    const incl = dv.getUint32(p + 8, le);
    const orig = dv.getUint32(p + 12, le);
    const start = p + 16 + extra;
    if (incl > 0x4000000 || start + incl > buf.length) break;
    out.push({ linkType, data: buf.slice(start, start + incl), origLen: orig });
    p = start + incl;
  }
  return out;
}

function readPcapng(buf: Uint8Array, dv: DataView): CapturedPacket[] {
  const out: CapturedPacket[] = [];
  let p = 0;
  let le = true;
  let ifaces: number[] = [];
  while (p + 12 <= buf.length) {
    let type = dv.getUint32(p, le);
    if (type === 0x0a0d0d0a) {
      const bom = dv.getUint32(p + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else throw new Error('bad byte-order magic');
      ifaces = [];
      type = 0x0a0d0d0a;
    }
    const len = dv.getUint32(p + 4, le);
    if (len < 12 || p + len > buf.length) break;
    if (type === 1) ifaces.push(dv.getUint16(p + 8, le));
    else if (type === 6 || type === 3 || type === 2) {
      let ifId = 0;
      let cap: number;
      let orig: number;
      let dataOff: number;
      if (type === 6) {
        ifId = dv.getUint32(p + 8, le);
        cap = dv.getUint32(p + 20, le);
        orig = dv.getUint32(p + 24, le);
        dataOff = p + 28;
      } else if (type === 2) {
        ifId = dv.getUint16(p + 8, le);
        cap = dv.getUint32(p + 20, le);
        orig = dv.getUint32(p + 24, le);
        dataOff = p + 28;
      } else {
        orig = dv.getUint32(p + 8, le);
        cap = Math.min(orig, len - 16);
        dataOff = p + 12;
      }
      const lt = ifaces[ifId];
      if (lt !== undefined && dataOff + cap <= p + len) {
        out.push({ linkType: lt, data: buf.slice(dataOff, dataOff + cap), origLen: orig });
      }
    }
    p += len;
  }
  return out;
}

/** Writes a little-endian microsecond pcap of packets sharing one link type. */
export function pcapBytes(linkType: number, packets: readonly CapturedPacket[]): Uint8Array {
  let size = 24;
  for (const pk of packets) size += 16 + pk.data.length;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, 0x40000, true);
  dv.setUint32(20, linkType, true);
  let p = 24;
  packets.forEach((pk, i) => {
    dv.setUint32(p, 1_600_000_000 + i, true);
    dv.setUint32(p + 8, pk.data.length, true);
    dv.setUint32(p + 12, Math.max(pk.origLen, pk.data.length), true);
    out.set(pk.data, p + 16);
    p += 16 + pk.data.length;
  });
  return out;
}
