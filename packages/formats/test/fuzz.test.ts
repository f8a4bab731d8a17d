// fast-check fuzzing: mutated corpus files and generated files. Only CaptureFormatError may escape,
// every case ends quickly, and nothing is allocated beyond the configured limits. `pnpm fuzz` runs the
// same properties with PKTKIT_FUZZ_RUNS=200000 (result recorded in BENCHMARKS.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CaptureFormatError, type CaptureReadOptions, openCapture, readCapture } from '../src/index.js';
import { corpusDir, corpusFiles } from './helpers/corpus.js';

const RUNS = Number(process.env.PKTKIT_FUZZ_RUNS ?? 1500);
const SEED = process.env.PKTKIT_FUZZ_SEED === undefined ? undefined : Number(process.env.PKTKIT_FUZZ_SEED);
const LIMITS = { maxCaptureLength: 65_536, maxBlockSize: 1 << 20, maxSectionHeaderSize: 1 << 16 };

// Small corpus files keep each case fast; they still cover every format variant.
const seeds = corpusFiles()
  .map((f) => new Uint8Array(readFileSync(join(corpusDir, f))))
  .filter((b) => b.length <= 16_384);

/** Reads everything; returns the error if it is ours, rethrows anything else. */
function readAll(bytes: Uint8Array, options: CaptureReadOptions): number {
  let n = 0;
  try {
    for (const r of readCapture(bytes, { ...LIMITS, ...options, onBlock: () => undefined })) {
      // Touch what a user would: no getter may throw anything but our error.
      if (r.dataLength > LIMITS.maxCaptureLength || r.dataLength > r.captureLength)
        throw new Error('data beyond limits');
      void r.data[0];
      void r.timestamp;
      void r.packetOptions;
      n++;
    }
  } catch (error) {
    if (!(error instanceof CaptureFormatError)) throw error;
    expect(error.offset).toBeGreaterThanOrEqual(0);
    expect(error.offset).toBeLessThanOrEqual(bytes.length);
  }
  return n;
}

async function streamAll(bytes: Uint8Array, chunk: number): Promise<number> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  let n = 0;
  const reader = openCapture(chunks(), { ...LIMITS, chunkSize: 4096 });
  try {
    for await (const _ of reader) {
      n++;
      // Bounded memory: two buffers of at most max(chunk, largest allowed block) each.
      expect(reader.bufferedCapacity).toBeLessThanOrEqual(2 * (LIMITS.maxBlockSize + 8192));
    }
  } catch (error) {
    if (!(error instanceof CaptureFormatError)) throw error;
  }
  return n;
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant('word' as const),
    at: fc.nat(),
    value: fc.constantFrom(0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x0a0d0d0a, 0x1a2b3c4d, 12, 16, 28),
  }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 64 }) }),
);

function mutate(source: Uint8Array, mutations: readonly fc.Arbitrary<unknown>[] | unknown[]): Uint8Array {
  let bytes = source.slice();
  for (const m of mutations as {
    kind: string;
    at: number;
    bit?: number;
    value?: number;
    bytes?: Uint8Array;
  }[]) {
    if (bytes.length === 0) break;
    const at = m.at % bytes.length;
    if (m.kind === 'flip') bytes[at]! ^= 1 << m.bit!;
    else if (m.kind === 'word' && at + 4 <= bytes.length) {
      new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, m.value!, at % 8 === 0);
    } else if (m.kind === 'cut') bytes = bytes.subarray(0, at);
    else if (m.kind === 'insert') {
      const out = new Uint8Array(bytes.length + m.bytes!.length);
      out.set(bytes.subarray(0, at));
      out.set(m.bytes!, at);
      out.set(bytes.subarray(at), at + m.bytes!.length);
      bytes = out;
    }
  }
  return bytes;
}

/** Generated pcapng: an SHB then random blocks with plausible or hostile lengths. */
const pcapngFile = fc
  .record({
    le: fc.boolean(),
    blocks: fc.array(
      fc.record({
        type: fc.constantFrom(1, 2, 3, 4, 5, 6, 0xa, 0xbad, 0x40000bad, 0x0a0d0d0a, 0x99),
        body: fc.uint8Array({ maxLength: 200 }),
        lie: fc.option(fc.nat(), { freq: 5 }),
      }),
      { maxLength: 12 },
    ),
  })
  .map(({ le, blocks }) => {
    const parts: Uint8Array[] = [];
    const block = (type: number, body: Uint8Array, lie: number | null): Uint8Array => {
      const padded = (body.length + 3) & ~3;
      const out = new Uint8Array(12 + padded);
      const v = new DataView(out.buffer);
      v.setUint32(0, type, le);
      v.setUint32(4, lie ?? out.length, le);
      out.set(body, 8);
      v.setUint32(out.length - 4, out.length, le);
      return out;
    };
    const shb = new Uint8Array(16);
    new DataView(shb.buffer).setUint32(0, 0x1a2b3c4d, le);
    new DataView(shb.buffer).setUint16(4, 1, le);
    new DataView(shb.buffer).setBigInt64(8, -1n, le);
    parts.push(block(0x0a0d0d0a, shb, null));
    for (const b of blocks) {
      const body = b.body.slice();
      if (b.type === 1 && body.length >= 8) body[2] = body[3] = 0;
      if (b.type === 0x0a0d0d0a && body.length >= 4) new DataView(body.buffer).setUint32(0, 0x1a2b3c4d, !le);
      parts.push(block(b.type, body, b.lie));
    }
    const total = parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(total);
    let pos = 0;
    for (const p of parts) {
      out.set(p, pos);
      pos += p.length;
    }
    return out;
  });

/** Generated pcap: any header words, records with random lengths. */
const pcapFile = fc
  .record({
    magic: fc.constantFrom(0xa1b2c3d4, 0xa1b23c4d, 0xa1b2cd34, 0xd4c3b2a1, 0x4d3cb2a1),
    header: fc.uint8Array({ minLength: 20, maxLength: 20 }),
    records: fc.array(
      fc.record({ caplen: fc.nat({ max: 300 }), orig: fc.nat(), body: fc.uint8Array({ maxLength: 300 }) }),
      {
        maxLength: 10,
      },
    ),
  })
  .map(({ magic, header, records }) => {
    const out: number[] = [];
    const word = (n: number) => out.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
    word(magic);
    out.push(2, 0, 4, 0, ...header.subarray(4));
    for (const r of records) {
      word(1);
      word(2);
      word(r.caplen);
      word(r.orig);
      out.push(...r.body.subarray(0, r.caplen));
    }
    return Uint8Array.from(out);
  });

const params = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

describe(`fuzz (${RUNS} cases per property)`, () => {
  test('corpus seeds are loaded', () => {
    expect(seeds.length).toBeGreaterThan(300);
  });

  test('mutated corpus files: only CaptureFormatError, strict and lax', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }), (pick, mutations) => {
        const bytes = mutate(seeds[pick % seeds.length]!, mutations);
        const start = Date.now();
        readAll(bytes, { strict: true });
        readAll(bytes, { strict: false });
        expect(Date.now() - start).toBeLessThan(2000);
      }),
      params,
    );
  }, 600_000);

  test('generated pcapng and pcap files: only CaptureFormatError', () => {
    fc.assert(
      fc.property(fc.oneof(pcapngFile, pcapFile), fc.boolean(), (bytes, strict) => {
        readAll(bytes, { strict });
      }),
      params,
    );
  }, 600_000);

  test('streaming in random chunk sizes agrees with the sync reader, memory bounded', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.array(mutation, { maxLength: 3 }),
        fc.integer({ min: 1, max: 5000 }),
        async (pick, mutations, chunk) => {
          const bytes = mutate(seeds[pick % seeds.length]!, mutations);
          expect(await streamAll(bytes, chunk)).toBe(readAll(bytes, {}));
        },
      ),
      { ...params, numRuns: Math.max(50, Math.floor(RUNS / 10)) },
    );
  }, 600_000);
});
