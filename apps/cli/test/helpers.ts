// Runs the built bin as a child, and reads corpus captures for differential tests.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCapture } from '@pktkit/formats';

export const bin = join(import.meta.dirname, '..', 'dist', 'cli.js');
export const corpus = resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'corpus',
  'libpcap-filter',
);

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function pktkit(args: string[], options: { timeoutMs?: number } = {}): RunResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 64 << 20,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface CorpusPacket {
  file: string;
  bytes: Uint8Array;
  wireLength: number;
}

/** Every packet of the corpus files with the given link type (copied out of the reader). */
export function corpusPackets(linkType: number): CorpusPacket[] {
  const out: CorpusPacket[] = [];
  for (const name of readdirSync(corpus).sort()) {
    if (!/\.pcap(ng)?$/.test(name)) continue;
    try {
      for (const r of readCapture(new Uint8Array(readFileSync(join(corpus, name))))) {
        if (r.linkType === linkType)
          out.push({ file: name, bytes: r.data.slice(), wireLength: r.originalLength });
      }
    } catch {
      // Files the reader refuses are the reader's tests' business, not this one's.
    }
  }
  return out;
}
