// `tcpdump -ddd` / `bpf_asm` default output: a count, then "code jt jf k" in decimal. The count and the
// instructions may be separated by newlines (tcpdump) or commas (iptables xt_bpf's --bytecode form).
import { BpfParseError, positionAt } from '../errors.js';
import { type Instruction, insn, type Program } from '../instruction.js';

const SYNTAX = 'decimal';

export interface DecimalOptions {
  /** Separator between count and instructions: '\n' (tcpdump -ddd, the default) or ',' (xt_bpf). */
  separator?: '\n' | ',';
}

export function printDecimal(program: Program, options: DecimalOptions = {}): string {
  const sep = options.separator ?? '\n';
  const parts = [String(program.length), ...program.map((i) => `${i.code} ${i.jt} ${i.jf} ${i.k}`)];
  return sep === '\n' ? `${parts.join('\n')}\n` : parts.join(',');
}

export function parseDecimal(text: string): Instruction[] {
  const tokens: { value: number; at: number }[] = [];
  const re = /[^\s,]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!/^\d+$/.test(m[0]) || Number(m[0]) > 0xffffffff) {
      throw new BpfParseError(`expected a decimal number, got "${m[0]}"`, SYNTAX, positionAt(text, m.index));
    }
    tokens.push({ value: Number(m[0]), at: m.index });
  }
  if (tokens.length === 0) throw new BpfParseError('empty program text', SYNTAX, positionAt(text, 0));
  const count = tokens[0]!.value;
  if (tokens.length !== 1 + count * 4) {
    const at = tokens[Math.min(tokens.length - 1, 1 + count * 4)]!.at;
    throw new BpfParseError(
      `count says ${count} instructions but ${(tokens.length - 1) / 4} follow`,
      SYNTAX,
      positionAt(text, at),
    );
  }
  const program: Instruction[] = [];
  for (let i = 0; i < count; i++) {
    const [c, jt, jf, k] = tokens.slice(1 + i * 4, 5 + i * 4) as [
      (typeof tokens)[0],
      (typeof tokens)[0],
      (typeof tokens)[0],
      (typeof tokens)[0],
    ];
    for (const [t, max] of [
      [c, 0xffff],
      [jt, 0xff],
      [jf, 0xff],
    ] as const) {
      if (t.value > max)
        throw new BpfParseError(`field ${t.value} out of range`, SYNTAX, positionAt(text, t.at));
    }
    program.push(insn(c.value, k.value, jt.value, jf.value));
  }
  return program;
}
