// A classic BPF program as the kernel's struct bpf_insn array: u16 code, u8 jt, u8 jf, u32 k, in
// host byte order (little-endian on every supported target).
import { encodeFilterProgram as encodeFilters, type FilterProgram } from '@pktkit/capture-api';

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

/** Packs a program for BIOCSETF, capping every `ret #k` at `snaplen` (bpf has no snaplen ioctl). */
export function encodeFilterProgram(
  program: FilterProgram,
  snaplen = 0xffffffff,
  maxInstructions = BPF_MAXINSNS,
): Uint8Array {
  const capped = program.map((insn) =>
    insn.code === BPF_RET_K && Number.isInteger(insn.k) && insn.k >>> 0 > snaplen
      ? { ...insn, k: snaplen }
      : insn,
  );
  return encodeFilters(capped, maxInstructions);
}
