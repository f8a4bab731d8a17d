import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestNet, type TestNet, withTestNet } from '@pktkit/netns';
import { liveDescribe } from '@pktkit/netns/vitest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AfPacketError, interfaceIndex, PacketSocket, PacketType } from '../src/index.js';
import { BROADCAST, frame, hex, receiveFrames } from './helpers.js';

const openLo = fileURLToPath(new URL('./fixtures/open-lo.mjs', import.meta.url));
const fdCount = (): number => readdirSync('/proc/self/fd').length;

liveDescribe('AF_PACKET socket on a veth (live)', () => {
  // One net per file (each costs ~1 s to set up); tests that delete the link make their own.
  let net: TestNet;
  beforeAll(async () => {
    net = await createTestNet();
  });
  afterAll(async () => {
    await net?.destroy();
  });

  it('receives the frames the peer sends, byte-exact, in order, with kernel metadata', async () => {
    const sock = PacketSocket.open(net.local.name);
    try {
      const other = new Uint8Array([0x02, 0, 0, 0, 0, 0x99]);
      const frames = [
        frame(BROADCAST, net.peer.macBytes, 60, 1),
        frame(net.local.macBytes, net.peer.macBytes, 1514, 2),
        frame(other, net.peer.macBytes, 14, 3),
        frame(BROADCAST, net.peer.macBytes, 333, 4),
      ];
      await net.sendFrames(frames);
      const got = await receiveFrames(sock, frames.length);
      expect(hex(got.map((g) => g.data))).toEqual(hex(frames));
      expect(got.map((g) => g.packetType)).toEqual([
        PacketType.BROADCAST,
        PacketType.HOST,
        PacketType.OTHERHOST,
        PacketType.BROADCAST,
      ]);
      for (const g of got) {
        expect(g).toMatchObject({ ifindex: net.local.ifindex, protocol: 0x88b5 });
        expect(g.length).toBe(g.captured);
      }
      // Nothing else arrives: IPv6 is off and nothing else talks on this link.
      expect(await receiveFrames(sock, 1, 200)).toEqual([]);
    } finally {
      sock.close();
    }
  });

  it('opens by ifindex, and interfaceIndex agrees with the kernel', async () => {
    expect(interfaceIndex(net.local.name)).toBe(net.local.ifindex);
    const sock = PacketSocket.open(net.local.ifindex);
    try {
      const f = frame(BROADCAST, net.peer.macBytes, 80, 9);
      await net.sendFrames([f]);
      const [got] = await receiveFrames(sock, 1);
      expect(hex([got!.data])).toEqual(hex([f]));
    } finally {
      sock.close();
    }
  });

  it('reports the wire length when the buffer is too small, filling what fits', async () => {
    const sock = PacketSocket.open(net.local.name);
    try {
      const f = frame(BROADCAST, net.peer.macBytes, 1000, 5);
      await net.sendFrames([f]);
      const [got] = await receiveFrames(sock, 1, 5000, 100);
      expect(got).toMatchObject({ length: 1000, captured: 100 });
      expect(hex([got!.data])).toEqual(hex([f.subarray(0, 100)]));
    } finally {
      sock.close();
    }
  });

  it('sends frames that arrive at the peer byte-exact (witness: python AF_PACKET receiver)', async () => {
    const sock = PacketSocket.open(net.local.name);
    const cap = await net.capture();
    try {
      const frames = [60, 1514, 200].map((len, i) =>
        frame(net.peer.macBytes, net.local.macBytes, len, 20 + i),
      );
      for (const f of frames) expect(sock.send(f)).toBe(f.length);
      const got = await cap.waitFor(frames.length);
      expect(hex(got.map((g) => g.data))).toEqual(hex(frames));
      expect(got.every((g) => g.packetType === PacketType.HOST)).toBe(true);
    } finally {
      sock.close();
      await cap.stop();
    }
  });

  it('a nonexistent interface gives AfPacketError ENODEV (by name and by index)', async () => {
    const byName = (() => {
      try {
        PacketSocket.open('pknone0');
      } catch (e) {
        return e;
      }
    })();
    expect(byName).toBeInstanceOf(AfPacketError);
    expect(byName).toMatchObject({
      code: 'ENODEV',
      errno: -19,
      syscall: 'if_nametoindex',
      device: 'pknone0',
    });
    expect((byName as Error).message).toMatch(/no such network interface: pknone0/);

    // Index 2^31-1 is never allocated; bind reports it.
    expect(() => PacketSocket.open(2 ** 31 - 1)).toThrow(
      expect.objectContaining({ code: 'ENODEV', syscall: 'bind' }),
    );
    expect(() => interfaceIndex('pknone0')).toThrow(AfPacketError);
  });

  it('without CAP_NET_RAW opening fails with EPERM naming CAP_NET_RAW (child under setpriv)', () => {
    // Control: this process has the capability and can open.
    PacketSocket.open('lo').close();
    const r = spawnSync(
      'setpriv',
      ['--inh-caps=-net_raw', '--bounding-set=-net_raw', '--', process.execPath, openLo],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ name: 'AfPacketError', code: 'EPERM', errno: -1, syscall: 'socket' });
    expect(out.message).toMatch(/CAP_NET_RAW/);
  });

  it('1000 open/close cycles leak no file descriptor', async () => {
    const before = fdCount();
    const fds = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const sock = PacketSocket.open(net.local.name);
      fds.add(sock.fd);
      sock.close();
      expect(sock.closed).toBe(true);
    }
    expect(fdCount()).toBe(before);
    // The kernel hands the same lowest free descriptor back each time.
    expect(fds.size).toBe(1);
  });

  it('close is idempotent; using a closed socket throws', async () => {
    const sock = PacketSocket.open(net.local.name);
    sock.close();
    sock.close();
    expect(() => sock.receive(new Uint8Array(64))).toThrow(/closed/);
    expect(() => sock.send(new Uint8Array(64))).toThrow(/closed/);
  });

  it('when the interface is deleted, receive reports ENETDOWN instead of crashing', async () => {
    await withTestNet({}, (net) => {
      const sock = PacketSocket.open(net.local.name);
      try {
        net.deleteLink();
        let err: unknown;
        try {
          sock.receive(new Uint8Array(64));
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(AfPacketError);
        expect(err).toMatchObject({ code: 'ENETDOWN', syscall: 'recvfrom' });
      } finally {
        sock.close();
      }
    });
  });
});
