import { readFileSync } from 'node:fs';
import { createTestNet, type TestNet } from '@pktkit/netns';
import { liveDescribe } from '@pktkit/netns/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanoutArgument, PacketRing, PacketSocket, PacketType } from '../src/index.js';
import { BROADCAST, drainRing, frame, hex, type RingCopy, takeAvailable } from './helpers.js';

const IFF_PROMISC = 0x100; // linux/if.h
const promiscuous = (ifname: string): boolean =>
  (Number.parseInt(readFileSync(`/sys/class/net/${ifname}/flags`, 'utf8'), 16) & IFF_PROMISC) !== 0;

/** An IPv4/UDP frame to a MAC nobody has (so the host's IP stack drops it and never answers). */
function udpFrame(src: Uint8Array, srcPort: number, seq: number): Uint8Array {
  const f = new Uint8Array(14 + 20 + 8 + 16);
  const v = new DataView(f.buffer);
  f.set([0x02, 0, 0, 0, 0, 0x42], 0);
  f.set(src, 6);
  v.setUint16(12, 0x0800);
  f.set([0x45, 0, 0, 44, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 213, 255, 1, 10, 213, 255, 2], 14);
  v.setUint16(34, srcPort);
  v.setUint16(36, 9); // discard
  v.setUint16(38, 24);
  v.setUint32(42, seq);
  return f;
}

/** Reads all rings of a fanout group until `total` frames arrived across them. */
async function drainGroup(rings: PacketRing[], total: number, timeoutMs = 10_000): Promise<RingCopy[][]> {
  const got: RingCopy[][] = rings.map(() => []);
  const deadline = Date.now() + timeoutMs;
  while (got.reduce((n, g) => n + g.length, 0) < total && Date.now() < deadline) {
    for (const [i, ring] of rings.entries()) got[i]!.push(...takeAvailable(ring));
    await new Promise((r) => setTimeout(r, 2));
  }
  return got;
}

const srcPortOf = (f: Uint8Array): number => new DataView(f.buffer, f.byteOffset).getUint16(34);

describe('fanoutArgument', () => {
  it('puts the group in the low 16 bits and mode|flags in the high 16 (not the other way round)', () => {
    expect(fanoutArgument({ group: 7, mode: 'hash' })).toBe(7);
    expect(fanoutArgument({ group: 7, mode: 'lb' })).toBe(0x0001_0007);
    expect(fanoutArgument({ group: 0xabcd, mode: 'hash', defrag: true })).toBe(0x8000_abcd);
    expect(fanoutArgument({ group: 1, mode: 'cpu', rollover: true })).toBe(0x1002_0001);
    expect(() => fanoutArgument({ group: 0x10000, mode: 'hash' })).toThrow(RangeError);
  });
});

liveDescribe('ring options (live)', () => {
  // One net per file (each costs ~1 s to set up); tests that delete the link make their own.
  let net: TestNet;
  beforeAll(async () => {
    net = await createTestNet();
  });
  afterAll(async () => {
    await net?.destroy();
  });

  it('promiscuous: the kernel flags the interface while the ring is open, and not after', async () => {
    expect(promiscuous(net.local.name)).toBe(false);
    const ring = PacketRing.open(net.local.name, {
      blockSize: 16 * 1024,
      blockCount: 2,
      promiscuous: true,
    });
    try {
      expect(promiscuous(net.local.name)).toBe(true);
    } finally {
      ring.close();
    }
    expect(promiscuous(net.local.name)).toBe(false);
  });

  it('ignoreOutgoing leaves out frames this host sends; without it they appear as OUTGOING', async () => {
    const opts = { blockSize: 16 * 1024, blockCount: 4, timeoutMs: 5 };
    const all = PacketRing.open(net.local.name, opts);
    const incoming = PacketRing.open(net.local.name, { ...opts, ignoreOutgoing: true });
    const tx = PacketSocket.open(net.local.name);
    try {
      const out = [
        frame(net.peer.macBytes, net.local.macBytes, 100, 1),
        frame(net.peer.macBytes, net.local.macBytes, 200, 2),
      ];
      const inbound = [frame(BROADCAST, net.peer.macBytes, 300, 3)];
      for (const f of out) tx.send(f);
      await net.sendFrames(inbound);
      const seenAll = await drainRing(all, 3);
      expect(hex(seenAll.map((g) => g.data))).toEqual(hex([...out, ...inbound]));
      expect(seenAll.map((g) => g.packetType)).toEqual([
        PacketType.OUTGOING,
        PacketType.OUTGOING,
        PacketType.BROADCAST,
      ]);
      const seenIncoming = await drainRing(incoming, 1);
      expect(hex(seenIncoming.map((g) => g.data))).toEqual(hex(inbound));
      expect(await drainRing(incoming, 1, 200)).toEqual([]);
    } finally {
      tx.close();
      all.close();
      incoming.close();
    }
  });

  it('fanout: hash keeps every flow on one socket and uses both; lb alternates exactly', async () => {
    const flows = 16;
    const frames = Array.from({ length: flows * 5 }, (_, i) =>
      udpFrame(net.peer.macBytes, 20000 + (i % flows), i),
    );
    for (const mode of ['hash', 'lb'] as const) {
      const group = (process.pid + (mode === 'hash' ? 0 : 1)) & 0xffff;
      const opts = { blockSize: 64 * 1024, blockCount: 4, timeoutMs: 5, fanout: { group, mode } };
      const rings = [PacketRing.open(net.local.name, opts), PacketRing.open(net.local.name, opts)];
      try {
        const draining = drainGroup(rings, frames.length);
        await net.sendFrames(frames);
        const [a, b] = (await draining) as [RingCopy[], RingCopy[]];
        // Every frame exactly once across the group.
        expect(hex([...a, ...b].map((g) => g.data)).sort()).toEqual(hex(frames).sort());
        if (mode === 'hash') {
          const portsA = new Set(a.map((g) => srcPortOf(g.data)));
          const portsB = new Set(b.map((g) => srcPortOf(g.data)));
          expect([...portsA].filter((p) => portsB.has(p))).toEqual([]);
          expect(portsA.size).toBeGreaterThan(0);
          expect(portsB.size).toBeGreaterThan(0);
        } else {
          expect(a.length).toBe(frames.length / 2);
          expect(b.length).toBe(frames.length / 2);
        }
      } finally {
        for (const r of rings) r.close();
      }
    }
  });
});
