// Filter programs as the kernel's and libpcap's `struct sock_filter` / `struct bpf_insn` array:
// u16 code, u8 jt, u8 jf, u32 k, host byte order (little-endian on every supported target).
// One packer for every backend, so all of them reject a bad program the same way.
import { InvalidOptionError } from './errors.js';
import type { FilterInstruction, FilterProgram } from './types.js';

const inRange = (value: number, min: number, max: number): boolean =>
  Number.isInteger(value) && value >= min && value <= max;

/**
 * Packs a program into 8-byte instructions. `maxInstructions` is the target's limit (Linux 4096,
 * BSD 512, libpcap 65535). Throws InvalidOptionError('filter') for an empty or too long program or
 * a field out of range.
 */
export function encodeFilterProgram(program: FilterProgram, maxInstructions = 0xffff): Uint8Array {
  if (program.length === 0 || program.length > maxInstructions) {
    throw new InvalidOptionError(
      'filter',
      `expected 1..${maxInstructions} instructions, got ${program.length}`,
    );
  }
  const out = new Uint8Array(program.length * 8);
  const view = new DataView(out.buffer);
  program.forEach((insn, i) => {
    const ok =
      inRange(insn.code, 0, 0xffff) &&
      inRange(insn.jt, 0, 0xff) &&
      inRange(insn.jf, 0, 0xff) &&
      inRange(insn.k, -0x80000000, 0xffffffff);
    if (!ok) {
      throw new InvalidOptionError(
        'filter',
        `instruction ${i} has a field out of range: ${JSON.stringify(insn)}`,
      );
    }
    view.setUint16(i * 8, insn.code, true);
    view.setUint8(i * 8 + 2, insn.jt);
    view.setUint8(i * 8 + 3, insn.jf);
    view.setUint32(i * 8 + 4, insn.k >>> 0, true);
  });
  return out;
}

/** Reads packed instructions back (trailing bytes short of a whole instruction are ignored). */
export function decodeFilterProgram(bytes: Uint8Array): FilterInstruction[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: FilterInstruction[] = [];
  for (let at = 0; at + 8 <= bytes.byteLength; at += 8) {
    out.push({
      code: view.getUint16(at, true),
      jt: view.getUint8(at + 2),
      jf: view.getUint8(at + 3),
      k: view.getUint32(at + 4, true),
    });
  }
  return out;
}
