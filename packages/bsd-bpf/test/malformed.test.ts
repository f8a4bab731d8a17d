// Malformed buffers raise BpfBufferError with the reason and the bad record's offset; nothing is
// read out of bounds and nothing loops. Then property tests over random layouts and bytes.
import { CaptureError } from '@pktkit/capture-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BpfBufferError,
  BpfBufferIndex,
  type BpfRecordLayout,
  bintimeToNanoseconds,
  darwinHeaderLayout,
  freebsdExtendedLayout,
  freebsdHeaderLayout,
} from '../src/index.js';
import { concat, encodeBuffer, fromHex, payload, type SynthRecord } from './encode.js';

function scanError(bytes: Uint8Array, layout: BpfRecordLayout, length = bytes.length): BpfBufferError {
  try {
    new BpfBufferIndex().scan(bytes, length, layout);
  } catch (e) {
    expect(e).toBeInstanceOf(BpfBufferError);
    expect(e).toBeInstanceOf(CaptureError);
    return e as BpfBufferError;
  }
  throw new Error('expected a BpfBufferError');
}

const fbsd = freebsdHeaderLayout();
const mac = darwinHeaderLayout();
const good = encodeBuffer(fbsd, [
  { sec: 10, frac: 20, data: payload(30, 1), wireLength: 30 },
  { sec: 11, frac: 21, data: payload(31, 2), wireLength: 40 },
]);

describe('typed errors', () => {
  it('trailing bytes shorter than a header', () => {
    const e = scanError(concat(good, new Uint8Array(8 - (good.length % 8) + 25)), fbsd);
    expect(e.reason).toBe('truncated-header');
    expect(e.offset).toBe(120);
    expect(e.code).toBe('ECAPTURE_OS');
  });

  it('bh_hdrlen smaller than the header structure', () => {
    const bad = fromHex('00000000 | 00000000 | 00000000 | 00000000 | 1100'); // macOS hdrlen 17 < 18
    expect(scanError(bad, mac)).toMatchObject({ reason: 'header-length', offset: 0 });
  });

  it('a record running past the data read, including a 4 GiB caplen', () => {
    expect(scanError(good, fbsd, good.length - 1)).toMatchObject({ reason: 'truncated-record', offset: 56 });
    const huge = fromHex('00000000 | 00000000 | ffffffff | ffffffff | 1200');
    expect(scanError(huge, mac)).toMatchObject({ reason: 'truncated-record' });
  });

  it('bh_caplen larger than bh_datalen', () => {
    const bad = concat(fromHex('00000000 | 00000000 | 02000000 | 01000000 | 1200'), new Uint8Array(2));
    expect(scanError(bad, mac)).toMatchObject({ reason: 'caplen-exceeds-wire' });
  });

  it('microseconds of a million and seconds beyond 2^53', () => {
    const usec = fromHex('00000000 | 40420f00 | 00000000 | 00000000 | 1200');
    expect(scanError(usec, mac)).toMatchObject({ reason: 'timestamp' });
    const longUsec = fromHex('0000000000000000 | 0000000001000000 | 00000000 | 00000000 | 1a00');
    expect(scanError(longUsec, fbsd)).toMatchObject({ reason: 'timestamp' });
    const sec = fromHex('0000000000002000 | 0000000000000000 | 00000000 | 00000000 | 1a00');
    expect(scanError(sec, fbsd)).toMatchObject({ reason: 'timestamp' });
  });

  it('a length outside the buffer', () => {
    expect(scanError(good, fbsd, good.length + 1)).toMatchObject({ reason: 'length' });
    expect(scanError(good, fbsd, -1)).toMatchObject({ reason: 'length' });
    expect(scanError(good, fbsd, 1.5)).toMatchObject({ reason: 'length' });
  });

  it('a failed scan leaves no records behind', () => {
    const index = new BpfBufferIndex();
    index.scan(good, good.length, fbsd);
    expect(index.count).toBe(2);
    expect(() => index.scan(good, good.length - 1, fbsd)).toThrow(BpfBufferError);
    expect(index.count).toBe(0);
  });
});

describe('bintime conversion', () => {
  it('equals (1e9 * (frac >> 32)) >> 32 computed exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (high) => {
        expect(bintimeToNanoseconds(high)).toBe(Number((1_000_000_000n * BigInt(high)) >> 32n));
      }),
      { numRuns: 2000 },
    );
  });
});

// Random layouts and records for the property tests.
const layouts: BpfRecordLayout[] = [
  freebsdHeaderLayout('micro'),
  freebsdHeaderLayout('none'),
  freebsdExtendedLayout('nano'),
  freebsdExtendedLayout('bintime'),
  darwinHeaderLayout(),
];

const recordFor = (layout: BpfRecordLayout) =>
  fc.record({
    sec: layout.secondsSize === 4 ? fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) : fc.maxSafeInteger(),
    frac: fc.integer({
      min: 0,
      max: layout.timestamp === 'micro' ? 999_999 : layout.timestamp === 'nano' ? 999_999_999 : 0xffffffff,
    }),
    data: fc.uint8Array({ maxLength: 80 }),
    extraWire: fc.integer({ min: 0, max: 70000 }),
    // Link-layer header lengths the kernel pads bh_hdrlen for (DLT_NULL 4, Ethernet 14…), plus spare.
    hdrExtra: fc.integer({ min: 0, max: 60 }),
  });

type RandomRecord = {
  sec: number;
  frac: number;
  data: Uint8Array;
  extraWire: number;
  hdrExtra: number;
};

const scenario = fc.constantFrom(...layouts).chain((layout) =>
  fc.record({
    layout: fc.constant(layout),
    records: fc.array(recordFor(layout), { maxLength: 12 }),
    pad: fc.integer({ min: 0, max: 255 }),
  }),
);

function toSynth(layout: BpfRecordLayout, r: RandomRecord): SynthRecord {
  return {
    sec: layout.timestamp === 'none' ? 0 : r.sec,
    frac: layout.timestamp === 'none' ? 0 : r.frac,
    data: r.data,
    wireLength: r.data.length + r.extraWire,
    hdrlen: layout.minHeaderLength + r.hdrExtra,
  };
}

function expectedNs(layout: BpfRecordLayout, r: SynthRecord): number {
  if (layout.timestamp === 'micro') return r.frac * 1000;
  if (layout.timestamp === 'bintime') return Number((1_000_000_000n * BigInt(r.frac)) >> 32n);
  return r.frac;
}

describe('properties', () => {
  it('every well-formed buffer walks back to exactly the records written, zero-copy', () => {
    fc.assert(
      fc.property(scenario, ({ layout, records, pad }) => {
        const synth = records.map((r) => toSynth(layout, r));
        const bytes = encodeBuffer(layout, synth, pad);
        const index = new BpfBufferIndex();
        expect(index.scan(bytes, bytes.length, layout)).toBe(synth.length);
        synth.forEach((r, i) => {
          const at = index.dataOffset[i]!;
          expect(index.caplen[i]).toBe(r.data.length);
          expect(index.wireLength[i]).toBe(r.wireLength);
          expect(index.tsSec[i]).toBe(r.sec);
          expect(index.tsNsec[i]).toBe(expectedNs(layout, r));
          expect(bytes.subarray(at, at + r.data.length)).toEqual(r.data);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('cutting a buffer inside a header or packet is an error; after a whole record it keeps the prefix', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ layout, records, pad }, cutSeed) => {
        const synth = records.map((r) => toSynth(layout, r));
        const bytes = encodeBuffer(layout, synth, pad);
        if (bytes.length === 0) return;
        const cut = cutSeed % bytes.length;
        // read() stops at a record's unpadded end; bytes up to the next aligned start are padding.
        let expected: number | null = cut === 0 ? 0 : null;
        let at = 0;
        synth.forEach((r, i) => {
          const end = at + r.hdrlen! + r.data.length;
          at = Math.ceil(end / layout.alignment) * layout.alignment;
          if (cut >= end && cut <= at) expected = i + 1;
        });
        const index = new BpfBufferIndex();
        if (expected === null) {
          expect(() => index.scan(bytes, cut, layout)).toThrow(BpfBufferError);
        } else {
          expect(index.scan(bytes, cut, layout)).toBe(expected);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary bytes: either records fully inside the data, or a BpfBufferError — never anything else', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...layouts),
        fc.uint8Array({ maxLength: 400 }),
        fc.nat(),
        (layout, bytes, lengthSeed) => {
          const length = bytes.length === 0 ? 0 : lengthSeed % (bytes.length + 1);
          const index = new BpfBufferIndex();
          let count: number;
          try {
            count = index.scan(bytes, length, layout);
          } catch (e) {
            expect(e).toBeInstanceOf(BpfBufferError);
            return;
          }
          for (let i = 0; i < count; i++) {
            expect(index.dataOffset[i]! + index.caplen[i]!).toBeLessThanOrEqual(length);
            expect(index.caplen[i]!).toBeLessThanOrEqual(index.wireLength[i]!);
            expect(index.tsNsec[i]!).toBeLessThan(1_000_000_000);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
