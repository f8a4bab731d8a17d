import { readdirSync, readFileSync } from 'node:fs';
import { createTestNet, type TestNet, withTestNet } from '@pktkit/netns';
import { liveDescribe } from '@pktkit/netns/vitest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AfPacketError, PacketRing, PacketType } from '../src/index.js';
import { BROADCAST, drainRing, frame, hex } from './helpers.js';

const fdCount = (): number => readdirSync('/proc/self/fd').length;
const mapCount = (): number => readFileSync('/proc/self/maps', 'utf8').split('\n').length;
const threadCount = (): number => readdirSync('/proc/self/task').length;

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

liveDescribe('TPACKET_V3 ring on a veth (live)', () => {
  // One net per file (each costs ~1 s to set up); tests that delete the link make their own.
  let net: TestNet;
  beforeAll(async () => {
    net = await createTestNet();
  });
  afterAll(async () => {
    await net?.destroy();
  });

  it('every frame the peer sends is in the ring once, in order, byte-exact, with sane timestamps', async () => {
    const ring = PacketRing.open(net.local.name, { blockSize: 64 * 1024, blockCount: 8, timeoutMs: 10 });
    try {
      const frames = Array.from({ length: 200 }, (_, i) =>
        frame(i % 2 ? BROADCAST : net.local.macBytes, net.peer.macBytes, 14 + ((i * 97) % 1501), i),
      );
      const before = Date.now() / 1000;
      // Read while the peer sends, as a capture does (a burst can outgrow an unread ring).
      const draining = drainRing(ring, frames.length);
      await net.sendFrames(frames);
      const got = await draining;
      const after = Date.now() / 1000;
      expect(hex(got.map((g) => g.data))).toEqual(hex(frames));
      for (const [i, g] of got.entries()) {
        expect(g).toMatchObject({ caplen: frames[i]!.length, wireLength: frames[i]!.length });
        expect(g).toMatchObject({ ifindex: net.local.ifindex, protocol: 0x88b5 });
        expect(g.packetType).toBe(i % 2 ? PacketType.BROADCAST : PacketType.HOST);
        const t = g.sec + g.nsec / 1e9;
        expect(g.nsec).toBeLessThan(1e9);
        expect(t).toBeGreaterThanOrEqual(before - 1);
        expect(t).toBeLessThanOrEqual(after + 1);
        if (i > 0) expect(t).toBeGreaterThanOrEqual(got[i - 1]!.sec + got[i - 1]!.nsec / 1e9);
      }
      // Nothing else: no duplicates and no foreign frames; the kernel counted exactly these.
      expect(await drainRing(ring, 1, 200)).toEqual([]);
      expect(ring.stats()).toMatchObject({ packets: frames.length, drops: 0 });
    } finally {
      ring.close();
    }
  });

  it('released blocks are reused: 3x the ring size passes through without loss', async () => {
    // 4 blocks of 16 KiB = 64 KiB of ring; 6 rounds of 20 frames of 1500 B (each round fits the
    // ring) = 180 KB: only possible if released blocks go back to the kernel.
    const ring = PacketRing.open(net.local.name, { blockSize: 16 * 1024, blockCount: 4, timeoutMs: 5 });
    try {
      let total = 0;
      for (let round = 0; round < 6; round++) {
        const frames = Array.from({ length: 20 }, (_, i) =>
          frame(BROADCAST, net.peer.macBytes, 1500, round * 20 + i),
        );
        const draining = drainRing(ring, frames.length);
        await net.sendFrames(frames);
        const got = await draining;
        expect(hex(got.map((g) => g.data))).toEqual(hex(frames));
        total += got.reduce((n, g) => n + g.caplen, 0);
      }
      expect(total).toBeGreaterThan(2.5 * ring.bytes.byteLength);
      expect(ring.stats()).toMatchObject({ packets: 120, drops: 0 });
    } finally {
      ring.close();
    }
  });

  it('close detaches the ring memory: stale views read nothing instead of crashing', async () => {
    const ring = PacketRing.open(net.local.name, { blockSize: 16 * 1024, blockCount: 2, timeoutMs: 5 });
    const bytes = ring.bytes;
    expect(bytes.byteLength).toBe(32 * 1024);
    ring.close();
    expect(bytes.byteLength).toBe(0);
    expect(bytes[0]).toBeUndefined();
    expect(() => ring.nextBlock()).toThrow(/closed/);
    ring.close(); // idempotent
  });

  it('1000 open/close cycles leak no fd and no mapping', async () => {
    const fds = fdCount();
    const maps = mapCount();
    for (let i = 0; i < 1000; i++) {
      PacketRing.open(net.local.name, { blockSize: 16 * 1024, blockCount: 2, timeoutMs: 5 }).close();
    }
    expect(fdCount()).toBe(fds);
    expect(mapCount()).toBe(maps);
  });

  it('waitBlock/blocks(): readiness from the poll thread delivers every frame, then close ends the loop', async () => {
    const ring = PacketRing.open(net.local.name, { blockSize: 16 * 1024, blockCount: 4, timeoutMs: 5 });
    try {
      const frames = Array.from({ length: 60 }, (_, i) => frame(BROADCAST, net.peer.macBytes, 64 + i * 7, i));
      const seen: Uint8Array[] = [];
      let blocks = 0;
      const loop = (async () => {
        for await (const block of ring.blocks()) {
          blocks++;
          block.forEach((f) => {
            seen.push(f.data().slice());
          });
          if (seen.length === frames.length) setTimeout(() => ring.close(), 50);
        }
      })();
      // The loop is waiting on readiness before anything is sent.
      await new Promise((r) => setTimeout(r, 50));
      await net.sendFrames(frames.slice(0, 30));
      await new Promise((r) => setTimeout(r, 50));
      await net.sendFrames(frames.slice(30));
      await within(loop, 10_000, 'blocks() loop'); // ends cleanly, without error, on close
      expect(hex(seen)).toEqual(hex(frames));
      expect(blocks).toBeGreaterThanOrEqual(2);
      expect(await ring.waitBlock()).toBeNull();
    } finally {
      ring.close();
    }
  });

  it('deleting the interface while waiting rejects with ENETDOWN (no crash, no hang)', async () => {
    await withTestNet({}, async (net) => {
      const ring = PacketRing.open(net.local.name, { blockSize: 16 * 1024, blockCount: 2, timeoutMs: 5 });
      try {
        const waiting = ring.waitBlock();
        await new Promise((r) => setTimeout(r, 50));
        net.deleteLink();
        const err = await within(
          waiting.then(
            () => undefined,
            (e: unknown) => e,
          ),
          5000,
          'waitBlock',
        );
        expect(err).toBeInstanceOf(AfPacketError);
        expect(err).toMatchObject({ code: 'ENETDOWN' });
      } finally {
        ring.close();
      }
    });
  });

  it('closing with a wait pending resolves it with null; 100 such cycles leak no thread or fd', async () => {
    const threads = threadCount();
    const fds = fdCount();
    for (let i = 0; i < 100; i++) {
      const ring = PacketRing.open(net.local.name, { blockSize: 16 * 1024, blockCount: 2, timeoutMs: 5 });
      const waiting = ring.waitBlock();
      ring.close();
      expect(await waiting).toBeNull();
    }
    expect(threadCount()).toBe(threads);
    expect(fdCount()).toBe(fds);
  });

  it('errors: missing interface is ENODEV; bad sizes are rejected before any syscall', () => {
    expect(() => PacketRing.open('pknone0')).toThrow(AfPacketError);
    expect(() => PacketRing.open('pknone0')).toThrow(expect.objectContaining({ code: 'ENODEV' }));
    expect(() => PacketRing.open('lo', { blockSize: 5000 })).toThrow(TypeError);
    expect(() => PacketRing.open('lo', { blockCount: 0 })).toThrow(TypeError);
  });
});
