import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
  const result = spawnSync('cc', ['-O2', '-o', out, join(__dirname, 'libpcap-dump.c'), '-lpcap'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cc failed: ${result.stderr}`);
  binary = out;
  return out;
}

export function fnv1a64(bytes: Uint8Array): string {
  let hash = 0xcbf29ce484222325n;
  // 64-bit FNV with two 32-bit halves would be faster; bigint is fine for test-sized data.
  for (let i = 0; i < bytes.length; i++) hash = ((hash ^ BigInt(bytes[i]!)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash.toString(16).padStart(16, '0');
}

function run(command: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(command, args, { maxBuffer: 256 << 20 }, (error, stdout, stderr) => {
      resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 });
    });
  });
}

/** Reads a pcap file with libpcap. */
export async function runLibpcap(path: string): Promise<LibpcapResult> {
  const { stdout } = await run(libpcapDump(), [path]);
  const frames: LibpcapFrame[] = [];
  let linkType: number | undefined;
  let error = '';
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('LINKTYPE ')) linkType = Number(line.slice(9));
    else if (line.startsWith('ERROR ')) error = line.slice(6);
    else {
      const [s = '0', ns = '0', capLen = '0', len = '0', fnv = ''] = line.split(' ');
      frames.push({ ns: BigInt(s) * 1_000_000_000n + BigInt(ns), capLen: Number(capLen), len: Number(len), fnv });
    }
  }
  return { linkType, frames, error };
}

/**
 * Reads a file with Wireshark's wiretap (tshark's file reader) through editcap 4.0.17, which costs
 * 30x less start-up than tshark: editcap rewrites it as a nanosecond pcap, which libpcap then lists.
 * `error` is editcap's complaint when wiretap rejects the file.
 */
export async function runWiretap(path: string): Promise<LibpcapResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pktkit-wiretap-'));
  try {
    const out = join(dir, 'out.pcap');
    const { stderr, code } = await run('editcap', ['-F', 'nsecpcap', path, out]);
    const error = stderr.split('\n').filter((l) => l.trim() !== '').join(' ');
    if (!existsSync(out)) return { linkType: undefined, frames: [], error: error || `editcap exited ${code}` };
    const result = await runLibpcap(out);
    return { ...result, error: error || result.error };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
