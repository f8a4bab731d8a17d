// Builds and drives the libpcap C oracle (libpcap-oracle.c) and the kernel oracle (kernel-oracle.py).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Instruction, Program } from '../../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Compiles libpcap-oracle.c against the installed libpcap (cached by source hash). */
export function libpcapOracle(): string {
  const source = join(here, 'libpcap-oracle.c');
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'pktkit-bpf-oracle');
  mkdirSync(dir, { recursive: true });
  const binary = join(dir, `libpcap-oracle-${hash}`);
  if (!existsSync(binary)) {
    const r = spawnSync('cc', ['-O2', '-o', binary, source, '-lpcap'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cc failed: ${r.stderr}`);
  }
  return binary;
}

function run(args: string[], input = ''): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(libpcapOracle(), args, { input, encoding: 'utf8', maxBuffer: 256 << 20 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const parseInsns = (text: string): Instruction[] =>
  text
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [code, jt, jf, k] = l.split(' ').map(Number) as [number, number, number, number];
      return { code, jt, jf, k };
    });

/** libpcap's pcap_compile for a capture file's link type and snap length; an error string on failure. */
export function libpcapCompileFile(file: string, expr: string, netmask?: string): Instruction[] | string {
  const r = run(['compilefile', file, netmask ?? '-', expr]);
  return r.status === 0 ? parseInsns(r.stdout) : r.stderr.trim();
}

/** A capture file's DLT name and snap length, as libpcap reads them. */
export function libpcapFileInfo(file: string): { dlt: string; snaplen: number } {
  const r = run(['fileinfo', file]);
  const [dlt, snaplen] = r.stdout.trim().split(' ');
  return { dlt: dlt ?? '?', snaplen: Number(snaplen) };
}

/** libpcap's pcap_compile for a DLT name. */
export function libpcapCompile(
  dlt: string,
  snaplen: number,
  expr: string,
  optimize = true,
): Instruction[] | string {
  const r = run(['compile', dlt, String(snaplen), optimize ? '1' : '0', expr]);
  return r.status === 0 ? parseInsns(r.stdout) : r.stderr.trim();
}

/** libpcap's bpf_image lines for each program (one process for all). */
export function libpcapImage(programs: readonly Program[]): string[][] {
  const input = programs
    .map((p) => `R\n${p.map((i) => `${i.code} ${i.jt} ${i.jf} ${i.k}\n`).join('')}`)
    .join('');
  const lines = run(['image'], input).stdout.split('\n');
  let at = 0;
  return programs.map((p) => {
    const out = lines.slice(at, at + p.length);
    at += p.length;
    return out;
  });
}

export interface OraclePacket {
  data: Uint8Array;
  wireLength: number;
}

/** Runs libpcap's bpf_filter for every (program, packets) case in one process; results per case. */
export function libpcapFilter(
  cases: readonly { program: Program; packets: readonly OraclePacket[] }[],
): number[][] {
  const parts: string[] = [];
  for (const c of cases) {
    parts.push(`P ${c.program.length}\n`);
    for (const i of c.program) parts.push(`${i.code} ${i.jt} ${i.jf} ${i.k}\n`);
    for (const p of c.packets) {
      parts.push(
        `K ${p.wireLength} ${p.data.length} ${p.data.length ? Buffer.from(p.data).toString('hex') : '-'}\n`,
      );
    }
  }
  const r = run(['filter'], parts.join(''));
  if (r.status !== 0) throw new Error(`libpcap oracle failed (${r.status}): ${r.stderr}`);
  const values = r.stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map(Number);
  let at = 0;
  return cases.map((c) => {
    const out = values.slice(at, at + c.packets.length);
    at += c.packets.length;
    return out;
  });
}
