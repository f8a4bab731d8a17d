// Options shared by the interpreter and the JIT: whose semantics to follow where libpcap and Linux differ.
import type { AncillaryContext } from '../ancillary.js';

/**
 * Where libpcap's userland `bpf_filter` and the kernel disagree:
 * - ancillary loads (SKF_AD_*) and SKF_NET_OFF/SKF_LL_OFF loads: libpcap treats them as out-of-bounds
 *   packet loads (return 0); Linux reads the context / the header at that offset;
 * - `[x + k]` where X + k wraps past 2^32: libpcap rejects the packet, Linux uses the wrapped offset;
 * - `lsh x`/`rsh x` with X ≥ 32: libpcap sets A to 0, Linux shifts by X & 31.
 */
export type Semantics = 'libpcap' | 'linux';

export interface VmOptions {
  /** Default: 'linux' when a context is given, else 'libpcap'. */
  semantics?: Semantics;
  /** Metadata for ancillary loads, read on every run (update it per packet). */
  context?: AncillaryContext;
}

export interface ResolvedVmOptions {
  semantics: Semantics;
  context: AncillaryContext;
}

export function resolveVmOptions(options: VmOptions): ResolvedVmOptions {
  return {
    semantics: options.semantics ?? (options.context ? 'linux' : 'libpcap'),
    context: options.context ?? {},
  };
}

/** A filter over one packet inside a larger buffer: p[offset, offset + length), allocation-free. */
export type BlockFilter = (buffer: Uint8Array, offset: number, length: number, wireLength: number) => number;

/** A filter over one whole packet; `wireLength` defaults to `packet.length`. Returns 0 to drop, else bytes to keep. */
export type PacketFilter = (packet: Uint8Array, wireLength?: number) => number;

/**
 * Programs admitted under libpcap rules may loop (backward `ja`, as libpcap's `protochain` code does).
 * libpcap would spin forever on a loop that never ends; we give up after this many backward jumps in one
 * run and return 0 (reject). libpcap's own protochain loops end after a few header hops.
 */
export const MAX_BACKWARD_JUMPS = 1 << 20;
