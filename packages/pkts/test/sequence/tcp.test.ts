// Synthetic adversarial suite for TCP reassembly: sequence wrap, retransmissions with different
// data, keep-alives, zero-window probes, FIN/RST, timeouts, memory caps and connection floods,
// and randomized shuffling/duplication/loss of a real stream (fast-check).

import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SequenceConfigError,
  seqDiff,
  seqLt,
  TCP_ACK,
  TCP_FIN,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
  TcpReassembler,
} from '../../src/sequence/index.js';
import { corpusDir } from './oracle.js';
import { reassembleFile } from './streams.js';
import { type Item, Recorder, render, segment } from './tcp-helpers.js';

const enc = new TextEncoder();
const hexOf = (s: string): string => Buffer.from(s).toString('hex');

describe('RFC 1982 serial arithmetic', () => {
  it('orders across the wrap', () => {
    expect(seqLt(0xfffffff0, 0x10)).toBe(true);
    expect(seqLt(0x10, 0xfffffff0)).toBe(false);
    expect(seqDiff(0x10, 0xfffffff0)).toBe(0x20);
    expect(seqDiff(0xfffffff0, 0x10)).toBe(-0x20);
  });
});

describe('sequence wrap at 2^32', () => {
  for (const dir of [0, 1] as const) {
    it(`reassembles across the wrap from the ${dir === 0 ? 'client' : 'server'}, in and out of order`, () => {
      const rec = new Recorder();
      const r = new TcpReassembler(rec);
      const isnC = dir === 0 ? 0xfffffff0 : 1000;
      const isnS = dir === 1 ? 0xfffffffa : 5000;
      r.push(segment({ dir: 0, seq: isnC, flags: TCP_SYN }));
      r.push(segment({ dir: 1, seq: isnS, ack: isnC + 1, flags: TCP_SYN | TCP_ACK }));
      const isn = dir === 0 ? isnC : isnS;
      const chunks = ['0123456789', 'abcdefghij', 'KLMNOPQRST', 'uvwxyz'];
      let seq = (isn + 1) >>> 0;
      const segs = chunks.map((c) => {
        const s = segment({ dir, seq, data: enc.encode(c), flags: TCP_ACK | TCP_PSH });
        seq = (seq + c.length) >>> 0;
        return s;
      });
      // Deliver the segments straddling the wrap out of order.
      for (const i of [0, 2, 1, 3]) r.push(segs[i] as ReturnType<typeof segment>);
      r.flush();
      const items = rec.streams.get(0)?.[dir] ?? [];
      expect(render(items)).toBe(hexOf(chunks.join('')));
      // And no gap was invented at the wrap.
      expect(items.some((i) => 'gap' in i)).toBe(false);
    });
  }

  it('picks up mid-stream just before the wrap', () => {
    const rec = new Recorder();
    const r = new TcpReassembler(rec);
    r.push(segment({ dir: 0, seq: 0xfffffffe, data: enc.encode('abcd') }));
    r.push(segment({ dir: 0, seq: 6, data: enc.encode('ij') }));
    r.push(segment({ dir: 0, seq: 2, data: enc.encode('efgh') }));
    r.flush();
    expect(render(rec.streams.get(0)?.[0] ?? [])).toBe(hexOf('abcdefghij'));
  });
});

describe('retransmissions, overlaps and anomalies', () => {
  it('keeps the first bytes and reports retransmissions whose data differs', () => {
    const rec = new Recorder();
    const r = new TcpReassembler(rec, { historyBytes: 1024 });
    r.push(segment({ dir: 0, seq: 100, flags: TCP_SYN }));
    r.push(segment({ dir: 0, seq: 101, data: enc.encode('hello ') }));
    r.push(segment({ dir: 0, seq: 101, data: enc.encode('hello ') })); // same: fine
    r.push(segment({ dir: 0, seq: 101, data: enc.encode('HELLO ') })); // differs
    // Out-of-order overlap with different data.
    r.push(segment({ dir: 0, seq: 113, data: enc.encode('world') }));
    r.push(segment({ dir: 0, seq: 113, data: enc.encode('WORLD') }));
    r.push(segment({ dir: 0, seq: 107, data: enc.encode('there ') }));
    r.flush();
    expect(render(rec.streams.get(0)?.[0] ?? [])).toBe(hexOf('hello there world'));
    expect(rec.anomalies).toEqual(['inconsistent-overlap', 'inconsistent-overlap']);
    const half = r.connections().length === 0 ? null : r.connections()[0];
    expect(half).toBeNull();
  });

  it('delivers gaps as explicit markers, never zero bytes', () => {
    const rec = new Recorder();
    const r = new TcpReassembler(rec);
    r.push(segment({ dir: 0, seq: 0, flags: TCP_SYN }));
    r.push(segment({ dir: 0, seq: 1, data: enc.encode('aaaa') }));
    r.push(segment({ dir: 0, seq: 9, data: enc.encode('cccc') }));
    r.flush();
    const items = rec.streams.get(0)?.[0] as Item[];
    expect(render(items)).toBe(`${hexOf('aaaa')}|[gap 4]|${hexOf('cccc')}`);
  });

  it('delivers in-order data without copying (a view of the packet bytes)', () => {
    const rec = new Recorder();
    const r = new TcpReassembler(rec);
    const packet = enc.encode('zero-copy payload');
    r.push(segment({ dir: 0, seq: 10, flags: TCP_SYN }));
    r.push(segment({ dir: 0, seq: 11, data: packet }));
    expect(rec.views[0]).toBe(packet);
  });

  it('recognises keep-alives and zero-window probes', () => {
    const rec = new Recorder();
    const r = new TcpReassembler(rec);
    r.push(segment({ dir: 0, seq: 0, flags: TCP_SYN }));
    r.push(segment({ dir: 1, seq: 500, ack: 1, flags: TCP_SYN | TCP_ACK }));
    r.push(segment({ dir: 0, seq: 1, data: enc.encode('ab') }));
    r.push(segment({ dir: 0, seq: 2, data: enc.encode('b') })); // keep-alive: 1 byte at next-1
    r.push(segment({ dir: 0, seq: 2, data: new Uint8Array(0) })); // keep-alive without data
    r.push(segment({ dir: 1, seq: 501, ack: 3, window: 0 })); // server closes its window
    r.push(segment({ dir: 0, seq: 3, data: enc.encode('c') })); // zero-window probe
    r.push(segment({ dir: 0, seq: 3, data: enc.encode('cd') })); // the byte again, then more
    const conn = r.connections()[0];
    expect(conn?.halves[0].keepAlives).toBe(1);
    expect(conn?.halves[0].zeroWindowProbes).toBe(1);
    r.flush();
    expect(render(rec.streams.get(0)?.[0] ?? [])).toBe(hexOf('abcd'));
  });

  it('drops and reports data after FIN', () => {
    const rec = new Recorder();
    const r = new TcpReassembler(rec);
    r.push(segment({ dir: 0, seq: 0, flags: TCP_SYN }));
    r.push(segment({ dir: 0, seq: 1, data: enc.encode('last'), flags: TCP_ACK | TCP_FIN }));
    r.push(segment({ dir: 0, seq: 6, data: enc.encode('more') }));
    r.flush();
    expect(render(rec.streams.get(0)?.[0] ?? [])).toBe(hexOf('last'));
    expect(rec.anomalies).toEqual(['data-after-fin']);
    expect(r.stats().connections).toBe(0);
  });

  it('starts a new connection when a SYN with another ISN reuses the tuple', () => {
    const rec = new Recorder();
    const r = new TcpReassembler(rec);
    r.push(segment({ dir: 0, seq: 0, flags: TCP_SYN }));
    r.push(segment({ dir: 0, seq: 1, data: enc.encode('one') }));
    r.push(segment({ dir: 0, seq: 4, flags: TCP_RST }));
    r.push(segment({ dir: 0, seq: 9000, flags: TCP_SYN }));
    r.push(segment({ dir: 0, seq: 9001, data: enc.encode('two') }));
    r.flush();
    expect(rec.closes).toEqual(['reused', 'end']);
    expect(render(rec.streams.get(1)?.[0] ?? [])).toBe(hexOf('two'));
  });

  it('flushes on capture-time timeout with the gap', () => {
    const rec = new Recorder();
    const r = new TcpReassembler(rec, { idleTimeout: 60_000_000_000n });
    r.push(segment({ dir: 0, seq: 0, flags: TCP_SYN, ts: 0n }));
    r.push(segment({ dir: 0, seq: 5, data: enc.encode('late'), ts: 1_000_000_000n }));
    expect(rec.streams.get(0)).toBeUndefined();
    // Another connection's packet 2 minutes later expires the first.
    r.push(segment({ dir: 0, seq: 0, flags: TCP_SYN, ts: 121_000_000_000n, clientPort: 40001 }));
    expect(rec.closes).toEqual(['timeout']);
    expect(render(rec.streams.get(0)?.[0] ?? [])).toBe(`[gap 4]|${hexOf('late')}`);
  });

  it('rejects bad options with typed errors', () => {
    expect(() => new TcpReassembler({}, { maxConnections: 0 })).toThrow(SequenceConfigError);
    expect(() => new TcpReassembler({}, { idleTimeout: -1n })).toThrow(SequenceConfigError);
  });
});

describe('bounded memory', () => {
  it('1M half-open connections never exceed the connection cap', () => {
    const cap = 50_000;
    const r = new TcpReassembler({}, { maxConnections: cap });
    const addrs = new Uint8Array(8);
    const seg = segment({ dir: 0, seq: 0, flags: TCP_SYN, addrs });
    for (let i = 0; i < 1_000_000; i++) {
      // A SYN flood from spoofed sources: every SYN is a new half-open connection.
      addrs[0] = 10;
      addrs[1] = (i >>> 16) & 0xff;
      addrs[2] = (i >>> 8) & 0xff;
      addrs[3] = i & 0xff;
      seg.seq = (i * 2654435761) >>> 0;
      seg.srcPort = 1024 + (i % 50000);
      r.push(seg);
      if ((i & 0x3fff) === 0) expect(r.stats().connections).toBeLessThanOrEqual(cap);
    }
    const s = r.stats();
    expect(s.peakConnections).toBe(cap);
    expect(s.connectionsOpened).toBe(1_000_000);
    expect(s.connectionsEvicted).toBe(1_000_000 - cap);
  }, 120_000);

  it('out-of-order buffers stay under the per-connection and global caps', () => {
    const rec = new Recorder();
    const perConn = 64 * 1024;
    const total = 256 * 1024;
    const r = new TcpReassembler(rec, { maxBufferedPerConnection: perConn, maxBufferedTotal: total });
    const payload = new Uint8Array(1400).fill(0x41);
    for (let c = 0; c < 20; c++) {
      r.push(segment({ dir: 0, seq: 0, flags: TCP_SYN, clientPort: 2000 + c }));
      // Every segment leaves a hole before it: nothing is ever in order.
      for (let k = 0; k < 100; k++) {
        r.push(segment({ dir: 0, seq: 2 + k * 1500, data: payload, clientPort: 2000 + c }));
        const st = r.stats();
        expect(st.bufferedBytes).toBeLessThanOrEqual(total);
        for (const conn of r.connections()) expect(conn.bufferedBytes).toBeLessThanOrEqual(perConn);
      }
    }
    expect(r.stats().peakBufferedBytes).toBeLessThanOrEqual(total);
    expect(rec.anomalies.filter((a) => a === 'buffer-evicted').length).toBeGreaterThan(0);
  });
});

describe('randomized shuffling, duplication and loss of a real stream (fast-check)', () => {
  // A real byte stream: the server side of an HTTP download from Zeek's traces.
  const records = reassembleFile(join(corpusDir, 'zeek', 'http_get.pcap'));
  const real = records
    .flatMap((rc) => rc.dirs)
    .map((d) => d.filter((c) => !c.startsWith('[')).join(''))
    .sort((a, b) => b.length - a.length)[0] as string;
  const stream = new Uint8Array(Buffer.from(real, 'hex')).subarray(0, 20_000);

  it('uses a real stream of useful size', () => {
    expect(stream.length).toBeGreaterThan(1000);
  });

  it('reassembles to the original bytes plus exactly the gaps of the lost segments', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1460 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.array(fc.nat(), { maxLength: 200 }),
        fc.func(fc.integer({ min: 0, max: 9 })),
        (sizes, isn, order, fate) => {
          // Cut the stream into segments.
          const segs: { off: number; len: number }[] = [];
          let off = 0;
          for (let i = 0; off < stream.length; i++) {
            const len = Math.min(sizes[i % sizes.length] as number, stream.length - off);
            segs.push({ off, len });
            off += len;
          }
          // Fate per segment: 0 lost, 1 duplicated, else sent once. The last is always sent, so
          // every loss is followed by data and shows as a gap.
          const fates = segs.map((_, i) => (i === segs.length - 1 ? 5 : fate(i)));
          const sent: number[] = [];
          fates.forEach((f, i) => {
            if (f === 0) return;
            sent.push(i);
            if (f === 1) sent.push(i);
          });
          // Shuffle with the generated keys.
          const keyed = sent.map((s, i) => ({ s, k: order[i % Math.max(1, order.length)] ?? 0, i }));
          keyed.sort((a, b) => a.k - b.k || a.i - b.i);
          const rec = new Recorder();
          const r = new TcpReassembler(rec);
          r.push(segment({ dir: 0, seq: isn, flags: TCP_SYN }));
          for (const { s } of keyed) {
            const g = segs[s] as { off: number; len: number };
            r.push(
              segment({ dir: 0, seq: (isn + 1 + g.off) >>> 0, data: stream.subarray(g.off, g.off + g.len) }),
            );
          }
          r.flush();
          const expected: Item[] = segs.map((g, i) =>
            fates[i] === 0 ? { gap: g.len } : { data: stream.subarray(g.off, g.off + g.len) },
          );
          expect(render(rec.streams.get(0)?.[0] ?? [])).toBe(render(expected));
          expect(r.stats().bufferedBytes).toBe(0);
        },
      ),
      { numRuns: 150, seed: 0x5eed },
    );
  });
});
