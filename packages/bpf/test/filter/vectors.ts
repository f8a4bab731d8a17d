// The shared libpcap filter vectors and corpus captures, grouped the way the filter tests use them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir } from '@pktkit/build-config/repo';
import { DLT_BY_NAME } from '../../src/filter/dlt.js';
import type { Packet } from './oracle.js';
import { readCapture } from './pcap.js';

export interface AcceptBlock {
  name: string;
  DLT: string;
  aliases: string[];
  opt?: string | null;
  unopt?: string | null;
  optunopt?: string;
  snaplen?: number;
  netmask?: string;
  skip?: string;
  linuxext?: unknown;
  generate_offline_filter?: unknown;
}
export interface ApplyBlock {
  name: string;
  savefile: string;
  expr: string;
  netmask?: string;
  results: number[];
}
export interface RejectTest {
  name: string;
  DLT?: string;
  expr?: string;
  errstr: string;
  netmask?: string;
  savefile?: string;
  skip?: string;
}

interface Vectors {
  filter_accept_blocks: AcceptBlock[];
  filter_apply_blocks: ApplyBlock[];
  filter_reject_tests: RejectTest[];
}

export const SHARED = sharedDir();
let cache: Vectors | undefined;
export function vectors(): Vectors {
  cache ??= JSON.parse(readFileSync(join(SHARED, 'vectors', 'libpcap-filter.json'), 'utf8')) as Vectors;
  return cache;
}

export const PRIORITY_DLTS = [
  'EN10MB',
  'LINUX_SLL',
  'LINUX_SLL2',
  'RAW',
  'IPV4',
  'IPV6',
  'NULL',
  'LOOP',
  'PPP',
  'IEEE802_11',
  'IEEE802_11_RADIO',
];

/** libpcap's `pcap_datalink_val_to_name` numbers differ per OS for a few DLTs; use Linux's. */
const LINKTYPE_TO_DLT: Record<number, string> = { 101: 'RAW', 108: 'LOOP', 12: 'RAW', 14: 'RAW' };

const byCap = new Map<number, Map<string, Packet[]>>();
/** Corpus packets (tcpdump and libpcap-filter captures) grouped by DLT name, capped per DLT. */
export function corpusByDlt(cap = 400): Map<string, Packet[]> {
  const cached = byCap.get(cap);
  if (cached) return cached;
  const byLink = new Map<string, Packet[]>();
  byCap.set(cap, byLink);
  const nameOf = new Map([...DLT_BY_NAME].map(([n, v]) => [v, n] as const));
  for (const sub of ['libpcap-filter', 'tcpdump']) {
    const dir = join(SHARED, 'corpus', sub);
    for (const f of readdirSync(dir).sort()) {
      if (!/\.(pcap|pcapng|cap)$/.test(f)) continue;
      let cap0: ReturnType<typeof readCapture>;
      try {
        cap0 = readCapture(join(dir, f));
      } catch {
        continue;
      }
      const name = LINKTYPE_TO_DLT[cap0.linkType] ?? nameOf.get(cap0.linkType);
      if (!name) continue;
      const list = byLink.get(name) ?? [];
      for (const p of cap0.packets) {
        if (list.length >= cap) break;
        list.push(p);
      }
      byLink.set(name, list);
    }
  }
  return byLink;
}

/** The expected program text of an accept block (optimized form). */
export const expectedText = (b: AcceptBlock): string | undefined => b.opt ?? b.optunopt ?? undefined;

/**
 * Stand-in for libpcap's test host table: names like `eth-ipv4-noipv6.host123.libpcap.test` say
 * which address families they have, and that is all the reject tests depend on.
 */
export function testResolver(name: string): { ipv4?: string[]; ipv6?: string[]; mac?: string } | undefined {
  const m = /^(no)?eth-(no)?ipv4(?:x\d)?-(no)?ipv6(?:x\d)?\.host\d+\.libpcap\.test$/i.exec(name);
  if (!m) return undefined;
  return {
    ...(m[1] ? {} : { mac: '02:00:00:00:00:01' }),
    ...(m[2] ? {} : { ipv4: ['10.20.30.40'] }),
    ...(m[3] ? {} : { ipv6: ['2001:db8::1'] }),
  };
}
