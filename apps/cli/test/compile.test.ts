// `pktkit compile` against tcpdump: for each expression, the program pktkit prints and the one
// tcpdump -ddd prints, both run over every Ethernet packet of the corpus, accept the same packets.
import { spawnSync } from 'node:child_process';
import { assemble, createFilter, disassemble } from '@pktkit/bpf';
import { describe, expect, it } from 'vitest';
import { corpusPackets, pktkit } from './helpers.js';

const EXPRESSIONS = [
  'ip',
  'ip6',
  'arp',
  'tcp',
  'udp',
  'icmp',
  'icmp6',
  'tcp port 80',
  'udp port 53',
  'port 4789',
  'tcp dst port 80 or udp src port 53',
  'host 192.168.203.1',
  'src net 192.168.0.0/16',
  'dst host 10.0.0.1',
  'ether broadcast',
  'ether multicast',
  'ether host 00:16:3e:08:71:cf',
  'vlan',
  'vlan and ip',
  'pppoes',
  'pppoes and ip',
  'mpls',
  'greater 100',
  'less 64',
  'ip[8] = 64',
  'tcp[tcpflags] & (tcp-syn|tcp-ack) != 0',
  'icmp[icmptype] = icmp-echo',
  'ip and not tcp',
  'not ip and not arp',
  'ip proto 47',
  'ip6 and udp',
  'portrange 1-1024',
  'len >= 200 and udp',
];

function verdicts(programText: string, packets: { bytes: Uint8Array; wireLength: number }[]): boolean[] {
  const filter = createFilter(assemble(programText), { jit: false });
  return packets.map((p) => filter(p.bytes, p.wireLength) !== 0);
}

describe('pktkit compile vs tcpdump -d', () => {
  const packets = corpusPackets(1);

  it('has a corpus to run on', () => {
    expect(packets.length).toBeGreaterThan(100);
  });

  it.each(EXPRESSIONS)('%s: same verdict on every corpus packet', (expression) => {
    const ours = pktkit(['compile', '-ddd', expression]);
    expect(ours.status, ours.stderr).toBe(0);
    const theirs = spawnSync('tcpdump', ['-ddd', expression], { encoding: 'utf8' });
    expect(theirs.status, theirs.stderr).toBe(0);
    const a = verdicts(ours.stdout, packets);
    const b = verdicts(theirs.stdout, packets);
    expect(a.filter(Boolean).length).toBe(b.filter(Boolean).length);
    expect(a).toEqual(b);
  });

  it('-d prints the listing form, -dd the C form, -O leaves the optimizer out, --dlt picks the link', () => {
    const listing = pktkit(['compile', '-d', 'tcp port 80']).stdout;
    expect(listing).toMatch(/^\(000\) ldh {6}\[12\]$/m);
    const c = pktkit(['compile', '-dd', 'tcp port 80']).stdout;
    expect(c).toMatch(/^\{ 0x28, 0, 0, 0x0000000c \},$/m);
    // The three forms are the same program.
    expect(disassemble(assemble(listing))).toBe(disassemble(assemble(c)));
    const unopt = pktkit(['compile', '-ddd', '-O', 'tcp port 80 and tcp port 80']).stdout;
    const opt = pktkit(['compile', '-ddd', 'tcp port 80 and tcp port 80']).stdout;
    expect(Number(unopt.split('\n')[0])).toBeGreaterThan(Number(opt.split('\n')[0]));
    const raw = pktkit(['compile', '-ddd', '--dlt', 'RAW', 'ip']).stdout;
    const rawPackets = [{ bytes: Uint8Array.from([0x45, ...new Array(19).fill(0)]), wireLength: 20 }];
    expect(verdicts(raw, rawPackets)).toEqual([true]);
  });
});
