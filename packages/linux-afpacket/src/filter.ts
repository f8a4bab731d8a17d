// Classic BPF programs for SO_ATTACH_FILTER, packed as the kernel's struct sock_filter array
// (capture-api's packer, shared by every backend).
import { encodeFilterProgram, InvalidOptionError } from '@pktkit/capture-api';

/** Linux's limit on a classic program (BPF_MAXINSNS). */
const BPF_MAXINSNS = 4096;

/** One cBPF instruction (struct sock_filter); @pktkit/bpf's `Instruction` has this shape. */
export interface SocketFilterInstruction {
  readonly code: number;
  readonly jt: number;
  readonly jf: number;
  readonly k: number;
}

/** Packs a program as 8-byte struct sock_filter entries in host (little-endian) order. */
export function packFilter(program: readonly SocketFilterInstruction[]): Uint8Array {
  try {
    return encodeFilterProgram(program, BPF_MAXINSNS);
  } catch (e) {
    // This low-level ring API reports bad arguments as RangeError; the backend sees capture-api's error.
    if (e instanceof InvalidOptionError) throw new RangeError(e.message, { cause: e });
    throw e;
  }
}
