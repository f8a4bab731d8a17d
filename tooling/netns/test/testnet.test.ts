import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { createTestNet, type TestNet, withTestNet } from '../src/index.js';
import { liveDescribe } from '../src/vitest.js';
import { frame, tcpdump, within } from './helpers.js';

interface IpLink {
  ifname: string;
  ifindex: number;
  address: string;
  operstate: string;
}

function ipJson<T>(args: string[]): T {
  return JSON.parse(execFileSync('ip', ['-j', ...args], { encoding: 'utf8' })) as T;
}

function namespaces(): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter(Boolean);
}

/** Neither the namespace nor either veth end exists any more. */
function expectGone(names: { namespace: string; local: string }): void {
  expect(namespaces()).not.toContain(names.namespace);
  expect(existsSync(`/run/netns/${names.namespace}`)).toBe(false);
  expect(existsSync(`/sys/class/net/${names.local}`)).toBe(false);
}

liveDescribe('withTestNet (live)', () => {
  it('creates a namespace and a veth pair that ip shows, up and addressed', async () => {
    await withTestNet({}, async (net) => {
      expect(net.namespace).toMatch(/^pktkit-\d+-\d+$/);
      expect(namespaces()).toContain(net.namespace);
      expect(net.local.name.length).toBeLessThanOrEqual(15);
      expect(net.peer.name.length).toBeLessThanOrEqual(15);

      const [local] = ipJson<IpLink[]>(['link', 'show', 'dev', net.local.name]);
      expect(local).toMatchObject({ ifindex: net.local.ifindex, address: net.local.mac, operstate: 'UP' });
      const [peer] = ipJson<IpLink[]>(['-n', net.namespace, 'link', 'show', 'dev', net.peer.name]);
      expect(peer).toMatchObject({ ifindex: net.peer.ifindex, address: net.peer.mac, operstate: 'UP' });
      // The peer end is in the test namespace only.
      expect(existsSync(`/sys/class/net/${net.peer.name}`)).toBe(false);
      expect(Buffer.from(net.peer.macBytes).toString('hex')).toBe(net.peer.mac.replaceAll(':', ''));

      const addrs = execFileSync(
        'ip',
        ['-n', net.namespace, '-4', '-o', 'addr', 'show', 'dev', net.peer.name],
        {
          encoding: 'utf8',
        },
      );
      expect(addrs).toContain(`inet ${net.peer.ipv4}/30`);
      expect(net.local.ipv4).toMatch(/^10\.213\./);
      // IPv6 is off on both ends, so no DAD/RS/MLD frames appear.
      expect(readFileSync(`/proc/sys/net/ipv6/conf/${net.local.name}/disable_ipv6`, 'utf8').trim()).toBe('1');
      const peerV6 = await net.exec('sysctl', ['-n', `net.ipv6.conf.${net.peer.name}.disable_ipv6`]);
      expect(peerV6.stdout.trim()).toBe('1');
    });
  });

  it('sendFrames delivers exact frames, in order, to the local end (witness: tcpdump)', async () => {
    await withTestNet({}, async (net) => {
      const frames = [60, 14, 61, 1514, 100].map((len, i) => frame(net.peer.macBytes, len, i));
      const dump = await tcpdump(net.local.name, frames.length);
      await net.sendFrames(frames);
      const seen = await within(dump.frames, 10_000, 'tcpdump');
      expect(seen.map((f) => Buffer.from(f).toString('hex'))).toEqual(
        frames.map((f) => Buffer.from(f).toString('hex')),
      );
    });
  });

  it('capture() on the peer receives frames sent from the local end (witness: tcpdump in the namespace)', async () => {
    await withTestNet({}, async (net) => {
      const frames = [64, 300, 1514].map((len, i) => frame(net.local.macBytes, len, 10 + i));
      const dump = await tcpdump(net.peer.name, frames.length, ['ip', 'netns', 'exec', net.namespace]);
      const cap = await net.capture();
      await net.sendFrames(frames, { from: 'local' });
      const got = await cap.waitFor(frames.length);
      const stopped = await cap.stop();
      const hex = (fs: Uint8Array[]): string[] => fs.map((f) => Buffer.from(f).toString('hex'));
      expect(hex(got.map((f) => f.data))).toEqual(hex(frames));
      expect(stopped).toHaveLength(frames.length); // nothing else arrived: the link is quiet
      expect(got.every((f) => f.packetType === 1)).toBe(true); // PACKET_BROADCAST
      expect(hex(await within(dump.frames, 10_000, 'tcpdump'))).toEqual(hex(frames));
    });
  });

  it('routes IPv4 between the ends: a UDP datagram from the namespace reaches this process', async () => {
    await withTestNet({}, async (net) => {
      const sock = createSocket('udp4');
      try {
        await new Promise<void>((resolve) => sock.bind(0, net.local.ipv4, resolve));
        const got = new Promise<[string, string]>((resolve) =>
          sock.once('message', (msg, rinfo) => resolve([msg.toString(), rinfo.address])),
        );
        const send = `import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"hello", ("${net.local.ipv4}", ${sock.address().port}))`;
        const r = await net.exec('/usr/bin/python3', ['-c', send]);
        expect(r.code).toBe(0);
        expect(await within(got, 5000, 'udp')).toEqual(['hello', net.peer.ipv4]);
      } finally {
        sock.close();
      }
    });
  });

  it('gives IPv6 addresses on request, usable without DAD delay', async () => {
    await withTestNet({ ipv6: true }, async (net) => {
      expect(net.local.ipv6).toMatch(/^fd70:6b74:6b69:/);
      const sock = createSocket('udp6');
      try {
        await new Promise<void>((resolve) => sock.bind(0, net.local.ipv6!, resolve));
        const got = new Promise<string>((resolve) =>
          sock.once('message', (_m, rinfo) => resolve(rinfo.address)),
        );
        const send = `import socket; socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(b"x", ("${net.local.ipv6}", ${sock.address().port}))`;
        expect((await net.exec('/usr/bin/python3', ['-c', send])).code).toBe(0);
        expect(await within(got, 5000, 'udp6')).toBe(net.peer.ipv6);
      } finally {
        sock.close();
      }
    });
  });

  it('tears down after success, returning the callback result', async () => {
    let names = { namespace: '', local: '' };
    const result = await withTestNet({}, (net) => {
      names = { namespace: net.namespace, local: net.local.name };
      return 42;
    });
    expect(result).toBe(42);
    expectGone(names);
  });

  it('tears down after the callback throws, and rethrows the same error', async () => {
    let names = { namespace: '', local: '' };
    const boom = new Error('boom');
    await expect(
      withTestNet({}, (net) => {
        names = { namespace: net.namespace, local: net.local.name };
        throw boom;
      }),
    ).rejects.toBe(boom);
    expectGone(names);
  });

  it('kills processes still running in the namespace at teardown', async () => {
    let pid = 0;
    let names = { namespace: '', local: '' };
    await withTestNet({}, async (net) => {
      names = { namespace: net.namespace, local: net.local.name };
      net.spawn('sleep', ['600']);
      // `ip netns exec` enters the namespace right after it starts; wait until the kernel lists it.
      for (let i = 0; i < 100 && pid === 0; i++) {
        const pids = execFileSync('ip', ['netns', 'pids', net.namespace], { encoding: 'utf8' }).trim();
        if (pids) pid = Number(pids.split(/\s+/)[0]);
        else await new Promise((r) => setTimeout(r, 20));
      }
    });
    expect(pid).toBeGreaterThan(0);
    expectGone(names);
    await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(`/proc/${pid}`)).toBe(false);
  });

  it('deleteLink removes the pair mid-test and teardown still succeeds', async () => {
    const net: TestNet = await createTestNet();
    try {
      net.deleteLink();
      expect(existsSync(`/sys/class/net/${net.local.name}`)).toBe(false);
      const peer = await net.exec('ip', ['link', 'show', net.peer.name]);
      expect(peer.code).not.toBe(0);
    } finally {
      await net.destroy();
    }
    expectGone({ namespace: net.namespace, local: net.local.name });
  });

  it('runs concurrent nets side by side with distinct names and subnets', async () => {
    const seen = await Promise.all(
      [0, 1, 2].map(() => withTestNet({}, (net) => [net.namespace, net.local.name, net.local.ipv4])),
    );
    for (const i of [0, 1, 2]) expect(new Set(seen.map((s) => s[i])).size).toBe(3);
  });
});
