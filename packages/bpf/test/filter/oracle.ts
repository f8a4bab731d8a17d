// Runs libpcap (this machine's) through the C harness: pcap_compile and bpf_filter, batched so one
// process serves thousands of expressions/evaluations.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Instruction } from '../../src/instruction.js';

const here = dirname(fileURLToPath(import.meta.url));
let binary: string | undefined;

export function harnessBinary(): string {
  if (binary) return binary;
  const src = join(here, 'harness.c');
  const dir = join(tmpdir(), 'pktkit-filter-harness');
  mkdirSync(dir, { recursive: true });
  // Named by a hash of the source: reused across runs, rebuilt when the harness changes.
  const hash = createHash('sha256').update(readFileSync(src)).digest('hex').slice(0, 12);
  const out = join(dir, `harness-${hash}`);
  if (!existsSync(out)) {
    const tmp = `${out}.${process.pid}`;
    execFileSync('cc', ['-O2', '-o', tmp, src, '-lpcap']);
    renameSync(tmp, out);
  }
  binary = out;
  return out;
}

function run(input: string): string {
  return execFileSync(harnessBinary(), { input, maxBuffer: 1 << 30 }).toString();
}

export interface Packet {
  readonly data: Uint8Array;
  readonly wireLength: number;
}

const progLine = (p: readonly Instruction[]): string =>
  `${p.length} ${p.map((i) => `${i.code} ${i.jt} ${i.jf} ${i.k >>> 0}`).join(' ')}`;
const pktLine = (p: Packet): string =>
  `${p.data.length} ${p.wireLength} ${Buffer.from(p.data).toString('hex')}`;

export interface EvalGroup {
  programs: readonly (readonly Instruction[])[];
  packets: readonly Packet[];
}

/** bpf_filter results for every program × packet, group by group. */
export function evaluate(groups: readonly EvalGroup[]): number[][][] {
  const parts: string[] = [];
  for (const g of groups) {
    parts.push(`G ${g.programs.length} ${g.packets.length}`);
    for (const p of g.programs) parts.push(progLine(p));
    for (const k of g.packets) parts.push(pktLine(k));
  }
  const lines = run(`${parts.join('\n')}\n`).split('\n');
  let li = 0;
  return groups.map((g) =>
    g.programs.map(() => {
      const l = lines[li++] ?? '';
      return g.packets.length === 0 ? [] : l.split(' ').map(Number);
    }),
  );
}

export type Compiled = { ok: true; program: Instruction[] } | { ok: false; error: string };

/** pcap_compile on this machine's libpcap. */
export function libpcapCompile(
  items: readonly { expr: string; dlt: string; snaplen?: number; optimize?: boolean; netmask?: number }[],
): Compiled[] {
  const input = items
    .map(
      (i) =>
        `C ${i.dlt} ${i.snaplen ?? 262144} ${i.optimize === false ? 0 : 1} ${i.netmask ?? 0xffffffff} ${i.expr.replace(/\n/g, ' ')}`,
    )
    .join('\n');
  const lines = run(`${input}\n`).split('\n');
  return items.map((_, i) => {
    const l = lines[i] ?? 'ERR missing';
    if (l.startsWith('ERR ')) return { ok: false, error: l.slice(4) };
    const nums = l.slice(3).split(' ').map(Number);
    const n = nums[0]!;
    const program: Instruction[] = [];
    for (let j = 0; j < n; j++) {
      program.push({
        code: nums[1 + 4 * j]!,
        jt: nums[2 + 4 * j]!,
        jf: nums[3 + 4 * j]!,
        k: nums[4 + 4 * j]!,
      });
    }
    return { ok: true, program };
  });
}

/** Mean ns per pcap_compile over `reps` passes of `exprs` (the harness times its own loop). */
export function libpcapCompileTime(dlt: string, exprs: readonly string[], reps: number): number {
  const out = run(`T ${dlt} ${reps} ${exprs.length}\n${exprs.join('\n')}\n`);
  return Number(/TIME (\S+)/.exec(out)![1]);
}
