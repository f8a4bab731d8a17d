import { execFileSync } from 'node:child_process';
import { createTestNet, type TestNet } from '@pktkit/netns';
import { liveDescribe } from '@pktkit/netns/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listInterfaces } from '../src/index.js';

interface IpAddr {
  ifindex: number;
  ifname: string;
  mtu: number;
  address?: string;
  flags: string[];
  link_type: string;
  addr_info: { family: 'inet' | 'inet6'; local: string; prefixlen: number }[];
}

/** `ip -j addr` is the witness: iproute2 reads the same kernel state over netlink. */
const ipAddr = (): IpAddr[] =>
  JSON.parse(execFileSync('ip', ['-j', 'addr'], { encoding: 'utf8' })) as IpAddr[];

/**
 * Compares field by field. Other processes (tests of other packages) may be adding and removing
 * their own veths meanwhile: only interfaces in both `ip` snapshots taken around ours, and not
 * another harness's veth (possibly mid-setup), are compared; `keep` names ones that must be there.
 */
function compare(keep: string[] = []): void {
  const before = ipAddr();
  const ours = listInterfaces();
  const after = ipAddr();
  const stable = (name: string): boolean =>
    keep.includes(name) ||
    (!/^pkn/.test(name) && before.some((i) => i.ifname === name) && after.some((i) => i.ifname === name));
  const mine = ours.filter((i) => stable(i.name));
  const theirs = after.filter((i) => stable(i.ifname));
  expect(mine.map((i) => [i.index, i.name])).toEqual(theirs.map((i) => [i.ifindex, i.ifname]));
  for (const name of ['lo', ...keep]) expect(mine.some((i) => i.name === name)).toBe(true);
  for (const [k, i] of mine.entries()) {
    const ip = theirs[k]!;
    expect(i.mtu).toBe(ip.mtu);
    if (ip.address !== undefined) expect(i.mac).toBe(ip.address);
    expect(i.flags.up).toBe(ip.flags.includes('UP'));
    expect(i.flags.loopback).toBe(ip.flags.includes('LOOPBACK'));
    expect(i.flags.running).toBe(ip.flags.includes('LOWER_UP'));
    expect(i.flags.promiscuous).toBe(ip.flags.includes('PROMISC'));
    expect(i.arpType === 1).toBe(ip.link_type === 'ether');
    const addrs = (a: { family: string; address: string; prefixLength: number }[]) =>
      a.map((x) => `${x.family}:${x.address}/${x.prefixLength}`).sort();
    expect(addrs(i.addresses)).toEqual(
      addrs(
        ip.addr_info.map((a) => ({
          family: a.family === 'inet' ? 'IPv4' : 'IPv6',
          address: a.local,
          prefixLength: a.prefixlen,
        })),
      ),
    );
  }
}

describe('listInterfaces', () => {
  it('agrees with `ip -j addr` on every interface of this namespace', () => {
    expect(listInterfaces().some((i) => i.name === 'lo' && i.flags.loopback && i.arpType === 772)).toBe(true);
    compare();
  });
});

liveDescribe('listInterfaces with a test veth (live)', () => {
  let net: TestNet;
  beforeAll(async () => {
    net = await createTestNet();
  });
  afterAll(async () => {
    await net?.destroy();
  });

  it('lists the veth end with the index, MAC and address the harness reports', () => {
    const veth = listInterfaces().find((i) => i.name === net.local.name);
    expect(veth).toMatchObject({ index: net.local.ifindex, mac: net.local.mac, arpType: 1 });
    expect(veth?.flags).toMatchObject({ up: true, running: true, loopback: false });
    expect(veth?.addresses).toEqual([{ family: 'IPv4', address: net.local.ipv4, prefixLength: 30 }]);
    compare([net.local.name]);
  });
});
