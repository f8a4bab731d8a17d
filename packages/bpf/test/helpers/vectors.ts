// Loads ../shared/vectors/libpcap-filter.json (libpcap's own filter test table).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir } from '@pktkit/build-config/repo';

export interface AcceptBlock {
  DLT: string;
  name: string;
  aliases: string[];
  opt?: string | null;
  unopt?: string | null;
  optunopt?: string | null;
  snaplen?: number;
  linuxext?: number;
  skip?: string;
}

export interface ApplyBlock {
  name: string;
  expr: string;
  savefile: string;
  results: number[];
  netmask?: string;
  skip?: string;
}

interface Vectors {
  filter_accept_blocks: AcceptBlock[];
  filter_apply_blocks: ApplyBlock[];
}

let cached: Vectors | undefined;

export function vectors(): Vectors {
  cached ??= JSON.parse(readFileSync(join(sharedDir(), 'vectors', 'libpcap-filter.json'), 'utf8')) as Vectors;
  return cached;
}

export const corpusFile = (name: string): string => join(sharedDir(), 'corpus', 'libpcap-filter', name);

/** The vectors' listings are indented and trimmed; this is the same text as one line per instruction. */
export function normaliseListing(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => `${l}\n`)
    .join('');
}

/** Every expected program text in the accept blocks: [label, text]. */
export function expectedListings(): [string, string][] {
  const out: [string, string][] = [];
  for (const b of vectors().filter_accept_blocks) {
    for (const field of ['opt', 'unopt', 'optunopt'] as const) {
      const text = b[field];
      if (text) out.push([`${b.name}.${field}`, text]);
    }
  }
  return out;
}
