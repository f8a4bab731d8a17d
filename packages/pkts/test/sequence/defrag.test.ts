// Synthetic adversarial suite for IPv4/IPv6 defragmentation.
//
// Overlap policies: the fragment pattern and expected outputs are those of Novak & Sturges,
// "Target-Based Fragmentation Reassembly" (Sourcefire, 2005) — 9 original fragments, then 7
// overlapping ones, then the last — in the form Suricata's defrag unit tests use them
// (DefragSturgesNovak*Test, src/defrag.c, 2024 revision, which corrected earlier tables). BSD-right
// is not in those tests: its expectation below is derived by hand from its rule (Snort frag3's
// "favor new fragments unless the existing one ends after the new one") and marked as such.
import { describe, expect, it } from 'vitest';
import {
  type DefragEvent,
  Defragmenter,
  DefragResult,
  OVERLAP_POLICIES,
  type OverlapPolicy,
  SequenceConfigError,
} from '../../src/sequence/index.js';
import { fill, ipv4, ipv6Fragment, text } from './build.js';

/** [character, offset, length, more fragments] in the order sent. */
const NOVAK: readonly [string, number, number, boolean][] = [
  ['A', 0, 24, true],
  ['B', 32, 16, true],
  ['C', 48, 24, true],
  ['D', 80, 8, true],
  ['E', 104, 16, true],
  ['F', 120, 24, true],
  ['G', 144, 16, true],
  ['H', 160, 16, true],
  ['I', 176, 8, true],
  ['J', 8, 32, true],
  ['K', 48, 24, true],
  ['L', 72, 24, true],
  ['M', 96, 24, true],
  ['N', 128, 8, true],
  ['O', 152, 8, true],
  ['P', 160, 8, true],
  ['Q', 176, 16, false],
];

/** Expected 192-byte payloads, one letter per 8 bytes. */
const EXPECTED: Record<OverlapPolicy, string> = {
  bsd: 'AAAJJBCCCLLLMMMFFFGGHHIQ',
  linux: 'AAAJJBKKKLLLMMMFFFGGPHQQ',
  windows: 'AAAJBBCCCLLLMEEFFFGGHHIQ',
  solaris: 'AAAJBBCCCLLLMMMFFFGGHHIQ',
  first: 'AAAJBBCCCLDLMEEFFFGGHHIQ',
  last: 'AJJJJBKKKLLLMMMFNFGOPHQQ',
  // Derived from the rule: J wins over A's tail (ends after it) and over B's head (starts before
  // it); K ties C in start and end so C stays; N, O lie inside F and G; P starts with H but ends
  // first so H stays; Q starts with I and ends after it, so Q wins.
  'bsd-right': 'AJJJJBCCCLLLMMMFFFGGHHQQ',
};

function blocks(s: string): string {
  return [...s].map((c) => c.repeat(8)).join('');
}

function runNovak(policy: OverlapPolicy, events: DefragEvent[] = []): Uint8Array | null {
  const d = new Defragmenter({ policy, event: (e) => events.push(e) });
  let out: Uint8Array | null = null;
  for (const [ch, offset, len, more] of NOVAK) {
    const pkt = ipv4({ id: 1, offset, more, payload: fill(ch, len) });
    const r = d.push(pkt, 0, pkt.length, 1n);
    if (r === DefragResult.Complete) out = d.datagram;
    else expect(r).toBe(DefragResult.Held);
  }
  return out;
}

describe('IPv4 overlap policies on the Novak/Sturges fragment pattern', () => {
  for (const policy of OVERLAP_POLICIES) {
    it(`${policy}`, () => {
      const events: DefragEvent[] = [];
      const out = runNovak(policy, events);
      expect(out).not.toBeNull();
      const dg = out as Uint8Array;
      expect(dg.length).toBe(20 + 192);
      expect(text(dg.subarray(20))).toBe(blocks(EXPECTED[policy]));
      // Every overlapping fragment carries different letters: conflicts are reported.
      expect(events.filter((e) => e.kind === 'overlap-conflict').length).toBeGreaterThanOrEqual(7);
      // The rebuilt header: total length, no MF/offset, valid checksum.
      expect((dg[2] as number) * 256 + (dg[3] as number)).toBe(212);
      expect(dg[6] as number & 0x3f).toBe(0);
      expect(dg[7]).toBe(0);
      let sum = 0;
      for (let i = 0; i < 20; i += 2) sum += (dg[i] as number) * 256 + (dg[i + 1] as number);
      while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
      expect(sum).toBe(0xffff);
    });
  }

  it('rejects an unknown policy with a typed error', () => {
    expect(() => new Defragmenter({ policy: 'macos' as OverlapPolicy })).toThrow(SequenceConfigError);
  });
});

describe('IPv4 defragmentation', () => {
  it('reassembles out of order and keeps IP options of the first fragment (IHL-aware)', () => {
    const options = new Uint8Array([0x94, 0x04, 0, 0, 1, 1, 1, 0]); // router alert, NOPs, EOL
    const payload = new Uint8Array(3000).map((_, i) => i & 0xff);
    const d = new Defragmenter();
    const frags = [
      ipv4({ id: 7, offset: 1480, more: true, payload: payload.subarray(1480, 2960), options }),
      ipv4({ id: 7, offset: 2960, more: false, payload: payload.subarray(2960), options }),
      ipv4({ id: 7, offset: 0, more: true, payload: payload.subarray(0, 1480), options }),
    ];
    const results = frags.map((f) => d.push(f, 0, f.length, 5n));
    expect(results).toEqual([DefragResult.Held, DefragResult.Held, DefragResult.Complete]);
    expect(d.datagram[0]).toBe(0x47);
    expect([...d.datagram.subarray(20, 28)]).toEqual([...options]);
    expect(d.datagram.subarray(28)).toEqual(payload);
    expect(d.stats().datagrams).toBe(0);
    expect(d.stats().bytes).toBe(0);
  });

  it('keys datagrams by addresses, protocol, id and link context', () => {
    const d = new Defragmenter();
    const a = ipv4({ id: 9, offset: 0, more: true, payload: fill('a', 8) });
    const b = ipv4({ id: 9, offset: 8, more: false, payload: fill('b', 8) });
    const bOther = ipv4({ id: 9, offset: 8, more: false, payload: fill('x', 8), proto: 17 });
    expect(d.push(a, 0, a.length, 0n, 1)).toBe(DefragResult.Held);
    expect(d.push(b, 0, b.length, 0n, 2)).toBe(DefragResult.Held); // other VLAN
    expect(d.push(bOther, 0, bOther.length, 0n, 1)).toBe(DefragResult.Held); // other protocol
    expect(d.push(b, 0, b.length, 0n, 1)).toBe(DefragResult.Complete);
    expect(text(d.datagram.subarray(20))).toBe('aaaaaaaabbbbbbbb');
  });

  it('reports duplicates and passes non-fragments through', () => {
    const events: DefragEvent[] = [];
    const d = new Defragmenter({ event: (e) => events.push(e) });
    const whole = ipv4({ id: 1, offset: 0, more: false, payload: fill('z', 10) });
    expect(d.push(whole, 0, whole.length, 0n)).toBe(DefragResult.NotFragment);
    const a = ipv4({ id: 2, offset: 0, more: true, payload: fill('a', 16) });
    expect(d.push(a, 0, a.length, 0n)).toBe(DefragResult.Held);
    expect(d.push(a, 0, a.length, 0n)).toBe(DefragResult.Held);
    expect(events.map((e) => e.kind)).toEqual(['duplicate']);
  });

  it('survives Teardrop: a last fragment inside the first one is dropped, never a negative length', () => {
    const events: DefragEvent[] = [];
    const d = new Defragmenter({ event: (e) => events.push(e) });
    // The classic pair: 36 bytes at 0 (MF), then 4 bytes at 24 as the last fragment.
    const f1 = ipv4({ id: 0x242, offset: 0, more: true, payload: fill('t', 40).subarray(0, 40), proto: 17 });
    const f2 = ipv4({ id: 0x242, offset: 24, more: false, payload: fill('u', 4), proto: 17 });
    expect(d.push(f1, 0, f1.length, 0n)).toBe(DefragResult.Held);
    expect(d.push(f2, 0, f2.length, 0n)).toBe(DefragResult.Dropped);
    expect(events.map((e) => e.kind)).toEqual(['malformed']);
    // Later fragments of the condemned datagram are dropped too, and nothing is held.
    expect(d.push(f1, 0, f1.length, 0n)).toBe(DefragResult.Dropped);
    expect(d.stats().bytes).toBeLessThanOrEqual(256);
  });

  it('handles the Teardrop variant with an overlapping middle fragment per policy', () => {
    for (const policy of OVERLAP_POLICIES) {
      const d = new Defragmenter({ policy });
      const f1 = ipv4({ id: 3, offset: 0, more: true, payload: fill('a', 32), proto: 17 });
      const f2 = ipv4({ id: 3, offset: 8, more: true, payload: fill('b', 8), proto: 17 });
      const f3 = ipv4({ id: 3, offset: 32, more: false, payload: fill('c', 4), proto: 17 });
      d.push(f1, 0, f1.length, 0n);
      d.push(f2, 0, f2.length, 0n);
      expect(d.push(f3, 0, f3.length, 0n)).toBe(DefragResult.Complete);
      expect(d.datagram.length).toBe(20 + 36);
      // f2 lies strictly inside f1: only 'last' takes it (Linux: starts after; BSD: starts after).
      const mid = text(d.datagram.subarray(28, 36));
      expect(mid).toBe(policy === 'last' ? 'bbbbbbbb' : 'aaaaaaaa');
    }
  });

  it('drops datagrams that would exceed 65535 bytes (ping of death)', () => {
    const events: DefragEvent[] = [];
    const d = new Defragmenter({ event: (e) => events.push(e) });
    const f = ipv4({ id: 5, offset: 65528, more: false, payload: fill('p', 100) });
    expect(d.push(f, 0, f.length, 0n)).toBe(DefragResult.Dropped);
    expect(events[0]?.kind).toBe('too-large');
  });

  it('drops RFC 1858 tiny TCP fragments', () => {
    const events: DefragEvent[] = [];
    const d = new Defragmenter({ event: (e) => events.push(e) });
    const first = ipv4({ id: 6, offset: 0, more: true, payload: fill('h', 8), proto: 6 });
    expect(d.push(first, 0, first.length, 0n)).toBe(DefragResult.Dropped);
    const d2 = new Defragmenter({ event: (e) => events.push(e) });
    const over = ipv4({ id: 6, offset: 8, more: false, payload: fill('h', 8), proto: 6 });
    expect(d2.push(over, 0, over.length, 0n)).toBe(DefragResult.Dropped);
    expect(events.map((e) => e.kind)).toEqual(['tiny-fragment', 'tiny-fragment']);
  });

  it('times out on capture time and reports it', () => {
    const events: DefragEvent[] = [];
    const d = new Defragmenter({ timeout: 30_000_000_000n, event: (e) => events.push(e) });
    const a = ipv4({ id: 8, offset: 0, more: true, payload: fill('a', 8) });
    d.push(a, 0, a.length, 1_000_000_000n);
    const b = ipv4({ id: 8, offset: 8, more: false, payload: fill('b', 8) });
    // 40 s later the first fragment is gone: the tail alone cannot complete.
    expect(d.push(b, 0, b.length, 41_000_000_000n)).toBe(DefragResult.Held);
    expect(events.map((e) => e.kind)).toEqual(['timeout']);
  });

  it('never holds more than the global memory cap under a fragment flood', () => {
    const events: DefragEvent[] = [];
    const cap = 200_000;
    const d = new Defragmenter({ maxBytes: cap, event: (e) => events.push(e) });
    const payload = fill('f', 1480);
    for (let id = 0; id < 5000; id++) {
      const f = ipv4({ id, offset: 0, more: true, payload, src: [10, 1, id >> 8, id & 0xff] });
      d.push(f, 0, f.length, BigInt(id));
      expect(d.stats().bytes).toBeLessThanOrEqual(cap);
    }
    expect(d.stats().peakBytes).toBeLessThanOrEqual(cap);
    expect(events.some((e) => e.kind === 'evicted')).toBe(true);
  });

  it('caps fragments per datagram', () => {
    const events: DefragEvent[] = [];
    const d = new Defragmenter({ maxFragments: 16, event: (e) => events.push(e) });
    let last: DefragResult = DefragResult.Held;
    for (let i = 0; i < 20; i++) {
      const f = ipv4({ id: 11, offset: i * 8, more: true, payload: fill('x', 8), proto: 17 });
      last = d.push(f, 0, f.length, 0n);
    }
    expect(last).toBe(DefragResult.Dropped);
    expect(events.some((e) => e.kind === 'evicted')).toBe(true);
  });
});

describe('IPv6 defragmentation (RFC 8200, RFC 5722)', () => {
  it('reassembles and removes the fragment header', () => {
    const d = new Defragmenter();
    const a = ipv6Fragment(0xdeadbeef, 0, true, fill('a', 16));
    const b = ipv6Fragment(0xdeadbeef, 16, false, fill('b', 5));
    expect(d.push(b, 0, b.length, 0n)).toBe(DefragResult.Held);
    expect(d.push(a, 0, a.length, 0n)).toBe(DefragResult.Complete);
    const dg = d.datagram;
    expect(dg[6]).toBe(58);
    expect((dg[4] as number) * 256 + (dg[5] as number)).toBe(21);
    expect(text(dg.subarray(40))).toBe(`${'a'.repeat(16)}${'b'.repeat(5)}`);
  });

  it('discards the whole datagram on any overlap, whatever the IPv4 policy (Novak pattern)', () => {
    for (const policy of OVERLAP_POLICIES) {
      const events: DefragEvent[] = [];
      const d = new Defragmenter({ policy, event: (e) => events.push(e) });
      const results = NOVAK.map(([ch, offset, len, more]) => {
        const f = ipv6Fragment(1, offset, more, fill(ch, len));
        return d.push(f, 0, f.length, 0n);
      });
      expect(results.includes(DefragResult.Complete)).toBe(false);
      expect(results.slice(0, 9).every((r) => r === DefragResult.Held)).toBe(true);
      expect(results.slice(9).every((r) => r === DefragResult.Dropped)).toBe(true);
      expect(events.filter((e) => e.kind === 'overlap-discard').length).toBe(1);
      expect(d.stats().bytes).toBeLessThanOrEqual(256);
    }
  });

  it('treats an atomic fragment as a whole datagram', () => {
    const d = new Defragmenter();
    const f = ipv6Fragment(3, 0, false, fill('z', 8));
    expect(d.push(f, 0, f.length, 0n)).toBe(DefragResult.NotFragment);
  });
});
