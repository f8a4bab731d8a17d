// Filter expressions compiled by libpcap itself (pcap_compile on a dead handle): no device or
// privilege needed. Also an oracle for @pktkit/bpf's own compiler.
import type { FilterInstruction } from '@pktkit/capture-api';
import { loadAddon } from './native.js';
import { decodeFilterProgram } from './program.js';

/** PCAP_NETMASK_UNKNOWN. */
export const NETMASK_UNKNOWN = 0xffffffff;

export interface CompileOptions {
  /** DLT_* (default 1, Ethernet). */
  linkType?: number;
  snaplen?: number;
  optimize?: boolean;
  /** IPv4 netmask as a 32-bit number, for `ip broadcast` (default unknown). */
  netmask?: number;
}

export function compileFilter(expression: string, options: CompileOptions = {}): FilterInstruction[] {
  const bytes = loadAddon().compile(
    options.linkType ?? 1,
    options.snaplen ?? 262144,
    expression,
    options.optimize ?? true,
    options.netmask ?? NETMASK_UNKNOWN,
  );
  return decodeFilterProgram(bytes);
}
