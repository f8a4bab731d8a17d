// A classic BPF program as the kernel's struct bpf_insn array: u16 code, u8 jt, u8 jf, u32 k, in
// host byte order (little-endian on every supported target).
import { type FilterProgram, InvalidOptionError } from '@pktkit/capture-api';

/** BPF_MAXINSNS on FreeBSD and macOS. */
export const BPF_MAXINSNS = 512;

const BPF_RET_K = 0x06;

/**
 * /dev/bpf has no snapshot-length ioctl: the filter's return value is the bytes kept. So, as libpcap
 * does, capture without a filter runs `ret #snaplen`, and `ret #k` in a user program is capped.
 */
export function snaplenProgram(snaplen: number): FilterProgram {
  return [{ code: BPF_RET_K, jt: 0, jf: 0, k: snaplen }];
}

export function encodeFilterProgram(
  program: FilterProgram,
  snaplen = 0xffffffff,
  maxInstructions = BPF_MAXINSNS,
): Uint8Array {
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
    const k = insn.k >>> 0;
    view.setUint32(i * 8 + 4, insn.code === BPF_RET_K ? Math.min(k, snaplen) : k, true);
  });
  return out;
}
