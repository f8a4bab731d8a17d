// `pktkit read --json` against tshark: every field pktkit prints, for every packet of a few corpus
// files, equals tshark's first occurrence of that field (reassembly off, as in pkts' differential).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpus, pktkit } from './helpers.js';

const PREFS = [
  'ip.defragment:FALSE',
  'ipv6.defragment:FALSE',
  'tcp.desegment_tcp_streams:FALSE',
  'dns.desegment_dns_messages:FALSE',
].flatMap((p) => ['-o', p]);

function tshark(file: string, fields: string[]): string[][] {
  const r = spawnSync(
    'tshark',
    ['-n', ...PREFS, '-r', file, '-T', 'fields', '-E', 'occurrence=f', ...fields.flatMap((f) => ['-e', f])],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => line.split('\t'));
}

describe('pktkit read --json vs tshark', () => {
  it.each(['vxlan.pcap', 'geneve.pcap', 'gateway_or_not.pcap', 'isakmp4500.pcap', 'dhcp-rfc3004.pcap'])(
    '%s',
    (name) => {
      const file = join(corpus, name);
      const ours = pktkit(['read', '-r', file, '--json']);
      expect(ours.status, ours.stderr).toBe(0);
      const packets = ours.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, string>);
      expect(packets.length).toBeGreaterThan(0);
      const fields = [...new Set(packets.flatMap((p) => Object.keys(p)))]
        .filter((k) => !k.startsWith('data.'))
        .sort();
      const rows = tshark(file, fields);
      expect(rows.length).toBe(packets.length);
      let compared = 0;
      packets.forEach((p, i) => {
        for (const [key, value] of Object.entries(p)) {
          if (key.startsWith('data.')) continue; // tshark's data.* depends on heuristics for payloads (e.g. ICMP timestamps)
          const theirs = rows[i]![fields.indexOf(key)];
          expect({ packet: i + 1, key, value: theirs }).toEqual({ packet: i + 1, key, value });
          compared++;
        }
      });
      expect(compared).toBeGreaterThan(packets.length * 10);
    },
  );
});
