// Tests that need no privileges: libpcap's compiler against tcpdump, the dispatch-record walker,
// the program encoding and the backend's option checks.
import { spawnSync } from 'node:child_process';
import { createRecord, InvalidOptionError, recordBytes } from '@pktkit/capture-api';
import { describe, expect, it } from 'vitest';
import {
  compileFilter,
  decodeFilterProgram,
  encodeFilterProgram,
  indexRecords,
  PcapBackend,
  PcapRecordBatch,
} from '../src/index.js';

describe('compileFilter (pcap_compile on a dead handle)', () => {
  it.each(['udp port 53', 'ether proto 0x88b5', 'tcp[tcpflags] & tcp-syn != 0', 'vlan and ip'])(
    'gives the program tcpdump -ddd prints for %s',
    (expr) => {
      const tcpdump = spawnSync('tcpdump', ['-ddd', '-y', 'EN10MB', expr], { encoding: 'utf8' });
      expect(tcpdump.status).toBe(0);
      const [count, ...lines] = tcpdump.stdout.trim().split('\n');
      const expected = lines.map((l) => {
        const [code, jt, jf, k] = l.trim().split(/\s+/).map(Number);
        return { code, jt, jf, k };
      });
      expect(expected).toHaveLength(Number(count));
      expect(compileFilter(expr)).toEqual(expected);
    },
  );

  it('reports a syntax error from libpcap', () => {
    expect(() => compileFilter('udp port')).toThrow(/pcap_compile.*syntax error/);
  });
});

describe('program encoding', () => {
  it('is struct bpf_insn: u16 code, u8 jt, u8 jf, u32 k, little-endian', () => {
    const bytes = encodeFilterProgram([{ code: 0x15, jt: 1, jf: 2, k: 0x88b5 }]);
    expect(Buffer.from(bytes).toString('hex')).toBe('15000102b5880000');
    expect(decodeFilterProgram(bytes)).toEqual([{ code: 0x15, jt: 1, jf: 2, k: 0x88b5 }]);
    expect(() => encodeFilterProgram([])).toThrow(InvalidOptionError);
    expect(() => encodeFilterProgram([{ code: 0x10000, jt: 0, jf: 0, k: 0 }])).toThrow(InvalidOptionError);
  });
});

describe('dispatch records', () => {
  // Two records as native dispatch() writes them (hand-written): 24-byte header, data, 8-alignment.
  const buf = Buffer.from(
    [
      '05000000 3c000000 00f15365 00000000 15cd5b07 00000000', // caplen 5, wire 60, 1700000000 s, 123456789
      '0102030405 000000', // data + 3 pad bytes to 32
      '01000000 01000000 ffffffff ffffffff 00000000 00000000', // caplen 1, sec -1
      'aa',
    ]
      .join('')
      .replace(/\s/g, ''),
    'hex',
  );
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);

  it('walks records in place (no copy), nanosecond or microsecond fractions', () => {
    const offsets = indexRecords(bytes, bytes.length, new Int32Array(2));
    expect(Array.from(offsets.subarray(0, 3))).toEqual([2, 0, 32]);
    const nano = new PcapRecordBatch(bytes, offsets, { linkType: 1, ifindex: 9, nano: true });
    const r = createRecord();
    expect(nano.read(0, r)).toMatchObject({
      caplen: 5,
      wireLength: 60,
      tsSec: 1700000000,
      tsNsec: 123456789,
      offset: 24,
    });
    expect(r.buffer).toBe(bytes);
    expect(Array.from(recordBytes(r))).toEqual([1, 2, 3, 4, 5]);
    expect(nano.read(1, r)).toMatchObject({ caplen: 1, tsSec: -1, offset: 56, ifindex: 9 });
    const micro = new PcapRecordBatch(bytes, offsets, { linkType: 1, ifindex: 9, nano: false });
    expect(micro.read(1, r).tsNsec).toBe(0);
    micro.release();
    expect(() => micro.read(0)).toThrow(/released/);
    expect(() => nano.read(2)).toThrow(RangeError);
  });

  it('refuses a buffer whose records overrun it', () => {
    expect(() => indexRecords(bytes, bytes.length - 1, new Int32Array(4))).toThrow(/corrupt/);
    expect(() => indexRecords(bytes, 20, new Int32Array(4))).toThrow(/corrupt/);
  });
});

describe('PcapBackend', () => {
  it('is available here (libpcap linked) and rejects options libpcap cannot honour', async () => {
    const backend = new PcapBackend();
    expect(backend.availability()).toEqual({ available: true });
    await expect(backend.open({ device: 'lo', fanout: { group: 1, mode: 'hash' } })).rejects.toThrow(
      InvalidOptionError,
    );
  });
});
