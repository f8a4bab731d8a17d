import { readdirSync, readFileSync } from 'node:fs';
import { withTestNet } from '@pktkit/netns';
import { liveDescribe } from '@pktkit/netns/vitest';
import { expect, it } from 'vitest';
import { AfPacketError, PacketRing, PacketType } from '../src/index.js';
import { BROADCAST, drainRing, frame, hex } from './helpers.js';

const fdCount = (): number => readdirSync('/proc/self/fd').length;
const mapCount = (): number => readFileSync('/proc/self/maps', 'utf8').split('\n').length;

liveDescribe('TPACKET_V3 ring on a veth (live)', () => {
  it('every frame the peer sends is in the ring once, in order, byte-exact, with sane timestamps', async () => {
    await withTestNet({}, async (net) => {
      const ring = PacketRing.open(net.local.name, { blockSize: 64 * 1024, blockCount: 4, timeoutMs: 10 });
      try {
        const frames = Array.from({ length: 200 }, (_, i) =>
          frame(i % 2 ? BROADCAST : net.local.macBytes, net.peer.macBytes, 14 + ((i * 97) % 1501), i),
        );
        const before = Date.now() / 1000;
        await net.sendFrames(frames);
        const got = await drainRing(ring, frames.length);
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
        // Nothing else: no duplicates and no foreign frames.
        expect(await drainRing(ring, 1, 200)).toEqual([]);
      } finally {
        ring.close();
      }
    });
  });

  it('released blocks are reused: 3x the ring size passes through without loss', async () => {
    await withTestNet({}, async (net) => {
      // 4 blocks of 16 KiB = 64 KiB of ring; 6 rounds of 20 frames of 1500 B (each round fits the
      // ring) = 180 KB: only possible if released blocks go back to the kernel.
      const ring = PacketRing.open(net.local.name, { blockSize: 16 * 1024, blockCount: 4, timeoutMs: 5 });
      try {
        let total = 0;
        for (let round = 0; round < 6; round++) {
          const frames = Array.from({ length: 20 }, (_, i) =>
            frame(BROADCAST, net.peer.macBytes, 1500, round * 20 + i),
          );
          await net.sendFrames(frames);
          const got = await drainRing(ring, frames.length);
          expect(hex(got.map((g) => g.data))).toEqual(hex(frames));
          total += got.reduce((n, g) => n + g.caplen, 0);
        }
        expect(total).toBeGreaterThan(2.5 * ring.bytes.byteLength);
      } finally {
        ring.close();
      }
    });
  });

  it('close detaches the ring memory: stale views read nothing instead of crashing', async () => {
    await withTestNet({}, async (net) => {
      const ring = PacketRing.open(net.local.name, { blockSize: 16 * 1024, blockCount: 2, timeoutMs: 5 });
      const bytes = ring.bytes;
      expect(bytes.byteLength).toBe(32 * 1024);
      ring.close();
      expect(bytes.byteLength).toBe(0);
      expect(bytes[0]).toBeUndefined();
      expect(() => ring.nextBlock()).toThrow(/closed/);
      ring.close(); // idempotent
    });
  });

  it('1000 open/close cycles leak no fd and no mapping', async () => {
    await withTestNet({}, (net) => {
      const fds = fdCount();
      const maps = mapCount();
      for (let i = 0; i < 1000; i++) {
        PacketRing.open(net.local.name, { blockSize: 16 * 1024, blockCount: 2, timeoutMs: 5 }).close();
      }
      expect(fdCount()).toBe(fds);
      expect(mapCount()).toBe(maps);
    });
  });

  it('errors: missing interface is ENODEV; bad sizes are rejected before any syscall', () => {
    expect(() => PacketRing.open('pknone0')).toThrow(AfPacketError);
    expect(() => PacketRing.open('pknone0')).toThrow(expect.objectContaining({ code: 'ENODEV' }));
    expect(() => PacketRing.open('lo', { blockSize: 5000 })).toThrow(TypeError);
    expect(() => PacketRing.open('lo', { blockCount: 0 })).toThrow(TypeError);
  });
});
