import { execFileSync } from 'node:child_process';
import { createTestNet, type TestNet } from '@pktkit/netns';
import { liveDescribe } from '@pktkit/netns/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AfPacketError, PacketRing, packFilter, type SocketFilterInstruction } from '../src/index.js';
import { BROADCAST, drainRing, frame, hex } from './helpers.js';

/** The filter compiled by tcpdump (libpcap), an outside compiler: `tcpdump -dd EXPR`. */
function tcpdumpProgram(expr: string): SocketFilterInstruction[] {
  const out = execFileSync('tcpdump', ['-dd', expr], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return [...out.matchAll(/\{\s*(0x[0-9a-f]+),\s*(\d+),\s*(\d+),\s*(0x[0-9a-f]+)\s*\}/g)].map((m) => ({
    code: Number(m[1]),
    jt: Number(m[2]),
    jf: Number(m[3]),
    k: Number(m[4]),
  }));
}

describe('packFilter', () => {
  it('lays out struct sock_filter: u16 code, u8 jt, u8 jf, u32 k, little-endian', () => {
    const bytes = packFilter([
      { code: 0x15, jt: 1, jf: 2, k: 0x88b5 },
      { code: 0x06, jt: 0, jf: 0, k: 0xffffffff },
    ]);
    expect(Buffer.from(bytes).toString('hex')).toBe('15000102b5880000' + '06000000ffffffff');
  });
  it('rejects empty programs and out-of-range fields', () => {
    expect(() => packFilter([])).toThrow(RangeError);
    expect(() => packFilter([{ code: 0x10000, jt: 0, jf: 0, k: 0 }])).toThrow(RangeError);
    expect(() => packFilter([{ code: 6, jt: 256, jf: 0, k: 0 }])).toThrow(RangeError);
    expect(() => packFilter([{ code: 6, jt: 0, jf: 0, k: 2 ** 32 }])).toThrow(RangeError);
  });
});

liveDescribe('kernel socket filter on the ring (live)', () => {
  // One net per file (each costs ~1 s to set up); tests that delete the link make their own.
  let net: TestNet;
  beforeAll(async () => {
    net = await createTestNet();
  });
  afterAll(async () => {
    await net?.destroy();
  });

  it('only frames the filter accepts enter the ring, and PACKET_STATISTICS counts exactly those', async () => {
    const program = tcpdumpProgram('ether proto 0x88b5 and ether[14] & 1 = 0');
    expect(program.length).toBeGreaterThan(2);
    const ring = PacketRing.open(net.local.name, {
      blockSize: 64 * 1024,
      blockCount: 4,
      timeoutMs: 10,
      filter: program,
    });
    try {
      const frames = Array.from({ length: 120 }, (_, i) => {
        const f = frame(BROADCAST, net.peer.macBytes, 60 + i, i);
        f[13] = i % 6 === 5 ? 0xb6 : 0xb5; // every sixth: another EtherType
        f[14] = i;
        return f;
      });
      const wanted = frames.filter((f) => f[13] === 0xb5 && (f[14]! & 1) === 0);
      const draining = drainRing(ring, wanted.length);
      await net.sendFrames(frames);
      const got = await draining;
      expect(hex(got.map((g) => g.data))).toEqual(hex(wanted));
      expect(await drainRing(ring, 1, 200)).toEqual([]);
      expect(ring.stats()).toMatchObject({ packets: wanted.length, drops: 0 });
    } finally {
      ring.close();
    }
  });

  it('a program the kernel refuses gives AfPacketError EINVAL from setsockopt', async () => {
    // A jump past the end of the program: the kernel's checker rejects it.
    const bad = [
      { code: 0x15, jt: 5, jf: 0, k: 0 },
      { code: 0x06, jt: 0, jf: 0, k: 0 },
    ];
    let err: unknown;
    try {
      PacketRing.open(net.local.name, { blockSize: 16 * 1024, blockCount: 2, filter: bad }).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AfPacketError);
    expect(err).toMatchObject({ code: 'EINVAL', syscall: 'setsockopt' });
  });
});
