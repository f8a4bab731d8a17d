// tshark as the outside oracle, with a content-addressed cache: the machine is shared and tshark
// costs seconds per start, so each (tshark version, arguments, capture bytes) is run once and its
// output kept under node_modules/.cache. Deleting that folder re-runs everything.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDir } from '@pktkit/build-config/repo';

const here = dirname(fileURLToPath(import.meta.url));
const cacheDir = resolve(here, '../../node_modules/.cache/pktkit-sequence-tshark');

export const corpusDir = join(sharedDir(here), 'corpus');

let version: string | null = null;
export function tsharkVersion(): string {
  if (version === null) {
    version = execFileSync('tshark', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
  }
  return version;
}

/** Every capture of the shared corpus except the deliberately invalid headers. */
export function corpusCaptures(): string[] {
  const out: string[] = [];
  for (const dir of ['zeek', 'tcpdump', 'libpcap-filter', 'pcapng-conformance']) {
    const d = join(corpusDir, dir);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) {
      if (/\.(pcap|pcapng|cap|pcap\.gz)$/i.test(f) && !f.endsWith('.gz')) out.push(join(d, f));
    }
  }
  return out;
}

export interface TsharkRun {
  status: number;
  stdout: string;
}

function cacheKey(file: string, args: readonly string[], command = 'tshark'): string {
  const h = createHash('sha256');
  h.update(command === 'tshark' ? tsharkVersion() : command);
  h.update('\0');
  h.update(args.join('\0'));
  h.update('\0');
  h.update(readFileSync(file));
  return h.digest('hex');
}

/** tshark -r file ...args, cached by content. */
export function tshark(file: string, args: readonly string[]): Promise<TsharkRun> {
  return cachedRun('tshark', file, args);
}

/**
 * Whether tcpdump (quick to start) prints any TCP segment in the file, tunnels it decodes
 * included: tshark, which costs seconds per start here, is then only run on those files.
 */
export async function hasTcp(file: string): Promise<boolean> {
  const run = await cachedRun('tcpdump', file, []);
  return run.stdout.includes('Flags [');
}

function cachedRun(command: string, file: string, args: readonly string[]): Promise<TsharkRun> {
  const key = cacheKey(file, args, command);
  const path = join(cacheDir, `${key}.json`);
  if (existsSync(path)) return Promise.resolve(JSON.parse(readFileSync(path, 'utf8')) as TsharkRun);
  return new Promise((res) => {
    execFile(
      command,
      ['-n', ...(command === 'tcpdump' ? ['-n'] : []), '-r', file, ...args],
      { encoding: 'utf8', maxBuffer: 512 << 20, timeout: 300_000 },
      (err, stdout) => {
        const status = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        const run: TsharkRun = { status, stdout };
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(path, JSON.stringify(run));
        res(run);
      },
    );
  });
}

/** Runs jobs with at most `limit` at a time (the machine has two cores shared by many). */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
