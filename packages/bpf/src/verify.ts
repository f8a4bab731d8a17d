// The Linux kernel's classic-BPF verifier (net/core/filter.c: bpf_check_basics_ok, bpf_check_classic,
// chk_code_allowed, check_load_and_stores), rule for rule and in the same order, so the first failing
// instruction we report is the one the kernel trips on.
import { ancillaryFieldOf } from './ancillary.js';
import { BpfVerifyError, type VerifyErrorCode } from './errors.js';
import type { Instruction, Program } from './instruction.js';
import { OPCODES } from './opcode-table.js';
import { BPF_MAXINSNS, BPF_MEMWORDS } from './opcodes.js';

export type VerifyResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly index: number; readonly code: VerifyErrorCode; readonly message: string };

export interface VerifyOptions {
  /**
   * 'linux' (default): exactly what SO_ATTACH_FILTER accepts.
   * 'libpcap': what libpcap's bpf_filter runs safely in userland — the kernel's opcode and operand rules,
   * but unconditional jumps may go backwards (libpcap's `protochain` code loops) and scratch slots need
   * not be written before they are read (they read as 0 here).
   */
  rules?: 'linux' | 'libpcap';
}

const LD_MEM = 0x60;
const LDX_MEM = 0x61;
const ST = 0x02;
const STX = 0x03;
const JA = 0x05;

function fieldsOk(ins: Instruction): boolean {
  return (
    Number.isInteger(ins.code) &&
    ins.code >= 0 &&
    ins.code <= 0xffff &&
    Number.isInteger(ins.jt) &&
    ins.jt >= 0 &&
    ins.jt <= 0xff &&
    Number.isInteger(ins.jf) &&
    ins.jf >= 0 &&
    ins.jf <= 0xff &&
    Number.isInteger(ins.k) &&
    ins.k >= 0 &&
    ins.k <= 0xffffffff
  );
}

/** Checks one instruction (bpf_check_classic's loop body); returns the failure or undefined. */
function checkInstruction(
  ins: Instruction,
  pc: number,
  flen: number,
  rules: 'linux' | 'libpcap',
): [VerifyErrorCode, string] | undefined {
  if (!fieldsOk(ins)) return ['bad-field', 'code must be u16, jt/jf u8 and k u32 integers'];
  const info = OPCODES.get(ins.code);
  if (!info)
    return [
      'bad-opcode',
      `opcode 0x${ins.code.toString(16)} is not a classic BPF instruction the kernel allows`,
    ];
  const k = ins.k;
  switch (ins.code) {
    case 0x34: // div #k
    case 0x94: // mod #k
      if (k === 0) return ['division-by-zero', `${info.mnemonic} by the constant 0`];
      break;
    case 0x64: // lsh #k
    case 0x74: // rsh #k
      if (k >= 32) return ['shift-too-large', `${info.mnemonic} by ${k}, must be < 32`];
      break;
    case LD_MEM:
    case LDX_MEM:
    case ST:
    case STX:
      if (k >= BPF_MEMWORDS)
        return ['bad-scratch-slot', `scratch slot M[${k}] out of range, must be < ${BPF_MEMWORDS}`];
      break;
    case JA: {
      if (rules === 'libpcap') {
        const target = pc + 1 + (k | 0);
        if (target < 0 || target >= flen)
          return ['jump-out-of-range', `ja to ${target}, outside 0..${flen - 1}`];
      } else if (k >= flen - pc - 1) {
        return ['jump-out-of-range', `ja +${k} goes past the last instruction or backwards`];
      }
      break;
    }
    case 0x20: // ld/ldh/ldb [k]
    case 0x28:
    case 0x30:
      if (k >= 0xfffff000 && !ancillaryFieldOf(k)) {
        return ['bad-ancillary', `ancillary offset SKF_AD_OFF+${k - 0xfffff000} is unknown to the kernel`];
      }
      break;
    default:
      if (info.operand === 'jk' || info.operand === 'jx') {
        if (pc + ins.jt + 1 >= flen || pc + ins.jf + 1 >= flen) {
          return [
            'jump-out-of-range',
            `${info.mnemonic} jt ${ins.jt} jf ${ins.jf} jumps past the last instruction`,
          ];
        }
      }
  }
  return undefined;
}

/** check_load_and_stores: every M[k] read must follow a write of M[k] on every path reaching it. */
function checkScratch(program: Program): [number, string] | undefined {
  const flen = program.length;
  const masks = new Uint16Array(flen).fill(0xffff);
  let memvalid = 0;
  for (let pc = 0; pc < flen; pc++) {
    const ins = program[pc]!;
    memvalid &= masks[pc]!;
    const info = OPCODES.get(ins.code)!;
    switch (ins.code) {
      case ST:
      case STX:
        memvalid |= 1 << ins.k;
        break;
      case LD_MEM:
      case LDX_MEM:
        if (!(memvalid & (1 << ins.k))) return [pc, `M[${ins.k}] may be read before it is written`];
        break;
      case JA:
        masks[pc + 1 + ins.k] = masks[pc + 1 + ins.k]! & memvalid;
        memvalid = 0xffff;
        break;
      default:
        if (info.operand === 'jk' || info.operand === 'jx') {
          masks[pc + 1 + ins.jt] = masks[pc + 1 + ins.jt]! & memvalid;
          masks[pc + 1 + ins.jf] = masks[pc + 1 + ins.jf]! & memvalid;
          memvalid = 0xffff;
        }
    }
  }
  return undefined;
}

/** Verifies a program; on failure says which instruction (index, -1 for the whole program) and why. */
export function verify(program: Program, options: VerifyOptions = {}): VerifyResult {
  const rules = options.rules ?? 'linux';
  const fail = (index: number, code: VerifyErrorCode, message: string): VerifyResult => ({
    ok: false,
    index,
    code,
    message,
  });
  const flen = program.length;
  if (flen === 0) return fail(-1, 'empty', 'a program needs at least one instruction');
  if (flen > BPF_MAXINSNS) return fail(-1, 'too-long', `${flen} instructions, the limit is ${BPF_MAXINSNS}`);
  for (let pc = 0; pc < flen; pc++) {
    const bad = checkInstruction(program[pc]!, pc, flen, rules);
    if (bad) return fail(pc, bad[0], bad[1]);
  }
  const last = program[flen - 1]!;
  if (last.code !== 0x06 && last.code !== 0x16) {
    // libpcap rules: a final backward ja also ends every path (protochain's loop back).
    if (!(rules === 'libpcap' && last.code === JA)) {
      return fail(flen - 1, 'no-final-return', 'the last instruction must be a return');
    }
  }
  if (rules === 'linux') {
    const bad = checkScratch(program);
    if (bad) return fail(bad[0], 'uninitialised-scratch', bad[1]);
  }
  return { ok: true };
}

/** Throws BpfVerifyError (with the instruction index) unless `verify` accepts the program. */
export function assertValid(program: Program, options: VerifyOptions = {}): void {
  const r = verify(program, options);
  if (!r.ok) throw new BpfVerifyError(r.code, r.index, r.message);
}
