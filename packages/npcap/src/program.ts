// A classic BPF program as libpcap's struct bpf_insn array (u16 code, u8 jt, u8 jf, u32 k; host
// byte order, little-endian on every supported target), and back.
import { type FilterInstruction, type FilterProgram, InvalidOptionError } from '@pktkit/capture-api';

export function encodeFilterProgram(program: FilterProgram): Uint8Array {
  if (program.length === 0 || program.length > 0xffff) {
    throw new InvalidOptionError('filter', `expected 1..65535 instructions, got ${program.length}`);
  }
  const out = new Uint8Array(program.length * 8);
  const view = new DataView(out.buffer);
  program.forEach((insn, i) => {
    const ok =
      Number.isInteger(insn.code) &&
      insn.code >= 0 &&
      insn.code <= 0xffff &&
      Number.isInteger(insn.jt) &&
      insn.jt >= 0 &&
      insn.jt <= 0xff &&
      Number.isInteger(insn.jf) &&
      insn.jf >= 0 &&
      insn.jf <= 0xff &&
      Number.isInteger(insn.k) &&
      insn.k >= -0x80000000 &&
      insn.k <= 0xffffffff;
    if (!ok) throw new InvalidOptionError('filter', `instruction ${i} has a field out of range`);
    view.setUint16(i * 8, insn.code, true);
    view.setUint8(i * 8 + 2, insn.jt);
    view.setUint8(i * 8 + 3, insn.jf);
    view.setUint32(i * 8 + 4, insn.k >>> 0, true);
  });
  return out;
}

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
