// Symbolic register values for the optimizer: every A/X/M content is named by a canonical string
// built from packet loads, constants and ALU operations (constants folded), so equal strings mean
// equal runtime values. Values that differ between incoming paths get an opaque name.
import type { Instruction } from '../instruction.js';
import {
  BPF_ABS,
  BPF_ADD,
  BPF_ALU,
  BPF_AND,
  BPF_DIV,
  BPF_IMM,
  BPF_IND,
  BPF_LD,
  BPF_LDX,
  BPF_LEN,
  BPF_LSH,
  BPF_MEM,
  BPF_MISC,
  BPF_MOD,
  BPF_MSH,
  BPF_MUL,
  BPF_NEG,
  BPF_OR,
  BPF_RSH,
  BPF_ST,
  BPF_STX,
  BPF_SUB,
  BPF_TXA,
  BPF_X,
  BPF_XOR,
  bpfClass,
  bpfMiscOp,
  bpfMode,
  bpfOp,
  bpfSize,
  bpfSrc,
} from '../opcodes.js';

export interface RegState {
  a: string;
  x: string;
  /** Scratch memory; shared between states and copied on write (stores are rare). */
  m: readonly string[];
}

const INIT_M: readonly string[] = Array.from({ length: 16 }, (_, i) => `?init:m${i}`);
export const initialState = (): RegState => ({ a: '#0', x: '#0', m: INIT_M });

// Long composite names are interned to short ids, so names stay small even when a value is built
// from itself repeatedly (an unrolled header walk would otherwise double the name per step).
const interned = new Map<string, string>();
export function resetValueNames(): void {
  interned.clear();
}
function name(s: string): string {
  if (s.length <= 48) return s;
  let id = interned.get(s);
  if (id === undefined) {
    id = `$${interned.size}`;
    interned.set(s, id);
  }
  return id;
}

export const constOf = (v: string): number | undefined =>
  v.startsWith('#') ? Number(v.slice(1)) : undefined;
const sizeName = (code: number): string =>
  bpfSize(code) === 0x10 ? 'b' : bpfSize(code) === 0x08 ? 'h' : 'w';

export function foldAlu(op: number, a: number, b: number): number | undefined {
  switch (op) {
    case BPF_ADD:
      return (a + b) >>> 0;
    case BPF_SUB:
      return (a - b) >>> 0;
    case BPF_MUL:
      return Math.imul(a, b) >>> 0;
    case BPF_DIV:
      return b === 0 ? undefined : Math.floor(a / b) >>> 0;
    case BPF_MOD:
      return b === 0 ? undefined : (a % b) >>> 0;
    case BPF_AND:
      return (a & b) >>> 0;
    case BPF_OR:
      return (a | b) >>> 0;
    case BPF_XOR:
      return (a ^ b) >>> 0;
    case BPF_LSH:
      return b >= 32 ? 0 : (a << b) >>> 0;
    case BPF_RSH:
      return b >= 32 ? 0 : a >>> b;
    default:
      return undefined;
  }
}

/** Applies one statement to a state (in place). */
export function step(s: RegState, ins: Instruction): void {
  const c = ins.code;
  switch (bpfClass(c)) {
    case BPF_LD:
    case BPF_LDX: {
      const toX = bpfClass(c) === BPF_LDX;
      let v: string;
      switch (bpfMode(c)) {
        case BPF_IMM:
          v = `#${ins.k >>> 0}`;
          break;
        case BPF_ABS:
          v = `${sizeName(c)}[${ins.k >>> 0}]`;
          break;
        case BPF_IND: {
          const xc = constOf(s.x);
          v =
            xc !== undefined
              ? `${sizeName(c)}[${(xc + ins.k) >>> 0}]`
              : name(`${sizeName(c)}[${s.x}+${ins.k}]`);
          break;
        }
        case BPF_MEM:
          v = s.m[ins.k] ?? '?';
          break;
        case BPF_LEN:
          v = 'len';
          break;
        case BPF_MSH:
          v = `msh[${ins.k}]`;
          break;
        default:
          v = `?bad${c}`;
      }
      if (toX) s.x = v;
      else s.a = v;
      return;
    }
    case BPF_ST:
    case BPF_STX: {
      const m = s.m.slice();
      m[ins.k] = bpfClass(c) === BPF_ST ? s.a : s.x;
      s.m = m;
      return;
    }
    case BPF_ALU: {
      const op = bpfOp(c);
      if (op === BPF_NEG) {
        const a = constOf(s.a);
        s.a = a !== undefined ? `#${-a >>> 0}` : name(`(-${s.a})`);
        return;
      }
      const rhs = bpfSrc(c) === BPF_X ? s.x : `#${ins.k >>> 0}`;
      const a = constOf(s.a);
      const b = constOf(rhs);
      const f = a !== undefined && b !== undefined ? foldAlu(op, a, b) : undefined;
      if (f !== undefined) s.a = `#${f}`;
      else if (b === 0 && (op === BPF_AND || op === BPF_MUL)) s.a = '#0';
      else if (
        b === 0 &&
        (op === BPF_ADD ||
          op === BPF_SUB ||
          op === BPF_OR ||
          op === BPF_XOR ||
          op === BPF_LSH ||
          op === BPF_RSH)
      )
        return;
      else s.a = name(`(${s.a}${op.toString(16)}${rhs})`);
      return;
    }
    case BPF_MISC:
      if (bpfMiscOp(c) === BPF_TXA) s.a = s.x;
      else s.x = s.a;
      return;
    default:
  }
}

export function cloneState(s: RegState): RegState {
  return { a: s.a, x: s.x, m: s.m };
}

/** Registers that differ between paths become opaque values tied to the merge point. */
export function meet(states: RegState[], tag: number): RegState {
  const first = states[0]!;
  const out = cloneState(first);
  let m: string[] | undefined;
  for (let j = 1; j < states.length; j++) {
    const st = states[j]!;
    if (st.a !== out.a) out.a = `?${tag}:a`;
    if (st.x !== out.x) out.x = `?${tag}:x`;
    if (st.m === first.m) continue;
    for (let i = 0; i < 16; i++) {
      if (st.m[i] !== (m ?? first.m)[i]) {
        m ??= first.m.slice();
        m[i] = `?${tag}:m${i}`;
      }
    }
  }
  if (m) out.m = m;
  return out;
}
