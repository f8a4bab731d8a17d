// `pktkit stats` against tshark's -z io,phs (protocol hierarchy) and -z conv,ip (conversations).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpus, pktkit } from './helpers.js';

/** Protocols @pktkit/pkts decodes: tshark lines for others (ssh, http…) are its dissectors' business. */
const DECODED = new Set([
  'eth',
  'vlan',
  'arp',
  'ip',
  'ipv6',
  'tcp',
  'udp',
  'icmp',
  'icmpv6',
  'vxlan',
  'geneve',
  'gre',
  'mpls',
  'sctp',
]);

function tshark(file: string, stat: string): string {
  const r = spawnSync('tshark', ['-n', '-r', file, '-q', '-z', stat], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** `  ip   frames:10 bytes:1368` lines, with their indentation, for decoded protocols only. */
function hierarchy(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => /frames:\d+ bytes:\d+$/.test(l) && DECODED.has(l.trim().split(/\s+/)[0]!))
    .map((l) => l.replace(/\s+frames:/, ' frames:'));
}

/** tshark's conv,ip rows as 'a b frames bytes' with the pair sorted. */
function tsharkConversations(text: string): string[] {
  return text
    .split('\n')
    .map((l) => /^(\S+)\s+<->\s+(\S+)\s+\d+ \d+ bytes\s+\d+ \d+ bytes\s+(\d+) (\d+) bytes/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${[m[1], m[2]].sort().join(' ')} ${m[3]} ${m[4]}`)
    .sort();
}

function ourConversations(text: string, section: 'IPv4' | 'IPv6'): string[] {
  const start = text.indexOf(`Conversations (${section})`);
  const end = text.indexOf('\n\n', start);
  return text
    .slice(start, end)
    .split('\n')
    .map((l) => /^(\S+)\s+<->\s+(\S+)\s+frames:(\d+) bytes:(\d+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${[m[1], m[2]].sort().join(' ')} ${m[3]} ${m[4]}`)
    .sort();
}

describe('pktkit stats vs tshark', () => {
  it.each(['vxlan.pcap', 'geneve.pcap', 'gateway_or_not.pcap'])(
    '%s: protocol hierarchy and IP conversations',
    (name) => {
      const file = join(corpus, name);
      const ours = pktkit(['stats', '-r', file]);
      expect(ours.status, ours.stderr).toBe(0);
      const theirs = hierarchy(tshark(file, 'io,phs'));
      expect(theirs.length).toBeGreaterThan(2);
      expect(hierarchy(ours.stdout)).toEqual(theirs);
      const v4 = tsharkConversations(tshark(file, 'conv,ip'));
      const v6 = tsharkConversations(tshark(file, 'conv,ipv6'));
      expect(v4.length + v6.length).toBeGreaterThan(0);
      expect(ourConversations(ours.stdout, 'IPv4')).toEqual(v4);
      expect(ourConversations(ours.stdout, 'IPv6')).toEqual(v6);
    },
  );

  it('--svg writes an I/O graph whose bars hold every packet', () => {
    const svg = join(mkdtempSync(join(tmpdir(), 'pktkit-stats-')), 'io.svg');
    const file = join(corpus, 'vxlan.pcap');
    const r = pktkit(['stats', '-r', file, '--svg', svg, '--interval', '0.5']);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(text.trim().endsWith('</svg>')).toBe(true);
    const counts = [...text.matchAll(/data-packets="(\d+)"/g)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10);
    // tshark's own I/O statistics over the same 0.5 s intervals give the same counts.
    const io = tshark(file, 'io,stat,0.5');
    const frames = [...io.matchAll(/^\|\s*[\d.]+\s*<>\s*[\d.]+\s*\|\s*(\d+)\s*\|/gm)].map((m) =>
      Number(m[1]),
    );
    expect(counts).toEqual(frames);
  });

  it('a filter restricts every table', () => {
    const file = join(corpus, 'vxlan.pcap');
    const r = pktkit(['stats', '-r', file, 'udp', 'and', 'greater', '140']);
    const t = spawnSync('tcpdump', ['-n', '-r', file, 'udp and greater 140'], { encoding: 'utf8' });
    const matching = t.stdout.split('\n').filter((l) => /^\d\d:/.test(l)).length;
    expect(matching).toBe(8);
    expect(r.stdout).toMatch(new RegExp(`^eth {38}frames:${matching} bytes:`, 'm'));
  });
});
