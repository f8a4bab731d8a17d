// Differential test against this machine's libpcap: random expressions from the grammar
// (fast-check), compiled by both compilers, run by libpcap's bpf_filter over corpus packets and
// packets steered through both programs. Decisions and return values must be identical.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/filter/index.js';
import { type EvalGroup, evaluate, libpcapCompile, type Packet } from './oracle.js';
import { exercise } from './packets.js';
import { corpusByDlt } from './vectors.js';

const corpus = corpusByDlt().get('EN10MB') ?? [];

// Values seen in the corpus, so primitives actually match some packets.
function harvest(packets: readonly Packet[]): { ips: string[]; ports: number[]; macs: string[] } {
  const ips = new Set<string>();
  const ports = new Set<number>();
  const macs = new Set<string>();
  for (const { data: d } of packets) {
    if (d.length < 38) continue;
    macs.add([...d.subarray(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join(':'));
    if (d[12] === 0x08 && d[13] === 0x00) {
      ips.add(`${d[26]}.${d[27]}.${d[28]}.${d[29]}`);
      ips.add(`${d[30]}.${d[31]}.${d[32]}.${d[33]}`);
      const ihl = (d[14]! & 0x0f) * 4;
      if (d.length >= 14 + ihl + 4) {
        ports.add((d[14 + ihl]! << 8) | d[15 + ihl]!);
        ports.add((d[16 + ihl]! << 8) | d[17 + ihl]!);
      }
    }
  }
  return { ips: [...ips].slice(0, 40), ports: [...ports].slice(0, 40), macs: [...macs].slice(0, 20) };
}
const seen = harvest(corpus);

const ip = fc.oneof(fc.constantFrom(...seen.ips, '10.0.0.1'), fc.ipV4());
const port = fc.oneof(fc.constantFrom(...seen.ports, 53, 80, 443), fc.integer({ min: 0, max: 65535 }));
const mac = fc.constantFrom(...seen.macs, 'ff:ff:ff:ff:ff:ff', '01:00:5e:00:00:01');
const dir = fc.constantFrom('', 'src ', 'dst ', 'src or dst ', 'src and dst ');
const small = fc.integer({ min: 0, max: 255 });
const relop = fc.constantFrom('=', '!=', '<', '>', '<=', '>=');

const primitive: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(dir, ip).map(([d, a]) => `${d}host ${a}`),
  fc.tuple(dir, ip, ip).map(([d, a, b]) => `${d}host ${a} or ${b}`),
  fc.tuple(dir, ip, fc.integer({ min: 8, max: 32 })).map(([d, a, n]) => {
    const v = a
      .split('.')
      .map(Number)
      .reduce((x, y) => x * 256 + y, 0);
    const m = n === 32 ? v : v - (v % 2 ** (32 - n));
    return `${d}net ${[24, 16, 8, 0].map((s) => Math.floor(m / 2 ** s) % 256).join('.')}/${n}`;
  }),
  fc.tuple(fc.constantFrom('', 'tcp ', 'udp ', 'sctp '), dir, port).map(([p, d, n]) => `${p}${d}port ${n}`),
  fc
    .tuple(fc.constantFrom('tcp ', 'udp '), dir, port, port)
    .map(([p, d, a, b]) => `${p}${d}port ${a} or ${b}`),
  fc
    .tuple(fc.constantFrom('', 'tcp ', 'udp '), port, port)
    .map(([p, a, b]) => `${p}portrange ${Math.min(a, b)}-${Math.max(a, b)}`),
  fc.constantFrom(
    'tcp',
    'udp',
    'icmp',
    'ip',
    'ip6',
    'arp',
    'rarp',
    'icmp6',
    'igmp',
    'sctp',
    'pim',
    'vrrp',
    'ah',
    'esp',
    'llc',
    'stp',
    'atalk',
    'decnet',
  ),
  fc
    .tuple(fc.constantFrom('ether host', 'ether src', 'ether dst', 'ether src or dst'), mac)
    .map(([q, m]) => `${q} ${m}`),
  fc.constantFrom('ether broadcast', 'ether multicast', 'broadcast', 'multicast', 'ip6 multicast'),
  fc.tuple(fc.constantFrom('ip proto', 'ip6 proto', 'proto'), small).map(([q, n]) => `${q} ${n}`),
  fc.constantFrom('ether proto 0x800', 'ether proto 0x86dd', 'ether proto \\arp', 'ether proto 0x88cc'),
  fc
    .tuple(fc.constantFrom('less', 'greater'), fc.integer({ min: 0, max: 1600 }))
    .map(([q, n]) => `${q} ${n}`),
  fc.tuple(relop, fc.integer({ min: 0, max: 1600 })).map(([o, n]) => `len ${o} ${n}`),
  fc.tuple(small, relop).map(([k, o]) => `tcp[13] & ${k} ${o} 0`),
  fc.constantFrom(
    'tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn',
    'icmp[icmptype] == icmp-echo',
    'icmp[icmptype] != icmp-echoreply',
  ),
  fc
    .tuple(
      fc.constantFrom(
        'ip[8]',
        'ip[1]',
        'ip[2:2]',
        'ip[6:2] & 0x1fff',
        'udp[0:2]',
        'udp[2:2]',
        'tcp[0:2]',
        'tcp[2:2]',
        'ether[12:2]',
        'ether[0] & 1',
        'ip[0] & 0xf',
      ),
      relop,
      fc.integer({ min: 0, max: 70000 }),
    )
    .map(([l, o, n]) => `${l} ${o} ${n}`),
  fc
    .tuple(
      fc.constantFrom(
        'ip[2:2] - 20',
        'ip[2:2] / 4',
        'len - 14',
        'tcp[12] >> 4',
        '(ip[0] & 0xf) << 2',
        'ip[8] * 2 + 1',
        'udp[4:2] % 7',
        'ip[9] ^ 6',
        'ip[9] | 1',
      ),
      relop,
      fc.integer({ min: 0, max: 1600 }),
    )
    .map(([l, o, n]) => `${l} ${o} ${n}`),
  fc
    .tuple(
      fc.constantFrom('vlan', 'mpls', 'pppoes'),
      fc.option(fc.integer({ min: 0, max: 4095 }), { nil: undefined }),
    )
    .map(([k, n]) => (n === undefined ? k : `${k} ${n}`)),
  fc.constantFrom(
    'pppoed',
    'ip6 host ::1',
    'ip6 net fe80::/10',
    'ip6 src net 2000::/3',
    'ip6 dst host ff02::1',
  ),
);

const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    primitive,
    fc
      .tuple(tie('e'), fc.constantFrom(' and ', ' or ', ' && ', ' || '), tie('e'))
      .map(([a, o, b]) => `${a}${o}${b}`),
    tie('e').map((a) => `not ${a}`),
    tie('e').map((a) => `!(${a})`),
    tie('e').map((a) => `(${a})`),
  ),
})).e;

describe('differential against libpcap 1.10.3 (pcap_compile + bpf_filter)', () => {
  it('random grammar expressions decide identically over corpus and steered packets', () => {
    const exprs = fc.sample(expr, { numRuns: 300, seed: 20261123 });
    const theirs = libpcapCompile(exprs.map((e) => ({ expr: e, dlt: 'EN10MB' })));
    const groups: EvalGroup[] = [];
    const kept: string[] = [];
    const mismatchedAcceptance: string[] = [];
    exprs.forEach((e, i) => {
      const t = theirs[i]!;
      let ours: ReturnType<typeof compileFilter> | undefined;
      try {
        ours = compileFilter(e, { linkType: 'EN10MB' });
      } catch {
        ours = undefined;
      }
      if (!t.ok || !ours) {
        if (t.ok !== (ours !== undefined))
          mismatchedAcceptance.push(
            `${e}: libpcap ${t.ok ? 'compiles' : `rejects (${t.ok ? '' : t.error})`}, ours ${ours ? 'compiles' : 'rejects'}`,
          );
        return;
      }
      kept.push(e);
      const sample = corpus.filter((_, j) => (j + i) % 2 === 0);
      groups.push({
        programs: [t.program, ours],
        packets: [...sample, ...exercise([t.program, ours], corpus, 200, i)],
      });
    });
    const results = evaluate(groups);
    const diffs: string[] = [];
    results.forEach(([a, b], i) => {
      const j = a!.findIndex((v, k) => v !== b![k]);
      if (j >= 0) diffs.push(`${kept[i]} (packet ${j}: libpcap ${a![j]}, ours ${b![j]})`);
    });
    console.log(
      `differential: ${kept.length} expressions compiled by both, ${diffs.length} with different decisions; acceptance mismatches ${mismatchedAcceptance.length}`,
    );
    if (diffs.length) console.log(diffs.slice(0, 20).join('\n'));
    if (mismatchedAcceptance.length) console.log(mismatchedAcceptance.slice(0, 20).join('\n'));
    expect(kept.length).toBeGreaterThan(250);
    expect(mismatchedAcceptance).toEqual([]);
    expect(diffs).toEqual([]);
  });
});
