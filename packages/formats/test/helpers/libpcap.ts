import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One packet as libpcap's pcap_next_ex returns it (nanosecond precision). */
export interface LibpcapFrame {
  /** seconds * 1e9 + nanoseconds, as libpcap reports them (not normalised). */
  ns: bigint;
  capLen: number;
  len: number;
  /** FNV-1a 64 of the bytes, hex. */
  fnv: string;
}

export interface LibpcapResult {
  linkType: number | undefined;
  frames: LibpcapFrame[];
  error: string;
}

let binary: string | undefined;

/** Compiles test/helpers/libpcap-dump.c once per run (cc and libpcap-dev are part of the dev setup). */
export function libpcapDump(): string {
  if (binary !== undefined && existsSync(binary)) return binary;
  const dir = mkdtempSync(join(tmpdir(), 'pktkit-formats-'));
  const out = join(dir, 'libpcap-dump');
  const result = spawnSync('cc', ['-O2', '-o', out, join(__dirname, 'libpcap-dump.c'), '-lpcap'], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`cc failed: ${result.stderr}`);
  binary = out;
  return out;
}

export function fnv1a64(bytes: Uint8Array): string {
  let hash = 0xcbf29ce484222325n;
  // 64-bit FNV with two 32-bit halves would be faster; bigint is fine for test-sized data.
  for (let i = 0; i < bytes.length; i++)
    hash = ((hash ^ BigInt(bytes[i]!)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash.toString(16).padStart(16, '0');
}

function run(command: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(command, args, { maxBuffer: 256 << 20 }, (error, stdout, stderr) => {
      resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 });
    });
  });
}

/** Reads many files with libpcap in one process; results keyed by path. */
export async function runLibpcap(paths: readonly string[]): Promise<Map<string, LibpcapResult>> {
  const { stdout } = await run(libpcapDump(), [...paths]);
  const results = new Map<string, LibpcapResult>();
  let current: LibpcapResult = { linkType: undefined, frames: [], error: '' };
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('FILE ')) {
      current = { linkType: undefined, frames: [], error: '' };
      results.set(line.slice(5), current);
    } else if (line.startsWith('LINKTYPE ')) current.linkType = Number(line.slice(9));
    else if (line.startsWith('ERROR ')) current.error = line.slice(6);
    else {
      const [s = '0', ns = '0', capLen = '0', len = '0', fnv = ''] = line.split(' ');
      current.frames.push({
        ns: BigInt(s) * 1_000_000_000n + BigInt(ns),
        capLen: Number(capLen),
        len: Number(len),
        fnv,
      });
    }
  }
  return results;
}
