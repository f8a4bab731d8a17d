/**
 * One classic BPF instruction, exactly `struct sock_filter` / `struct bpf_insn`:
 * a 16-bit opcode, 8-bit jump-if-true and jump-if-false offsets, and a 32-bit constant.
 * `k` is kept as an unsigned 32-bit number (0..2^32-1); negative ancillary offsets are stored as
 * their two's-complement unsigned value (e.g. SKF_AD_OFF + 4 → 0xfffff004).
 */
export interface Instruction {
  readonly code: number;
  readonly jt: number;
  readonly jf: number;
  readonly k: number;
}

/** A program is an ordered list of instructions; execution starts at index 0. */
export type Program = readonly Instruction[];

/** Builds an instruction, normalising `k` to unsigned 32 bits and checking field widths. */
export function insn(code: number, k = 0, jt = 0, jf = 0): Instruction {
  if (!Number.isInteger(code) || code < 0 || code > 0xffff)
    throw new RangeError(`BPF opcode out of range: ${code}`);
  if (!Number.isInteger(jt) || jt < 0 || jt > 0xff) throw new RangeError(`BPF jt out of range: ${jt}`);
  if (!Number.isInteger(jf) || jf < 0 || jf > 0xff) throw new RangeError(`BPF jf out of range: ${jf}`);
  if (!Number.isInteger(k) || k < -0x80000000 || k > 0xffffffff)
    throw new RangeError(`BPF k out of range: ${k}`);
  return { code, jt, jf, k: k >>> 0 };
}

/** Serialises a program to the kernel's `struct sock_filter[]` layout (8 bytes each, host order LE). */
export function encodeProgram(program: Program, littleEndian = true): Uint8Array {
  const out = new Uint8Array(program.length * 8);
  const view = new DataView(out.buffer);
  program.forEach((ins, i) => {
    view.setUint16(i * 8, ins.code, littleEndian);
    out[i * 8 + 2] = ins.jt;
    out[i * 8 + 3] = ins.jf;
    view.setUint32(i * 8 + 4, ins.k, littleEndian);
  });
  return out;
}

/** Reads `struct sock_filter[]` bytes back into a program. */
export function decodeProgram(bytes: Uint8Array, littleEndian = true): Instruction[] {
  if (bytes.length % 8 !== 0)
    throw new RangeError(`BPF program bytes must be a multiple of 8, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const program: Instruction[] = [];
  for (let off = 0; off < bytes.length; off += 8) {
    program.push({
      code: view.getUint16(off, littleEndian),
      jt: bytes[off + 2]!,
      jf: bytes[off + 3]!,
      k: view.getUint32(off + 4, littleEndian),
    });
  }
  return program;
}

/** BPF_STMT(code, k): a non-jump instruction. */
export const stmt = (code: number, k = 0): Instruction => insn(code, k);

/** BPF_JUMP(code, k, jt, jf): a conditional jump with relative true/false offsets. */
export const jump = (code: number, k: number, jt: number, jf: number): Instruction => insn(code, k, jt, jf);

/** True when two instructions have the same four fields. */
export const sameInstruction = (a: Instruction, b: Instruction): boolean =>
  a.code === b.code && a.jt === b.jt && a.jf === b.jf && a.k === b.k;
