// Accept blocks: every alias compiles and accepts exactly the packets libpcap's expected program
// accepts (return value included), over corpus packets of the link type plus ≥1000 generated
// packets steered through both programs; and program size against libpcap's optimizer.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/filter/index.js';
import type { Instruction } from '../../src/instruction.js';
import { verify } from '../../src/verify.js';
import { type EvalGroup, evaluate } from './oracle.js';
import { exercise } from './packets.js';
import { parseTcpdumpText } from './tcpdump-text.js';
import { type AcceptBlock, corpusByDlt, expectedText, PRIORITY_DLTS, vectors } from './vectors.js';

const GENERATED = 1000;

interface AliasResult {
  block: AcceptBlock;
  alias: string;
  compiled: boolean;
  error?: string;
  equal: boolean;
  ours: number;
  theirs: number;
  program?: Instruction[];
}

/** Blocks libpcap's own suite only runs with name tables or on other OSes / live captures. */
export function applicable(b: AcceptBlock): boolean {
  return (
    !b.skip &&
    b.linuxext === undefined &&
    b.generate_offline_filter === undefined &&
    expectedText(b) !== undefined &&
    !b.aliases.some((a) => a.startsWith('_'))
  );
}

let results: AliasResult[] = [];

beforeAll(() => {
  const corpus = corpusByDlt(150);
  const blocks = vectors().filter_accept_blocks.filter(applicable);
  const groups: EvalGroup[] = [];
  const pending: { block: AcceptBlock; progs: (Instruction[] | string)[]; expected: Instruction[] }[] = [];
  blocks.forEach((b, bi) => {
    const expected = parseTcpdumpText(expectedText(b)!);
    const progs = b.aliases.map((alias) => {
      try {
        return compileFilter(alias, {
          linkType: b.DLT,
          ...(b.snaplen !== undefined ? { snaplen: b.snaplen } : {}),
          ...(b.netmask !== undefined ? { netmask: b.netmask } : {}),
        });
      } catch (err) {
        return (err as Error).message;
      }
    });
    const ok = progs.filter((p): p is Instruction[] => typeof p !== 'string');
    const packets = [
      ...(corpus.get(b.DLT) ?? []),
      ...exercise([expected, ...ok], corpus.get(b.DLT) ?? [], GENERATED, 1000 + bi),
    ];
    groups.push({ programs: [expected, ...ok], packets });
    pending.push({ block: b, progs, expected });
  });
  const evals = evaluate(groups);
  results = [];
  pending.forEach((p, i) => {
    const [want, ...got] = evals[i]!;
    let gi = 0;
    p.block.aliases.forEach((alias, ai) => {
      const prog = p.progs[ai]!;
      if (typeof prog === 'string') {
        results.push({
          block: p.block,
          alias,
          compiled: false,
          error: prog,
          equal: false,
          ours: 0,
          theirs: p.expected.length,
        });
        return;
      }
      const r = got[gi++]!;
      const equal = r.length === want!.length && r.every((v, j) => v === want![j]);
      results.push({
        block: p.block,
        alias,
        compiled: true,
        equal,
        ours: prog.length,
        theirs: p.expected.length,
        program: prog,
      });
    });
  });
}, 170_000);

function table(): { dlt: string; total: number; pass: number }[] {
  const by = new Map<string, { total: number; pass: number }>();
  for (const r of results) {
    const e = by.get(r.block.DLT) ?? { total: 0, pass: 0 };
    e.total++;
    if (r.equal) e.pass++;
    by.set(r.block.DLT, e);
  }
  return [...by].map(([dlt, e]) => ({ dlt, ...e })).sort((a, b) => b.total - a.total);
}

describe('accept blocks (libpcap vectors)', () => {
  it('prints the pass-rate table', () => {
    const rows = table();
    const lines = rows.map(
      (r) =>
        `${PRIORITY_DLTS.includes(r.dlt) ? '*' : ' '} ${r.dlt.padEnd(24)} ${String(r.pass).padStart(4)}/${String(r.total).padEnd(4)} ${((100 * r.pass) / r.total).toFixed(1)}%`,
    );
    const pass = results.filter((r) => r.equal).length;
    lines.push(`  ALL ${pass}/${results.length} ${((100 * pass) / results.length).toFixed(1)}%`);
    console.log(`accept-block pass rate per DLT (* = priority):\n${lines.join('\n')}`);
    const failures = results.filter((r) => !r.equal && PRIORITY_DLTS.includes(r.block.DLT));
    if (failures.length)
      console.log(
        failures
          .map((f) => `FAIL ${f.block.DLT} ${JSON.stringify(f.alias)}: ${f.error ?? 'different verdicts'}`)
          .join('\n'),
      );
    expect(results.length).toBeGreaterThan(1000);
  });

  it('every alias on a priority DLT compiles and matches libpcap exactly', () => {
    const bad = results
      .filter((r) => PRIORITY_DLTS.includes(r.block.DLT) && !r.equal)
      .map((r) => `${r.block.DLT}: ${r.alias}`);
    expect(bad).toEqual([]);
  });

  it('matches on at least 95% of aliases over all DLTs', () => {
    const pass = results.filter((r) => r.equal).length;
    expect(pass / results.length).toBeGreaterThanOrEqual(0.95);
  });

  it('optimized programs are no longer than libpcap opt + 10% on at least 90% of blocks', () => {
    const compiled = results.filter((r) => r.compiled);
    const small = compiled.filter((r) => r.ours <= Math.floor(r.theirs * 1.1));
    console.log(
      `program size: ${small.length}/${compiled.length} within libpcap opt + 10%; total ours ${compiled.reduce((s, r) => s + r.ours, 0)} vs libpcap ${compiled.reduce((s, r) => s + r.theirs, 0)}`,
    );
    expect(small.length / compiled.length).toBeGreaterThanOrEqual(0.9);
  });

  it('every compiled program passes the kernel verifier rules (attachable)', () => {
    const rejected = results
      .filter((r) => r.program !== undefined)
      .map((r) => ({ r, v: verify(r.program!) }))
      .filter(({ v }) => !v.ok)
      .map(({ r, v }) => `${r.block.DLT} ${r.alias}: ${JSON.stringify(v)}`);
    expect(results.filter((r) => r.program !== undefined).length).toBeGreaterThan(1300);
    expect(rejected).toEqual([]);
  });
});
