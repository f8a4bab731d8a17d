// Differential building: random layer stacks built by us and by scapy 2.5 (bytes(...)) must match.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ARP,
  DNS,
  Dot1AD,
  Dot1Q,
  Ether,
  GRE,
  ICMP,
  ICMPv6EchoRequest,
  ICMPv6ND_NA,
  ICMPv6ND_NS,
  IPv4,
  IPv6,
  IPv6ExtHdrDestOpt,
  IPv6ExtHdrFragment,
  IPv6ExtHdrHopByHop,
  type LayerList,
  Raw,
  stack,
  TCP,
  type TcpOption,
  UDP,
  VXLAN,
} from '../src/index.js';

type Spec = Record<string, unknown> & { kind: string };

const u8 = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 65535 });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const mac = fc
  .uint8Array({ minLength: 6, maxLength: 6 })
  .map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':'));
const ipv4 = fc.ipV4();
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => {
  const g: string[] = [];
  for (let i = 0; i < 16; i += 2) g.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return g.join(':');
});
const payload = fc.uint8Array({ minLength: 0, maxLength: 40 }).map((b) => Buffer.from(b).toString('hex'));

const tcpOption: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  u16.map((value) => ({ kind: 'MSS', value })),
  fc.integer({ min: 0, max: 14 }).map((value) => ({ kind: 'WScale', value })),
  fc.constant({ kind: 'SAckOK' }),
  fc.constant({ kind: 'NOP' }),
  fc.tuple(u32, u32).map((value) => ({ kind: 'Timestamp', value })),
  fc.tuple(u32, u32).map((value) => ({ kind: 'SAck', value })),
);
const tcp = fc.record(
  {
    kind: fc.constant('TCP'),
    sport: u16,
    dport: u16,
    seq: u32,
    ack: u32,
    flags: fc.integer({ min: 0, max: 255 }),
    window: u16,
    urgptr: u16,
    options: fc.array(tcpOption, { maxLength: 4 }),
  },
  { requiredKeys: ['kind'] },
);
const udp = fc.record(
  { kind: fc.constant('UDP'), sport: u16, dport: u16 },
  { requiredKeys: ['kind', 'sport', 'dport'] },
);
const dnsOverUdp = fc.tuple(
  fc.record({ kind: fc.constant('UDP'), sport: u16, dport: fc.constant(53) }),
  fc.record({
    kind: fc.constant('DNS'),
    id: u16,
    rd: fc.integer({ min: 0, max: 1 }),
    qd: fc
      .tuple(fc.stringMatching(/^[a-z]{1,10}(\.[a-z]{1,10}){0,3}$/), fc.constantFrom(1, 28, 15, 16))
      .map(([qname, qtype]) => [{ qname, qtype }]),
  }),
);
const icmp = fc.record({
  kind: fc.constant('ICMP'),
  type: fc.constantFrom(0, 8),
  code: fc.constant(0),
  id: u16,
  seq: u16,
});
const ip4 = fc.record(
  {
    kind: fc.constant('IPv4'),
    src: ipv4,
    dst: ipv4,
    ttl: u8,
    tos: u8,
    id: u16,
    flags: fc.integer({ min: 0, max: 2 }),
    routerAlert: fc.boolean(),
  },
  { requiredKeys: ['kind', 'src', 'dst'] },
);
const ip6 = fc.record(
  {
    kind: fc.constant('IPv6'),
    src: ipv6,
    dst: ipv6,
    hlim: u8,
    tc: u8,
    fl: fc.integer({ min: 0, max: 0xfffff }),
  },
  { requiredKeys: ['kind', 'src', 'dst'] },
);
const ext6 = fc.oneof(
  fc.constant({ kind: 'IPv6ExtHdrHopByHop' }),
  fc.constant({ kind: 'IPv6ExtHdrDestOpt' }),
  fc.record({ kind: fc.constant('IPv6ExtHdrFragment'), id: u32, m: fc.integer({ min: 0, max: 1 }) }),
);
const l2 = fc
  .tuple(
    fc.record({ kind: fc.constant('Ether'), dst: mac, src: mac }),
    fc.array(
      fc.record({
        kind: fc.constantFrom('Dot1Q', 'Dot1AD'),
        vlan: fc.integer({ min: 0, max: 4095 }),
        prio: fc.integer({ min: 0, max: 7 }),
        dei: fc.integer({ min: 0, max: 1 }),
      }),
      { maxLength: 2 },
    ),
  )
  .map(([e, tags]) => [e, ...tags] as Spec[]);

const l3l4: fc.Arbitrary<Spec[]> = fc.oneof(
  fc.tuple(ip4, fc.oneof(tcp, udp, icmp)).map((x) => x as Spec[]),
  fc.tuple(ip4, dnsOverUdp).map(([a, [b, c]]) => [a, b, c] as Spec[]),
  fc
    .tuple(
      ip6,
      fc.array(ext6, { maxLength: 2 }),
      fc.oneof(
        tcp,
        udp,
        fc.record({ kind: fc.constant('ICMPv6EchoRequest'), id: u16, seq: u16 }),
        fc.record({ kind: fc.constant('ICMPv6ND_NS'), tgt: ipv6 }),
        fc.record({
          kind: fc.constant('ICMPv6ND_NA'),
          tgt: ipv6,
          R: fc.integer({ min: 0, max: 1 }),
          S: fc.integer({ min: 0, max: 1 }),
          O: fc.integer({ min: 0, max: 1 }),
        }),
      ),
    )
    .map(([a, ext, c]) => [a, ...ext, c] as Spec[]),
  fc
    .record({
      kind: fc.constant('ARP'),
      op: fc.integer({ min: 1, max: 2 }),
      hwsrc: mac,
      psrc: ipv4,
      hwdst: mac,
      pdst: ipv4,
    })
    .map((a) => [a as Spec]),
  // Tunnels: VXLAN over UDP and Ethernet over GRE.
  fc
    .tuple(ip4, fc.integer({ min: 0, max: 0xffffff }), mac, ip4, udp)
    .map(
      ([o, vni, m, i, u]) =>
        [
          o,
          { kind: 'UDP', sport: 4789, dport: 4789 },
          { kind: 'VXLAN', vni },
          { kind: 'Ether', dst: m, src: m },
          i,
          u,
        ] as Spec[],
    ),
  fc.tuple(ip4, ip4, tcp).map(([o, i, t]) => [o, { kind: 'GRE' }, i, t] as Spec[]),
);

const stackArb = fc.tuple(l2, l3l4, payload).map(([a, b, p]) => {
  const s = [...a, ...b];
  if (p.length && s[s.length - 1]!.kind !== 'ARP' && s[s.length - 1]!.kind !== 'DNS')
    s.push({ kind: 'Raw', load: p });
  return s;
});

const FACTORIES: Record<string, (f: Record<string, unknown>) => LayerList> = {
  Ether: (f) => Ether(f),
  Dot1Q: (f) => Dot1Q(f),
  Dot1AD: (f) => Dot1AD(f),
  ARP: (f) => ARP(f),
  IPv4: ({ routerAlert, ...f }) => IPv4(routerAlert ? { ...f, options: new Uint8Array([0x94, 4, 0, 0]) } : f),
  IPv6: (f) => IPv6(f),
  IPv6ExtHdrHopByHop: (f) => IPv6ExtHdrHopByHop(f),
  IPv6ExtHdrDestOpt: (f) => IPv6ExtHdrDestOpt(f),
  IPv6ExtHdrFragment: (f) => IPv6ExtHdrFragment(f),
  TCP: ({ options, ...f }) => TCP({ ...f, ...(options ? { options: options as TcpOption[] } : {}) }),
  UDP: (f) => UDP(f),
  ICMP: (f) => ICMP(f),
  ICMPv6EchoRequest: (f) => ICMPv6EchoRequest(f),
  ICMPv6ND_NS: (f) => ICMPv6ND_NS(f),
  ICMPv6ND_NA: (f) => ICMPv6ND_NA(f),
  VXLAN: (f) => VXLAN(f),
  GRE: (f) => GRE(f),
  DNS: (f) => DNS(f),
  Raw: (f) => Raw(Buffer.from(f.load as string, 'hex')),
};

function ours(specs: Spec[]): string {
  const parts = specs.map(({ kind, ...f }) => FACTORIES[kind]!(f));
  return Buffer.from(stack(...parts).bytes()).toString('hex');
}

describe('differential building vs scapy 2.5', () => {
  it('600 random stacks produce the same bytes as scapy', () => {
    const stacks = fc.sample(stackArb, { numRuns: 600, seed: 0x5ca9 });
    const r = spawnSync('/usr/bin/python3', [join(import.meta.dirname, 'helpers', 'scapy_build.py')], {
      input: `${stacks.map((s) => JSON.stringify(s)).join('\n')}\n`,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    expect(r.stderr.split('\n').filter((l) => /Error|Traceback/.test(l))).toEqual([]);
    const theirs = r.stdout.trim().split('\n');
    expect(theirs.length).toBe(stacks.length);
    const mismatches: { stack: string; ours: string; scapy: string }[] = [];
    stacks.forEach((s, i) => {
      const a = ours(s);
      if (a !== theirs[i]) mismatches.push({ stack: JSON.stringify(s), ours: a, scapy: theirs[i]! });
    });
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(mismatches.length).toBe(0);
  });
});
