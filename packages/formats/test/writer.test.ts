import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  CaptureFormatError,
  decodeFlags,
  MemorySink,
  type PcapngBlock,
  PcapngWriter,
  PcapWriter,
  type PcapWriterOptions,
  readCapture,
  textOption,
  uint32Option,
  uint64Option,
} from '../src/index.js';
import { fnv1a64, runLibpcap } from './helpers/libpcap.js';
import { runTshark } from './helpers/tshark.js';

const dir = mkdtempSync(join(tmpdir(), 'pktkit-writer-'));
const packets = [0, 1, 2, 3, 4].map((i) => ({
  data: Uint8Array.from({ length: 60 + i * 37 }, (_, j) => (i * 31 + j) & 0xff),
  timestamp: 1_700_000_000_123_456_789n + BigInt(i) * 1_000_000_333n,
  originalLength: 60 + i * 37 + (i % 2) * 100,
}));

function writePcap(options: PcapWriterOptions): Uint8Array {
  const sink = new MemorySink();
  const writer = new PcapWriter(sink, options);
  for (const p of packets) writer.writePacket(p);
  void writer.flush();
  return sink.bytes();
}

describe('PcapWriter', () => {
  const variants: PcapWriterOptions[] = [
    {},
    { nanosecond: true },
    { littleEndian: false },
    { nanosecond: true, littleEndian: false, snaplen: 1000 },
    { linkType: 105, fcsLength: 4 },
    { modified: true },
  ];

  test('every variant is read by libpcap exactly as written', async () => {
    const paths = variants.map((v, i) => {
      const path = join(dir, `variant-${i}.pcap`);
      writeFileSync(path, writePcap(v));
      return path;
    });
    const results = await runLibpcap(paths);
    for (const [i, v] of variants.entries()) {
      const r = results.get(paths[i]!)!;
      expect(r.error).toBe('');
      expect(r.linkType).toBe(v.linkType ?? 1);
      expect(r.frames.map((f) => [f.ns, f.capLen, f.len, f.fnv])).toEqual(
        packets.map((p) => [
          v.nanosecond ? p.timestamp : (p.timestamp / 1000n) * 1000n,
          p.data.length,
          p.originalLength,
          fnv1a64(p.data),
        ]),
      );
    }
  });

  test('header words: magic, byte order, FCS bits in the link-type word', () => {
    const be = writePcap({ littleEndian: false, nanosecond: true });
    expect(Buffer.from(be.subarray(0, 4)).toString('hex')).toBe('a1b23c4d');
    const fcs = readCapture(writePcap({ linkType: 105, fcsLength: 4 }));
    expect(fcs.pcapHeader!.linkTypeWord).toBe(0x24000069);
    expect(fcs.pcapHeader!.fcsLength).toBe(4);
    expect(fcs.interfaces[0]!.fcsLength).toBe(4);
    expect(() => writePcap({ fcsLength: 3 })).toThrow(CaptureFormatError);
  });
});

describe('PcapngWriter', () => {
  test('interfaces with any tsresol and tsoffset, EPB options, NRB/ISB/DSB/custom: tshark reads them back', async () => {
    const sink = new MemorySink();
    const w = new PcapngWriter(sink, { littleEndian: false });
    w.writeSectionHeader({ options: [textOption(4, 'pktkit test')] });
    const ns = w.addInterface({
      linkType: 1,
      name: 'ns0',
      description: 'nanoseconds',
      resolution: { base: 10, exponent: 9 },
    });
    const bin = w.addInterface({
      linkType: 1,
      name: 'bin0',
      resolution: { base: 2, exponent: 30 },
      tsOffset: 100n,
    });
    const us = w.addInterface({ linkType: 101, name: 'raw0', snaplen: 1500, fcsLength: 0 });
    w.writeNameResolution({
      // Big-endian nrb_record_ipv4 (10.0.0.1 "host"), padding, nrb_record_end.
      rawRecords: Uint8Array.from([0, 1, 0, 9, 10, 0, 0, 1, 104, 111, 115, 116, 0, 0, 0, 0, 0, 0, 0, 0]),
      options: [],
    });
    for (const [i, p] of packets.entries()) {
      const id = [ns, bin, us][i % 3]!;
      w.writePacket({
        ...p,
        interfaceId: id,
        options: [
          textOption(1, `comment ${i}`),
          uint32Option(2, 0x00000001 | (i << 2), false),
          uint64Option(4, BigInt(i * 10), false),
          uint64Option(5, BigInt(1000 + i), false),
          uint32Option(6, i, false),
        ],
      });
    }
    w.writeStatistics({ interfaceId: 0, tsHigh: 0, tsLow: 0, options: [uint64Option(4, 5n, false)] });
    w.writeSecrets({
      secretsType: 0x544c534b,
      data: new TextEncoder().encode('CLIENT_RANDOM x y\n'),
      options: [],
    });
    w.writeCustom({ blockType: 0xbad, pen: 32473, body: Uint8Array.of(1, 2, 3) });
    await w.flush();
    const bytes = sink.bytes();
    const path = join(dir, 'written.pcapng');
    writeFileSync(path, bytes);

    // Our reader: exact times for every resolution, options decoded.
    const blocks: PcapngBlock[] = [];
    const seen = Array.from(readCapture(bytes, { strict: true, onBlock: (b) => blocks.push(b) }), (r) => ({
      ts: r.timestamp,
      id: r.interfaceId,
      o: r.packetOptions,
    }));
    expect(seen.map((s) => s.id)).toEqual([0, 1, 2, 0, 1]);
    expect(blocks.map((b) => b.type)).toEqual(['shb', 'idb', 'idb', 'idb', 'nrb', 'isb', 'dsb', 'custom']);
    const nrb = blocks[4]!;
    expect(nrb.type === 'nrb' && nrb.records.map((r) => [[...(r.address ?? [])], r.names])).toEqual([
      [[10, 0, 0, 1], ['host']],
    ]);
    const isb = blocks[5]!;
    expect(isb.type === 'isb' && isb.statistics.ifRecv).toBe(5n);
    const dsb = blocks[6]!;
    expect(dsb.type === 'dsb' && new TextDecoder().decode(dsb.data)).toBe('CLIENT_RANDOM x y\n');
    const custom = blocks[7]!;
    expect(custom.type === 'custom' && [custom.pen, custom.copyable, [...custom.body]]).toEqual([
      32473,
      true,
      [1, 2, 3, 0],
    ]);
    for (const [i, s] of seen.entries()) {
      expect(s.o.comments).toEqual([`comment ${i}`]);
      expect(s.o.flags).toEqual(decodeFlags(1 | (i << 2)));
      expect(s.o.packetId).toBe(BigInt(1000 + i));
      expect(s.o.queue).toBe(i);
    }
    // Binary 2^-30 units round down to the nanosecond; decimal ones are exact.
    expect(seen[0]!.ts).toBe(packets[0]!.timestamp);
    expect(seen[2]!.ts).toBe((packets[2]!.timestamp / 1000n) * 1000n);
    expect(packets[1]!.timestamp - seen[1]!.ts).toBeLessThanOrEqual(1n);

    // tshark: same packets, times, comments, flags, interface names.
    const t = await runTshark(path);
    expect(t.error).toBe('');
    const frames = t.frames.filter((f) => f.encap !== '');
    expect(frames.map((f) => [f.interfaceId, f.ifName, f.comment, f.flags, f.packetId, f.queue])).toEqual(
      seen.map((s, i) => [
        String(s.id),
        ['ns0', 'bin0', 'raw0'][s.id],
        `comment ${i}`,
        `0x${(1 | (i << 2)).toString(16).padStart(8, '0')}`,
        String(1000 + i),
        String(i),
      ]),
    );
    for (const [i, f] of frames.entries()) {
      const ts = seen[i]!.ts;
      // tshark rounds binary fractions its own way; the decimal ones must match to the ns.
      if (seen[i]!.id !== 1)
        expect(f.time).toBe(`${ts / 1_000_000_000n}.${String(ts % 1_000_000_000n).padStart(9, '0')}`);
    }
  }, 60_000);

  test('writeRecord across byte orders re-encodes options', () => {
    const src = new MemorySink();
    const w = new PcapngWriter(src, { littleEndian: true });
    w.addInterface({ linkType: 1 });
    w.writePacket({
      data: new Uint8Array(10),
      timestamp: 5_000_000_000n,
      options: [uint32Option(2, 2, true)],
    });
    void w.flush();
    const dst = new MemorySink();
    const be = new PcapngWriter(dst, { littleEndian: false });
    const reader = readCapture(src.bytes(), { onBlock: (b) => b.type === 'idb' && be.writeBlock(b) });
    for (const r of reader) be.writeRecord(r);
    void be.flush();
    const back = Array.from(readCapture(dst.bytes()), (r) => [r.timestamp, r.packetOptions.flags?.direction]);
    expect(back).toEqual([[5_000_000_000n, 2]]);
  });
});

describe('a writer killed with SIGKILL', () => {
  for (const format of ['pcap', 'pcapng'] as const) {
    test(`${format}: leaves a file readable up to its last complete record`, async () => {
      const path = join(dir, `killed.${format}`);
      const child = spawn(process.execPath, [join(__dirname, 'helpers/kill-writer.mjs'), path, format]);
      let flushed = 0;
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          const lines = chunk.toString().trim().split('\n');
          flushed = Number(lines[lines.length - 1]);
          if (flushed >= 3000) {
            child.kill('SIGKILL');
            resolve();
          }
        });
      });
      await new Promise((resolve) => child.on('exit', resolve));
      const bytes = new Uint8Array(readFileSync(path));
      let count = 0;
      for (const r of readCapture(bytes)) {
        expect(r.truncated).toBe(false);
        expect(r.data[0]).toBe(count & 0xff);
        expect(r.captureLength).toBe(60 + (count % 1400));
        count++;
      }
      expect(count).toBeGreaterThanOrEqual(flushed);
      // Whole records only: the strict reader agrees.
      expect(Array.from(readCapture(bytes, { strict: true })).length).toBe(count);
    }, 60_000);
  }
});
