import { describe, expect, test } from 'vitest';
import {
  CaptureFormatError,
  MemorySink,
  type PcapngBlock,
  PcapngWriter,
  PcapWriter,
  readCapture,
  sniffFormat,
  uint64Option,
} from '../src/index.js';

function pcap(count = 3, options: ConstructorParameters<typeof PcapWriter>[1] = {}): Uint8Array {
  const sink = new MemorySink();
  const w = new PcapWriter(sink, options);
  for (let i = 0; i < count; i++)
    w.writePacket({ data: new Uint8Array(100).fill(i), seconds: 1000 + i, nanoseconds: 5000 });
  void w.flush();
  return sink.bytes();
}

function pcapng(build: (w: PcapngWriter) => void, littleEndian = true): Uint8Array {
  const sink = new MemorySink();
  const w = new PcapngWriter(sink, { littleEndian });
  build(w);
  void w.flush();
  return sink.bytes();
}

function thrown(fn: () => unknown): CaptureFormatError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CaptureFormatError) return error;
    throw error;
  }
  throw new Error('no error thrown');
}

const all = (bytes: Uint8Array, options = {}) => Array.from(readCapture(bytes, options), (r) => r.clone());

describe('truncated last record', () => {
  const full = pcap(3);
  const cut = full.subarray(0, full.length - 30);
  test('strict: TRUNCATED at the record offset', () => {
    const e = thrown(() => all(cut, { strict: true }));
    expect(e.code).toBe('TRUNCATED');
    expect(e.offset).toBe(24 + 2 * 116);
  });
  test('lax: the partial record is yielded, flagged', () => {
    const records = all(cut);
    expect(records.length).toBe(3);
    expect(records[2]!.truncated).toBe(true);
    expect(records[2]!.captureLength).toBe(100);
    expect(records[2]!.data.length).toBe(70);
  });
  test('lax: a partial record header ends cleanly, bytes reported', () => {
    const reader = readCapture(full.subarray(0, 24 + 116 + 10));
    expect(Array.from(reader).length).toBe(1);
    expect(reader.trailingBytes).toBe(10);
  });
  test('pcapng cut inside a block: strict error, lax clean end', () => {
    const bytes = pcapng((w) => {
      w.addInterface({ linkType: 1 });
      w.writePacket({ data: new Uint8Array(50), timestamp: 1n });
      w.writePacket({ data: new Uint8Array(50), timestamp: 2n });
    });
    const cutNg = bytes.subarray(0, bytes.length - 8);
    expect(thrown(() => all(cutNg, { strict: true })).code).toBe('TRUNCATED');
    expect(all(cutNg).length).toBe(1);
  });
});

describe('limits', () => {
  test('caplen beyond the configured bound: LIMIT_EXCEEDED at its header', () => {
    const bytes = pcap(2);
    expect(all(bytes, { maxCaptureLength: 100 }).length).toBe(2);
    const e = thrown(() => all(bytes, { maxCaptureLength: 99 }));
    expect(e.code).toBe('LIMIT_EXCEEDED');
    expect(e.offset).toBe(24 + 8);
  });
  test('caplen > snaplen and origlen < caplen are tolerated', () => {
    const sink = new MemorySink();
    const w = new PcapWriter(sink, { snaplen: 10 });
    w.writePacket({ data: new Uint8Array(50), seconds: 1, originalLength: 20 });
    void w.flush();
    const [r] = all(sink.bytes());
    expect([r!.captureLength, r!.originalLength, r!.data.length]).toEqual([50, 20, 50]);
  });
  test('pcapng block and SHB size limits', () => {
    const bytes = pcapng((w) => {
      w.addInterface({ linkType: 1 });
      w.writePacket({ data: new Uint8Array(5000), timestamp: 1n });
    });
    expect(thrown(() => all(bytes, { maxBlockSize: 4096, maxCaptureLength: 1000 })).code).toBe(
      'LIMIT_EXCEEDED',
    );
    expect(thrown(() => all(bytes, { maxSectionHeaderSize: 16 })).code).toBe('LIMIT_EXCEEDED');
  });
  test('trailer length must match the header', () => {
    const bytes = pcapng((w) => w.addInterface({ linkType: 1 }));
    bytes[bytes.length - 4]! ^= 0xff;
    const e = thrown(() => all(bytes));
    expect(e.code).toBe('BAD_BLOCK');
    expect(e.offset).toBe(bytes.length - 4);
  });
  test('a packet on an undeclared interface', () => {
    const bytes = pcapng((w) => {
      w.addInterface({ linkType: 1 });
      w.writePacket({ data: new Uint8Array(4), timestamp: 1n });
    });
    const view = new DataView(bytes.buffer);
    // The EPB follows the SHB and IDB; its interface id is 8 bytes in.
    const shbLength = view.getUint32(4, true);
    const epb = shbLength + view.getUint32(shbLength + 4, true);
    view.setUint32(epb + 8, 7, true);
    expect(thrown(() => all(bytes)).code).toBe('BAD_INTERFACE');
  });
  test('garbage is BAD_MAGIC, empty input TRUNCATED', () => {
    expect(thrown(() => all(new Uint8Array(64).fill(7))).code).toBe('BAD_MAGIC');
    expect(thrown(() => all(new Uint8Array(0))).code).toBe('TRUNCATED');
    expect(sniffFormat(pcap(0))).toBe('pcap');
    expect(sniffFormat(new Uint8Array(3))).toBe(undefined);
  });
});

describe('pcapng sections and timestamps', () => {
  test('an unknown major version after the first section is skipped (or an error if asked)', () => {
    const bytes = pcapng((w) => {
      w.addInterface({ linkType: 1 });
      w.writePacket({ data: new Uint8Array(4), timestamp: 1000n });
      w.writeSectionHeader({ versionMajor: 2 });
      w.addInterface({ linkType: 1 });
      w.writePacket({ data: new Uint8Array(4), timestamp: 2000n });
      w.writeSectionHeader({ littleEndian: false });
      w.addInterface({ linkType: 105 });
      w.writePacket({ data: new Uint8Array(4), timestamp: 3000n });
    });
    const blocks: PcapngBlock[] = [];
    const records = all(bytes, { onBlock: (b: PcapngBlock) => blocks.push(b) });
    expect(records.map((r) => [r.timestamp, r.linkType, r.interface.section, r.littleEndian])).toEqual([
      [1000n, 1, 0, true],
      [3000n, 105, 2, false],
    ]);
    expect(blocks.filter((b) => b.type === 'shb').map((b) => b.type === 'shb' && b.skipped)).toEqual([
      false,
      true,
      false,
    ]);
    expect(thrown(() => all(bytes, { unknownVersion: 'error' })).code).toBe('UNSUPPORTED_VERSION');
  });
  test('if_tsresol finer than 1 ns: floor to ns, raw units kept; if_tsoffset applied', () => {
    const bytes = pcapng((w) => {
      w.addInterface({ linkType: 1, resolution: { base: 10, exponent: 12 } });
      w.addInterface({ linkType: 1, resolution: { base: 2, exponent: 10 }, tsOffset: -5n });
      w.writePacket({ data: new Uint8Array(1), timestamp: 1_234_567_891n });
      w.writePacket({ data: new Uint8Array(1), timestamp: 10_000_000_000n, interfaceId: 1 });
    });
    const [a, b] = Array.from(readCapture(bytes), (r) => [
      r.timestamp,
      r.timestampUnits,
      r.interface.unitsPerSecond,
    ]);
    expect(a).toEqual([1_234_567_891n, 1_234_567_891_000n, 10n ** 12n]);
    // 10 s - (-5 s) offset = 15 s of 1/1024 s units.
    expect(b).toEqual([10_000_000_000n, 15n * 1024n, 1024n]);
  });
  test('unknown blocks and options survive a rewrite', () => {
    const bytes = pcapng((w) => {
      w.writeUnknown({ blockType: 0x12345678, body: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) });
      w.addInterface({ linkType: 1, options: [{ code: 0x7777, value: Uint8Array.of(9, 9, 9) }] });
      w.writeStatistics({ interfaceId: 0, tsHigh: 1, tsLow: 2, options: [uint64Option(4, 42n, true)] });
    });
    const blocks: PcapngBlock[] = [];
    all(bytes, { onBlock: (b: PcapngBlock) => blocks.push(b) });
    expect(blocks.map((b) => b.type)).toEqual(['shb', 'unknown', 'idb', 'isb']);
    const unknown = blocks[1]!;
    expect(unknown.type === 'unknown' && [...unknown.body]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const idb = blocks[2]!;
    expect(idb.type === 'idb' && idb.options.map((o) => [o.code, [...o.value]])).toEqual([
      [0x7777, [9, 9, 9]],
    ]);
    const isb = blocks[3]!;
    expect(isb.type === 'isb' && isb.statistics.ifRecv).toBe(42n);
  });
  test('pcap FCS bits are masked off the link type', () => {
    const bytes = pcap(1, { linkType: 127, fcsLength: 4 });
    const reader = readCapture(bytes);
    expect([reader.pcapHeader!.linkType, reader.interfaces[0]!.fcsLength]).toEqual([127, 4]);
    expect(Array.from(reader, (r) => r.linkType)).toEqual([127]);
  });
});
