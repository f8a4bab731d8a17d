// Classic BPF programs for SO_ATTACH_FILTER, packed as the kernel's struct sock_filter array.

/** One cBPF instruction (struct sock_filter); @pktkit/bpf's `Instruction` has this shape. */
export interface SocketFilterInstruction {
  readonly code: number;
  readonly jt: number;
  readonly jf: number;
  readonly k: number;
}

/** Packs a program as 8-byte struct sock_filter entries in host (little-endian) order. */
export function packFilter(program: readonly SocketFilterInstruction[]): Uint8Array {
  if (program.length === 0 || program.length > 4096) {
    throw new RangeError(`a socket filter has 1 to 4096 instructions (got ${program.length})`);
  }
  const bytes = new Uint8Array(program.length * 8);
  const view = new DataView(bytes.buffer);
  program.forEach(({ code, jt, jf, k }, i) => {
    if (code >>> 16 || jt >>> 8 || jf >>> 8 || !Number.isInteger(k) || k < -(2 ** 31) || k >= 2 ** 32) {
      throw new RangeError(
        `instruction ${i} has a field out of range: ${JSON.stringify({ code, jt, jf, k })}`,
      );
    }
    view.setUint16(i * 8, code, true);
    view.setUint8(i * 8 + 2, jt);
    view.setUint8(i * 8 + 3, jf);
    view.setUint32(i * 8 + 4, k >>> 0, true);
  });
  return bytes;
}
