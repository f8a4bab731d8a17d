// Kernel load semantics for offsets outside [0, len): SKF_NET_OFF / SKF_LL_OFF relative loads.
import type { AncillaryContext } from '../ancillary.js';

const SKF_LL_OFF = -0x200000;
const SKF_NET_OFF = -0x100000;

/**
 * Returns the absolute position (relative to the packet start) of a `size`-byte load at signed
 * offset `off`, or -1 when the kernel's load would fail (the program then returns 0).
 * Mirrors bpf_internal_load_pointer_neg_helper; the context supplies the header offsets.
 */
export function linuxLoadPosition(ctx: AncillaryContext, off: number, size: number, len: number): number {
  let pos: number;
  if (off >= 0) pos = off;
  else if (off >= SKF_NET_OFF) {
    if (ctx.networkOffset === undefined) return -1;
    pos = ctx.networkOffset + off - SKF_NET_OFF;
  } else if (off >= SKF_LL_OFF) {
    if (ctx.linkOffset === undefined) return -1;
    pos = ctx.linkOffset + off - SKF_LL_OFF;
  } else return -1;
  return pos >= 0 && pos + size <= len ? pos : -1;
}
