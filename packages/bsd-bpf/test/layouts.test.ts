// Byte-exact read buffers for every supported layout, written out by hand from the C structs in
// FreeBSD's and macOS's <net/bpf.h> (offsets and padding computed on paper, not by the walker).
import { createRecord, recordBytes, recordTimestampNs } from '@pktkit/capture-api';
import { describe, expect, it } from 'vitest';
import {
  BpfBufferIndex,
  BpfRecordBatch,
  darwinHeaderLayout,
  freebsdExtendedLayout,
  freebsdHeaderLayout,
  layoutFor,
  wordAlign,
} from '../src/index.js';
import { concat, encodeBuffer, fromHex, payload } from './encode.js';

const DLT_EN10MB = 1;
const DLT_NULL = 0;

function walk(bytes: Uint8Array, layout = freebsdHeaderLayout(), length = bytes.length) {
  const batch = new BpfRecordBatch(bytes, length, { layout, linkType: DLT_EN10MB, ifindex: 3 });
  const r = createRecord();
  return Array.from({ length: batch.count }, (_, i) => {
    batch.read(i, r);
    return {
      offset: r.offset,
      caplen: r.caplen,
      wire: r.wireLength,
      ns: recordTimestampNs(r),
      bytes: Buffer.from(recordBytes(r)).toString('hex'),
    };
  });
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('layout table', () => {
  it('maps each OS/arch to the struct the kernel writes', () => {
    for (const arch of ['x64', 'arm64'] as const) {
      expect(layoutFor('freebsd', arch)).toEqual(freebsdHeaderLayout('micro'));
      expect(layoutFor('freebsd', arch, 'none')).toEqual(freebsdHeaderLayout('none'));
      expect(layoutFor('freebsd', arch, 'nano')).toEqual(freebsdExtendedLayout('nano'));
      expect(layoutFor('freebsd', arch, 'bintime')).toEqual(freebsdExtendedLayout('bintime'));
      expect(layoutFor('darwin', arch)).toEqual(darwinHeaderLayout());
    }
    // SIZEOF_BPF_HDR = offsetof(bh_hdrlen) + 2; alignment = BPF_ALIGNMENT.
    expect(freebsdHeaderLayout()).toMatchObject({ hdrlenOffset: 24, minHeaderLength: 26, alignment: 8 });
    expect(darwinHeaderLayout()).toMatchObject({ hdrlenOffset: 16, minHeaderLength: 18, alignment: 4 });
    expect(() => layoutFor('darwin', 'x64', 'nano')).toThrow(/microseconds only/);
    expect(() => layoutFor('freebsd', 'ia32' as 'x64')).toThrow(/unsupported architecture/);
    expect(() => layoutFor('linux' as 'freebsd', 'x64')).toThrow(/unsupported OS/);
  });

  it('BPF_WORDALIGN rounds up to 8 on FreeBSD and 4 on macOS', () => {
    expect([0, 1, 7, 8, 9, 86].map((x) => wordAlign(freebsdHeaderLayout(), x))).toEqual([0, 8, 8, 8, 16, 88]);
    expect([0, 1, 3, 4, 5, 59].map((x) => wordAlign(darwinHeaderLayout(), x))).toEqual([0, 4, 4, 4, 8, 60]);
  });
});

describe('FreeBSD amd64/arm64 bpf_hdr (struct timeval of two longs)', () => {
  // Ethernet: bh_hdrlen = BPF_WORDALIGN(14 + 26) - 14 = 26, so the IP header lands 8-aligned.
  const h1 = fromHex(
    '00f1536500000000 | 40e2010000000000 | 3c000000 | 3c000000 | 1a00', // 1700000000 s, 123456 us, 60/60, hdrlen 26
  );
  const d1 = payload(60, 1);
  const gap = fromHex('eeee'); // 26 + 60 = 86 → next record at 88: two pad bytes (any content)
  const h2 = fromHex(
    '01f1536500000000 | 0000000000000000 | 40000000 | ea050000 | 1a00', // +1 s, 0 us, caplen 64 of 1514
  );
  const d2 = payload(64, 2);
  const buffer = concat(h1, d1, gap, h2, d2); // the last record is not padded: read() ends at bd_slen

  it('walks two records, a full one and one truncated by snaplen, across the pad', () => {
    expect(buffer.length).toBe(178);
    expect(walk(buffer)).toEqual([
      { offset: 26, caplen: 60, wire: 60, ns: 1700000000_123456000n, bytes: hex(d1) },
      { offset: 114, caplen: 64, wire: 1514, ns: 1700000001_000000000n, bytes: hex(d2) },
    ]);
  });

  it('matches the test encoder byte for byte', () => {
    const layout = freebsdHeaderLayout();
    const encoded = encodeBuffer(
      layout,
      [
        { sec: 1700000000, frac: 123456, data: d1, wireLength: 60 },
        { sec: 1700000001, frac: 0, data: d2, wireLength: 1514 },
      ],
      0xee,
    );
    expect(hex(encoded)).toBe(hex(buffer));
  });

  it('reads BPF_T_NONE headers as zero timestamps', () => {
    const records = walk(buffer, freebsdHeaderLayout('none'));
    expect(records.map((r) => r.ns)).toEqual([0n, 0n]);
  });
});

describe('FreeBSD bpf_xhdr (struct bpf_ts: int64 sec + uint64 frac)', () => {
  // DLT_NULL (4-byte link header): bh_hdrlen = BPF_WORDALIGN(4 + 26) - 4 = 28: two pad bytes
  // between the 26-byte header and the packet.
  const h1 = fromHex('01f1536500000000 | ffc99a3b00000000 | 18000000 | 18000000 | 1c00 | 0000');
  const d1 = payload(24, 3);
  const gap = fromHex('0000 0000'); // 28 + 24 = 52 → next at 56
  const h2 = fromHex('02f1536500000000 | 0100000000000000 | 04000000 | 00010000 | 1c00 | 0000');
  const d2 = payload(4, 4);

  it('BIOCSTSTAMP BPF_T_NANOTIME: bt_frac is nanoseconds', () => {
    const buffer = concat(h1, d1, gap, h2, d2);
    expect(walk(buffer, freebsdExtendedLayout('nano'))).toEqual([
      { offset: 28, caplen: 24, wire: 24, ns: 1700000001_999999999n, bytes: hex(d1) },
      { offset: 84, caplen: 4, wire: 256, ns: 1700000002_000000001n, bytes: hex(d2) },
    ]);
  });

  it('BIOCSTSTAMP BPF_T_BINTIME: bt_frac is 2^-64 s, converted as bintime2timespec does', () => {
    const half = fromHex('0000000000000000 | 0000000000000080 | 00000000 | 00000000 | 1a00'); // frac 2^63
    const almost = fromHex('0000000000000000 | ffffffffffffffff | 00000000 | 00000000 | 1a00');
    const buffer = concat(half, fromHex('000000000000'), almost);
    const layout = freebsdExtendedLayout('bintime');
    expect(walk(buffer, layout).map((r) => r.ns)).toEqual([500_000_000n, 999_999_999n]);
  });

  it('a nanosecond fraction of 1e9 is rejected', () => {
    const bad = fromHex('0000000000000000 | 00ca9a3b00000000 | 00000000 | 00000000 | 1a00');
    expect(() => walk(bad, freebsdExtendedLayout('nano'))).toThrow(/timestamp/);
  });
});

describe('macOS x64/arm64 bpf_hdr (struct timeval32, BPF_ALIGNMENT 4)', () => {
  // Ethernet: bh_hdrlen = BPF_WORDALIGN(14 + 18) - 14 = 18.
  const h1 = fromHex('00f15365 | 20a10700 | 29000000 | 29000000 | 1200'); // 500000 us, 41 bytes
  const d1 = payload(41, 5);
  const gap = fromHex('ab'); // 18 + 41 = 59 → next at 60
  // An extended header (BIOCSEXTHDR, struct bpf_hdr_ext): bh_hdrlen 62 as macOS writes for
  // Ethernet; the bytes after bh_hdrlen (flags, pid, comm…) are skipped, not interpreted.
  const h2 = concat(
    fromHex('ffffff7f | 3f420f00 | 0e000000 | dc050000 | 3e00'),
    new Uint8Array(44).fill(0x5a),
  );
  const d2 = payload(14, 6);

  it('walks a plain and an extended header, 4-byte aligned', () => {
    const buffer = concat(h1, d1, gap, h2, d2);
    expect(walk(buffer, darwinHeaderLayout())).toEqual([
      { offset: 18, caplen: 41, wire: 41, ns: 1700000000_500000000n, bytes: hex(d1) },
      { offset: 122, caplen: 14, wire: 1500, ns: 2147483647_999999000n, bytes: hex(d2) },
    ]);
  });

  it('matches the test encoder byte for byte', () => {
    const encoded = encodeBuffer(darwinHeaderLayout(), [
      { sec: 1700000000, frac: 500000, data: d1, wireLength: 41 },
    ]);
    expect(hex(encoded)).toBe(hex(concat(h1, d1)));
  });

  it('the same bytes read with the FreeBSD layout are rejected, not misread', () => {
    expect(() => walk(concat(h1, d1), freebsdHeaderLayout())).toThrow(/malformed/);
  });
});

describe('zero copy and batch contract', () => {
  const layout = darwinHeaderLayout();
  const buffer = encodeBuffer(layout, [
    { sec: 1, frac: 2, data: payload(20, 1), wireLength: 20 },
    { sec: 3, frac: 4, data: payload(21, 2), wireLength: 99 },
  ]);

  it('records point into the read buffer itself', () => {
    const batch = new BpfRecordBatch(buffer, buffer.length, { layout, linkType: DLT_NULL, ifindex: 7 });
    const r = batch.read(1);
    expect(r.buffer).toBe(buffer);
    expect(r).toMatchObject({ ifindex: 7, linkType: DLT_NULL, direction: 255, caplen: 21, wireLength: 99 });
    buffer[r.offset]! ^= 0xff; // a write to the buffer shows through the record: no copy was made
    expect(recordBytes(r)[0]).toBe(buffer[r.offset]);
    buffer[r.offset]! ^= 0xff;
  });

  it('reuses the caller record, rejects bad indexes, and releases once', () => {
    let releases = 0;
    const batch = new BpfRecordBatch(buffer, buffer.length, { layout, linkType: 1, ifindex: 0 }, () => {
      releases++;
    });
    const mine = createRecord();
    expect(batch.read(0, mine)).toBe(mine);
    expect(() => batch.read(2)).toThrow(RangeError);
    expect(() => batch.read(-1)).toThrow(RangeError);
    expect(() => batch.read(0.5)).toThrow(RangeError);
    batch.release();
    batch.release();
    expect(releases).toBe(1);
    expect(batch.count).toBe(0);
    expect(() => batch.read(0)).toThrow(/released/);
  });

  it('a reused index grows past its initial capacity and indexes an empty read as zero records', () => {
    const many = encodeBuffer(
      layout,
      Array.from({ length: 200 }, (_, i) => ({ sec: i, frac: i, data: payload(i % 9, i), wireLength: 9 })),
    );
    const index = new BpfBufferIndex();
    expect(index.scan(many, many.length, layout)).toBe(200);
    expect(index.tsSec[199]).toBe(199);
    expect(index.scan(many, 0, layout)).toBe(0);
  });
});
