// Classic BPF → JavaScript source. Forward-only programs become straight-line code inside nested
// labelled blocks (a jump to t is `break L_t`), which V8 compiles like hand-written code; programs with
// backward jumps (libpcap's protochain) or very many jump targets use a `switch (pc)` loop instead.
import { ancillaryFieldOf } from '../ancillary.js';
import type { Instruction, Program } from '../instruction.js';
import { MAX_BACKWARD_JUMPS, type Semantics } from '../vm/semantics.js';

/** Above this many distinct jump targets, nested blocks get too deep for comfort: use the switch form. */
const MAX_NESTED_TARGETS = 400;

export interface CodegenOptions {
  semantics: Semantics;
  /** 'auto' (default) picks nested blocks when possible; the others force a form (for tests). */
  form?: 'auto' | 'blocks' | 'switch';
}

/** Names the generated function body may use: its parameters and the helpers passed to its factory. */
export const FACTORY_PARAMS = ['ctx', 'readAncillary', 'linuxLoadPosition'] as const;

const u32 = (k: number): string => String(k >>> 0);

function loadExpr(at: string, size: number): string {
  if (size === 1) return `p[${at}]`;
  if (size === 2) return `(p[${at}] << 8) | p[${at} + 1]`;
  return `((p[${at}] << 24) | (p[${at} + 1] << 16) | (p[${at} + 2] << 8) | p[${at} + 3]) >>> 0`;
}

const SIZE: Record<number, number> = { 0: 4, 8: 2, 16: 1 };

/** Source for one non-jump instruction. `linux` selects the kernel's load and shift behaviour. */
function statement(ins: Instruction, linux: boolean): string {
  const k = ins.k >>> 0;
  const K = u32(k);
  const code = ins.code;
  switch (code) {
    case 0x06:
      return `return ${K};`;
    case 0x16:
      return 'return A;';
    case 0x20:
    case 0x28:
    case 0x30: {
      const size = SIZE[code & 0x18]!;
      if (linux) {
        const field = ancillaryFieldOf(k);
        if (field) return `A = readAncillary(ctx, ${field.index}, p, o, len, A, X);`;
        if (k >= 0x80000000) {
          return `t = linuxLoadPosition(ctx, ${k | 0}, ${size}, len); if (t < 0) return 0; A = ${loadExpr('o + t', size)};`;
        }
      }
      return `if (len < ${k + size}) return 0; A = ${loadExpr(`o + ${K}`, size)};`;
    }
    case 0x40:
    case 0x48:
    case 0x50: {
      const size = SIZE[code & 0x18]!;
      if (linux) {
        return `t = linuxLoadPosition(ctx, (X + ${K}) | 0, ${size}, len); if (t < 0) return 0; A = ${loadExpr('o + t', size)};`;
      }
      return `t = X + ${K}; if (t + ${size} > len) return 0; A = ${loadExpr('o + t', size)};`;
    }
    case 0xb1:
      if (linux && k >= 0x80000000) {
        return `t = linuxLoadPosition(ctx, ${k | 0}, 1, len); if (t < 0) return 0; X = (p[o + t] & 15) << 2;`;
      }
      return `if (len <= ${K}) return 0; X = (p[o + ${K}] & 15) << 2;`;
    case 0x00:
      return `A = ${K};`;
    case 0x01:
      return `X = ${K};`;
    case 0x80:
      return 'A = wire;';
    case 0x81:
      return 'X = wire;';
    case 0x60:
      return `A = m${k};`;
    case 0x61:
      return `X = m${k};`;
    case 0x02:
      return `m${k} = A;`;
    case 0x03:
      return `m${k} = X;`;
    case 0x04:
      return `A = (A + ${K}) >>> 0;`;
    case 0x14:
      return `A = (A - ${K}) >>> 0;`;
    case 0x24:
      return `A = Math.imul(A, ${K}) >>> 0;`;
    case 0x34:
      return k === 0 ? 'return 0;' : `A = (A / ${K}) >>> 0;`;
    case 0x94:
      return k === 0 ? 'return 0;' : `A = A % ${K};`;
    case 0x44:
      return `A = (A | ${K}) >>> 0;`;
    case 0x54:
      return `A = (A & ${K}) >>> 0;`;
    case 0xa4:
      return `A = (A ^ ${K}) >>> 0;`;
    case 0x64:
      return `A = (A << ${k & 31}) >>> 0;`;
    case 0x74:
      return `A = A >>> ${k & 31};`;
    case 0x0c:
      return 'A = (A + X) >>> 0;';
    case 0x1c:
      return 'A = (A - X) >>> 0;';
    case 0x2c:
      return 'A = Math.imul(A, X) >>> 0;';
    case 0x3c:
      return 'if (X === 0) return 0; A = (A / X) >>> 0;';
    case 0x9c:
      return 'if (X === 0) return 0; A = A % X;';
    case 0x4c:
      return 'A = (A | X) >>> 0;';
    case 0x5c:
      return 'A = (A & X) >>> 0;';
    case 0xac:
      return 'A = (A ^ X) >>> 0;';
    case 0x6c:
      return linux ? 'A = (A << X) >>> 0;' : 'A = X < 32 ? (A << X) >>> 0 : 0;';
    case 0x7c:
      return linux ? 'A = A >>> X;' : 'A = X < 32 ? A >>> X : 0;';
    case 0x84:
      return 'A = -A >>> 0;';
    case 0x07:
      return 'X = A;';
    case 0x87:
      return 'A = X;';
    default:
      return 'return 0;';
  }
}

/** The condition a conditional jump tests, or undefined for other opcodes. */
function condition(ins: Instruction): string | undefined {
  const src = ins.code & 0x08 ? 'X' : u32(ins.k);
  switch (ins.code & 0xf7) {
    case 0x15:
      return `A === ${src}`;
    case 0x25:
      return `A > ${src}`;
    case 0x35:
      return `A >= ${src}`;
    case 0x45:
      return `(A & ${src}) !== 0`;
    default:
      return undefined;
  }
}

const isJa = (ins: Instruction): boolean => ins.code === 0x05;

/** The target of every jump (absolute), for labels. */
function jumpTargets(program: Program): Set<number> {
  const targets = new Set<number>();
  program.forEach((ins, i) => {
    if (isJa(ins)) targets.add(i + 1 + (ins.k | 0));
    else if (condition(ins)) {
      targets.add(i + 1 + ins.jt);
      targets.add(i + 1 + ins.jf);
    }
  });
  return targets;
}

function prologue(program: Program): string[] {
  const slots = new Set<number>();
  for (const ins of program)
    if (ins.code === 0x60 || ins.code === 0x61 || ins.code === 0x02 || ins.code === 0x03) slots.add(ins.k);
  const lines = ['let A = 0, X = 0, t = 0;'];
  if (slots.size) lines.push(`let ${[...slots].map((s) => `m${s} = 0`).join(', ')};`);
  return lines;
}

function blockBody(program: Program, linux: boolean): string[] {
  const targets = [...jumpTargets(program)].filter((t) => t > 0).sort((a, b) => b - a);
  const lines: string[] = targets.map((t) => `L${t}: {`);
  const jumpTo = (from: number, to: number): string => (to === from + 1 ? '' : `break L${to};`);
  program.forEach((ins, i) => {
    if (targets.includes(i)) lines.push(`} // L${i}`);
    const cond = condition(ins);
    if (isJa(ins)) lines.push(jumpTo(i, i + 1 + ins.k) || '/* ja +0 */');
    else if (cond) {
      const t = i + 1 + ins.jt;
      const f = i + 1 + ins.jf;
      if (t === f) lines.push(jumpTo(i, t));
      else if (t === i + 1) lines.push(`if (!(${cond})) ${jumpTo(i, f)}`);
      else if (f === i + 1) lines.push(`if (${cond}) ${jumpTo(i, t)}`);
      else lines.push(`if (${cond}) ${jumpTo(i, t)} else ${jumpTo(i, f)}`);
    } else lines.push(statement(ins, linux));
  });
  lines.push('return 0;');
  return lines;
}

function switchBody(program: Program, linux: boolean): string[] {
  const targets = jumpTargets(program);
  const lines = ['let pc = 0, back = 0;', 'for (;;) switch (pc) {', 'case 0:'];
  program.forEach((ins, i) => {
    if (i > 0 && targets.has(i)) lines.push(`case ${i}:`);
    const cond = condition(ins);
    if (isJa(ins)) {
      const guard = (ins.k | 0) < 0 ? `if (++back > ${MAX_BACKWARD_JUMPS}) return 0; ` : '';
      lines.push(`${guard}pc = ${i + 1 + (ins.k | 0)}; continue;`);
    } else if (cond) lines.push(`pc = (${cond}) ? ${i + 1 + ins.jt} : ${i + 1 + ins.jf}; continue;`);
    else lines.push(statement(ins, linux));
  });
  lines.push('default: return 0;', '}');
  return lines;
}

/**
 * The body of `function (ctx, readAncillary, linuxLoadPosition)` returning the filter
 * `(p, o, len, wire) => number`. The program must have passed `verify`.
 */
export function generateSource(program: Program, options: CodegenOptions): string {
  const linux = options.semantics === 'linux';
  const backward = program.some((ins) => isJa(ins) && (ins.k | 0) < 0);
  const form = options.form ?? 'auto';
  const forward =
    form === 'auto' ? !backward && jumpTargets(program).size <= MAX_NESTED_TARGETS : form === 'blocks';
  if (forward && backward) throw new RangeError('nested-block code cannot jump backwards');
  const body = [...prologue(program), ...(forward ? blockBody(program, linux) : switchBody(program, linux))];
  return `'use strict';\nreturn function bpfFilter(p, o, len, wire) {\n${body.map((l) => `  ${l}`).join('\n')}\n};\n`;
}
