// Differential dissection: our decoder vs tshark over every corpus packet in the supported protocols.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decoder } from '../src/index.js';
import { corpusPackets, SUPPORTED_LINKS } from './helpers/corpus.js';
import { FIELDS, tsharkFields } from './helpers/tshark.js';

/** tshark protocol names of layers we decode; a packet is in scope when everything up to its last compared layer is one of these. */
const DECODED = new Set([
  'eth',
  'ethertype',
  'vlan',
  'sll',
  'null',
  'loop',
  'raw',
  'arp',
  'ip',
  'ipv6',
  'ipv6.hopopts',
  'ipv6.routing',
  'ipv6.fraghdr',
  'ipv6.dstopts',
  'ah',
  'icmp',
  'icmpv6',
  'tcp',
  'udp',
  'sctp',
  'gre',
  'vxlan',
  'geneve',
  'mpls',
  'dns',
  'mdns',
  'llmnr',
  'dhcp',
  'data',
]);
const COMPARED = new Set([
  'eth',
  'vlan',
  'arp',
  'ip',
  'ipv6',
  'tcp',
  'udp',
  'icmp',
  'icmpv6',
  'dns',
  'mdns',
  'llmnr',
]);

function inScope(protocols: string[]): boolean {
  const p = protocols.filter((x) => x !== 'frame' && x !== '');
  let last = -1;
  p.forEach((x, i) => {
    if (COMPARED.has(x)) last = i;
  });
  if (last < 0) return false;
  return p.slice(0, last + 1).every((x) => DECODED.has(x));
}

describe('differential dissection vs tshark 4.0', () => {
  it('agrees on every compared field for ≥ 99% of in-scope corpus packets', () => {
    const { packets } = corpusPackets();
    const byLink = new Map<number, typeof packets>();
    for (const p of packets) {
      if (!SUPPORTED_LINKS.has(p.linkType)) continue;
      const list = byLink.get(p.linkType) ?? [];
      list.push(p);
      byLink.set(p.linkType, list);
    }
    const decoder = new Decoder();
    let total = 0;
    let scoped = 0;
    let agree = 0;
    const outOfScope = new Map<string, number>();
    const diffs: {
      file: string;
      index: number;
      field: string;
      ours: string;
      tshark: string;
      protocols: string;
    }[] = [];
    const fieldDiffs = new Map<string, number>();
    for (const [link, list] of byLink) {
      const rows = tsharkFields(link, list);
      list.forEach((p, i) => {
        total++;
        const row = rows[i]!;
        if (!inScope(row.protocols)) {
          const why = row.protocols.find((x) => x !== 'frame' && !DECODED.has(x)) ?? '(nothing compared)';
          outOfScope.set(why, (outOfScope.get(why) ?? 0) + 1);
          return;
        }
        scoped++;
        const ours = decoder.decode(p.data, 0, p.data.length, link).toJSON();
        let same = true;
        for (const f of FIELDS) {
          const a = ours[f] ?? '';
          const b = row.values[f] ?? '';
          if (a !== b) {
            same = false;
            fieldDiffs.set(f, (fieldDiffs.get(f) ?? 0) + 1);
            diffs.push({
              file: basename(p.file),
              index: p.index,
              field: f,
              ours: a,
              tshark: b,
              protocols: row.protocols.join(':'),
            });
          }
        }
        if (same) agree++;
      });
    }
    const rate = agree / scoped;
    const report = {
      total,
      inScope: scoped,
      agree,
      rate,
      outOfScope: Object.fromEntries([...outOfScope].sort((a, b) => b[1] - a[1])),
      fieldDiffs: Object.fromEntries([...fieldDiffs].sort((a, b) => b[1] - a[1])),
      diffs,
    };
    const outDir = join(process.cwd(), 'test-output');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'tshark-diff.json'), JSON.stringify(report, null, 1));
    console.log(
      `tshark differential: ${agree}/${scoped} in-scope packets identical (${(rate * 100).toFixed(2)}%), ${total} packets on supported link types`,
    );
    expect(scoped).toBeGreaterThan(5000);
    expect(rate).toBeGreaterThanOrEqual(0.99);
  });
});
