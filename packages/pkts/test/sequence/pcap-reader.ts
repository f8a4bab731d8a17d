// A small private pcap/pcapng reader for the sequence tests (independent of @pktkit/formats on
// purpose: the tests must not depend on a package developed in parallel).
import { readFileSync } from 'node:fs';

export interface Frame {
  /** 1-based, like tshark's frame.number. */
  number: number;
  linkType: number;
  /** Capture time in nanoseconds. */
  ts: bigint;
  data: Uint8Array;
}

export function readCapture(path: string): Frame[] {
  const buf = new Uint8Array(readFileSync(path));
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = dv.getUint32(0, true);
  if (magic === 0x0a0d0d0a) return readPcapng(buf, dv);
  return readPcap(buf, dv);
}

function readPcap(buf: Uint8Array, dv: DataView): Frame[] {
  const m = dv.getUint32(0, false);
  let le: boolean;
  let nano: boolean;
  if (m === 0xa1b2c3d4 || m === 0xa1b23c4d) {
    le = false;
    nano = m === 0xa1b23c4d;
  } else {
    const ml = dv.getUint32(0, true);
    if (ml !== 0xa1b2c3d4 && ml !== 0xa1b23c4d) throw new Error('not a pcap file');
    le = true;
    nano = ml === 0xa1b23c4d;
  }
  const linkType = dv.getUint32(20, le) & 0x0fffffff;
  const frames: Frame[] = [];
  let p = 24;
  while (p + 16 <= buf.length) {
    const sec = dv.getUint32(p, le);
    const frac = dv.getUint32(p + 4, le);
    const incl = dv.getUint32(p + 8, le);
    if (p + 16 + incl > buf.length) break;
    const ts = BigInt(sec) * 1_000_000_000n + BigInt(frac) * (nano ? 1n : 1000n);
    frames.push({ number: frames.length + 1, linkType, ts, data: buf.subarray(p + 16, p + 16 + incl) });
    p += 16 + incl;
  }
  return frames;
}

interface Iface {
  linkType: number;
  /** Nanoseconds per timestamp unit, as a rational num/den. */
  num: bigint;
  den: bigint;
}

function readPcapng(buf: Uint8Array, dv: DataView): Frame[] {
  const frames: Frame[] = [];
  let ifaces: Iface[] = [];
  let le = true;
  let p = 0;
  while (p + 12 <= buf.length) {
    let type = dv.getUint32(p, le);
    if (type === 0x0a0d0d0a) {
      const bom = dv.getUint32(p + 8, true);
      le = bom === 0x1a2b3c4d;
      ifaces = [];
      type = 0x0a0d0d0a;
    }
    const blen = dv.getUint32(p + 4, le);
    if (blen < 12 || p + blen > buf.length) break;
    if (type === 1) {
      const iface: Iface = { linkType: dv.getUint16(p + 8, le), num: 1000n, den: 1n };
      // Options: if_tsresol (9).
      let o = p + 16;
      while (o + 4 <= p + blen - 4) {
        const code = dv.getUint16(o, le);
        const olen = dv.getUint16(o + 4 - 2, le);
        if (code === 0) break;
        if (code === 9 && olen >= 1) {
          const r = buf[o + 4] as number;
          if (r & 0x80) {
            const units = 2n ** BigInt(r & 0x7f);
            iface.num = 1_000_000_000n;
            iface.den = units;
          } else {
            const units = 10n ** BigInt(r);
            iface.num = 1_000_000_000n;
            iface.den = units;
          }
        }
        o += 4 + ((olen + 3) & ~3);
      }
      ifaces.push(iface);
    } else if (type === 6) {
      const id = dv.getUint32(p + 8, le);
      const tsv = (BigInt(dv.getUint32(p + 12, le)) << 32n) | BigInt(dv.getUint32(p + 16, le));
      const cap = dv.getUint32(p + 20, le);
      const iface = ifaces[id];
      if (iface !== undefined) {
        frames.push({
          number: frames.length + 1,
          linkType: iface.linkType,
          ts: (tsv * iface.num) / iface.den,
          data: buf.subarray(p + 28, p + 28 + cap),
        });
      }
    } else if (type === 3) {
      const iface = ifaces[0];
      const orig = dv.getUint32(p + 8, le);
      const cap = Math.min(orig, blen - 16);
      if (iface !== undefined) {
        frames.push({
          number: frames.length + 1,
          linkType: iface.linkType,
          ts: 0n,
          data: buf.subarray(p + 12, p + 12 + cap),
        });
      }
    } else if (type === 2) {
      const id = dv.getUint16(p + 8, le);
      const tsv = (BigInt(dv.getUint32(p + 12, le)) << 32n) | BigInt(dv.getUint32(p + 16, le));
      const cap = dv.getUint32(p + 20, le);
      const iface = ifaces[id];
      if (iface !== undefined) {
        frames.push({
          number: frames.length + 1,
          linkType: iface.linkType,
          ts: (tsv * iface.num) / iface.den,
          data: buf.subarray(p + 28, p + 28 + cap),
        });
      }
    } else if (type !== 0x0a0d0d0a) {
      // Other blocks (NRB, ISB, custom…) carry no frames.
    }
    p += blen;
  }
  return frames;
}
