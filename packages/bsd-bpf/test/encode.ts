// Test-only writer of /dev/bpf read buffers, used by the fuzz tests. It is checked byte for byte
// against the hand-written fixtures in layouts.test.ts, so it cannot silently agree with the walker.
import type { BpfRecordLayout } from '../src/layout.js';

export interface SynthRecord {
  /** Seconds (any safe integer for 8-byte layouts, int32 for timeval32). */
  sec: number;
  /** The raw fraction field: usec, nsec, or the high 32 bits of a bintime fraction. */
  frac: number;
  data: Uint8Array;
  wireLength: number;
  /** bh_hdrlen; defaults to the layout's minimal header length. */
  hdrlen?: number;
}

/** Encodes records as the kernel lays them out; `pad` fills header padding and inter-record gaps. */
export function encodeBuffer(layout: BpfRecordLayout, records: readonly SynthRecord[], pad = 0): Uint8Array {
  const align = (x: number) => Math.ceil(x / layout.alignment) * layout.alignment;
  let size = 0;
  records.forEach((r, i) => {
    const end = size + (r.hdrlen ?? layout.minHeaderLength) + r.data.length;
    size = i === records.length - 1 ? end : align(end);
  });
  const out = new Uint8Array(size).fill(pad);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const r of records) {
    const hdrlen = r.hdrlen ?? layout.minHeaderLength;
    if (layout.secondsSize === 4) {
      view.setInt32(at, r.sec, true);
    } else {
      view.setBigInt64(at, BigInt(r.sec), true);
    }
    const f = at + layout.fractionOffset;
    if (layout.timestamp === 'bintime') {
      view.setUint32(f, 0xdeadbeef, true); // low half: ignored by bintime2timespec
      view.setUint32(f + 4, r.frac, true);
    } else if (layout.fractionSize === 8) {
      view.setBigUint64(f, BigInt(r.frac), true);
    } else {
      view.setInt32(f, r.frac, true);
    }
    view.setUint32(at + layout.caplenOffset, r.data.length, true);
    view.setUint32(at + layout.datalenOffset, r.wireLength, true);
    view.setUint16(at + layout.hdrlenOffset, hdrlen, true);
    out.set(r.data, at + hdrlen);
    at = align(at + hdrlen + r.data.length);
  }
  return out;
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[\s|]/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Deterministic bytes: a frame-like payload distinguishable per seed. */
export function payload(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (seed * 131 + i * 17 + 7) & 0xff);
}
