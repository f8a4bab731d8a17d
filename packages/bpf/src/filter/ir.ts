// The code generator's intermediate form: a boolean tree whose leaves are self-contained tests
// (statements that compute A from the packet, then one conditional jump). Lowering it with
// continuation targets gives the control-flow graph libpcap builds with backpatching.

import type { Instruction } from '../instruction.js';
import {
  BPF_ABS,
  BPF_ALU,
  BPF_B,
  BPF_H,
  BPF_IMM,
  BPF_IND,
  BPF_JEQ,
  BPF_JGE,
  BPF_JGT,
  BPF_JMP,
  BPF_JSET,
  BPF_K,
  BPF_LD,
  BPF_LDX,
  BPF_MEM,
  BPF_MSH,
  BPF_ST,
  BPF_STX,
  BPF_W,
  BPF_X,
} from '../opcodes.js';

export type Bool =
  | { readonly t: 'const'; readonly v: boolean }
  | { readonly t: 'test'; readonly stmts: readonly Instruction[]; readonly code: number; readonly k: number }
  | { readonly t: 'and' | 'or'; readonly a: Bool; readonly b: Bool }
  | { readonly t: 'not'; readonly a: Bool }
  /** Always true; runs `stmts` for their side effects (saving a tunnel offset in a register). */
  | { readonly t: 'exec'; readonly stmts: readonly Instruction[] };

export const TRUE: Bool = { t: 'const', v: true };
export const FALSE: Bool = { t: 'const', v: false };

export function and(...xs: Bool[]): Bool {
  let r: Bool | undefined;
  for (const x of xs) r = r === undefined ? x : { t: 'and', a: r, b: x };
  return r ?? TRUE;
}
export function or(...xs: Bool[]): Bool {
  let r: Bool | undefined;
  for (const x of xs) r = r === undefined ? x : { t: 'or', a: r, b: x };
  return r ?? FALSE;
}
export function not(a: Bool): Bool {
  return { t: 'not', a };
}

/** A plain statement (never a jump or return). */
export const stmt = (code: number, k = 0): Instruction => ({ code, jt: 0, jf: 0, k: k >>> 0 });

export type Size = 1 | 2 | 4;
export const sizeCode = (size: number): number => (size === 1 ? BPF_B : size === 2 ? BPF_H : BPF_W);

export const ldAbs = (size: number, k: number): Instruction => stmt(BPF_LD | sizeCode(size) | BPF_ABS, k);
export const ldInd = (size: number, k: number): Instruction => stmt(BPF_LD | sizeCode(size) | BPF_IND, k);
export const ldImm = (k: number): Instruction => stmt(BPF_LD | BPF_IMM, k);
export const ldMem = (slot: number): Instruction => stmt(BPF_LD | BPF_MEM, slot);
export const ldxMem = (slot: number): Instruction => stmt(BPF_LDX | BPF_MEM, slot);
export const ldxImm = (k: number): Instruction => stmt(BPF_LDX | BPF_IMM, k);
export const ldxMsh = (k: number): Instruction => stmt(BPF_LDX | BPF_B | BPF_MSH, k);
export const st = (slot: number): Instruction => stmt(BPF_ST, slot);
export const stx = (slot: number): Instruction => stmt(BPF_STX, slot);
export const alu = (op: number, k: number): Instruction => stmt(BPF_ALU | op | BPF_K, k);
export const aluX = (op: number): Instruction => stmt(BPF_ALU | op | BPF_X);

export type JumpOp = 'jeq' | 'jgt' | 'jge' | 'jset';
const JOPS: Record<JumpOp, number> = { jeq: BPF_JEQ, jgt: BPF_JGT, jge: BPF_JGE, jset: BPF_JSET };

/** A test leaf: run `stmts`, then jump on `A op k` (or `A op X` when `useX`). */
export function test(stmts: readonly Instruction[], op: JumpOp, k: number, useX = false): Bool {
  return { t: 'test', stmts, code: BPF_JMP | JOPS[op] | (useX ? BPF_X : BPF_K), k: useX ? 0 : k >>> 0 };
}

/** Comparison by a relational operator from the grammar, expressed with the three BPF jumps. */
export function relTest(stmts: readonly Instruction[], relop: string, k: number, useX = false): Bool {
  switch (relop) {
    case '=':
    case '==':
      return test(stmts, 'jeq', k, useX);
    case '!=':
      return not(test(stmts, 'jeq', k, useX));
    case '>':
      return test(stmts, 'jgt', k, useX);
    case '>=':
      return test(stmts, 'jge', k, useX);
    case '<':
      return not(test(stmts, 'jge', k, useX));
    case '<=':
      return not(test(stmts, 'jgt', k, useX));
    default:
      throw new Error(`unknown relational operator ${relop}`);
  }
}

// ---- control-flow graph ----

export interface Leaf {
  readonly kind: 'ret';
  readonly k: number;
}
export interface Node {
  readonly kind: 'node';
  id: number;
  stmts: Instruction[];
  /** Conditional jump opcode, or -1 for an unconditional fall/jump to `jt`. */
  code: number;
  k: number;
  jt: Target;
  jf: Target;
}
export type Target = Node | Leaf;

let nextId = 0;
export function newNode(stmts: Instruction[], code: number, k: number, jt: Target, jf: Target): Node {
  return { kind: 'node', id: nextId++, stmts, code, k, jt, jf };
}

/** Lowers a boolean tree so that it continues at `t` when true and `f` when false. */
export function lower(b: Bool, t: Target, f: Target): Target {
  switch (b.t) {
    case 'const':
      return b.v ? t : f;
    case 'test':
      return newNode([...b.stmts], b.code, b.k, t, f);
    case 'and':
      return lower(b.a, lower(b.b, t, f), f);
    case 'or':
      return lower(b.a, t, lower(b.b, t, f));
    case 'not':
      return lower(b.a, f, t);
    case 'exec':
      return newNode([...b.stmts], -1, 0, t, t);
  }
}

export { BPF_STX };
