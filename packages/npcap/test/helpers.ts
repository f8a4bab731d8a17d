import { type CaptureHandle, createRecord, recordBytes } from '@pktkit/capture-api';

export interface Captured {
  hex: string;
  wireLength: number;
  tsNs: bigint;
  /** Which batch (0-based) the packet came in. */
  batch: number;
}

/** Iterates `capture` until `count` packets arrived or `timeoutMs` passed (then closes it). */
export async function collect(capture: CaptureHandle, count: number, timeoutMs = 5000): Promise<Captured[]> {
  const out: Captured[] = [];
  const r = createRecord();
  const timer = setTimeout(() => void capture.close(), timeoutMs);
  let batches = 0;
  try {
    for await (const batch of capture) {
      for (let i = 0; i < batch.count; i++) {
        batch.read(i, r);
        out.push({
          hex: Buffer.from(recordBytes(r)).toString('hex'),
          wireLength: r.wireLength,
          tsNs: BigInt(r.tsSec) * 1_000_000_000n + BigInt(r.tsNsec),
          batch: batches,
        });
      }
      batch.release();
      batches++;
      if (out.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return out;
}

/** A deterministic Ethernet frame with a local experimental EtherType (0x88b5 by default). */
export function frame(
  dst: Uint8Array,
  src: Uint8Array,
  length: number,
  seed: number,
  etherType = 0x88b5,
): Uint8Array {
  const f = new Uint8Array(length);
  f.set(dst, 0);
  f.set(src, 6);
  f[12] = etherType >> 8;
  f[13] = etherType & 0xff;
  for (let i = 14; i < length; i++) f[i] = (seed * 131 + i * 17) & 0xff;
  return f;
}

export const hex = (frames: readonly Uint8Array[]): string[] =>
  frames.map((f) => Buffer.from(f).toString('hex'));

export const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;
