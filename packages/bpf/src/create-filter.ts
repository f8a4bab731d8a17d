// createFilter / createBlockFilter: verify, then JIT (or interpret), behind one small API.
import { BpfError } from './errors.js';
import type { Program } from './instruction.js';
import { canGenerateCode, compileJit } from './jit/compile.js';
import { assertValid } from './verify.js';
import { createInterpreter } from './vm/interpreter.js';
import type { BlockFilter, PacketFilter, VmOptions } from './vm/semantics.js';

export interface FilterOptions extends VmOptions {
  /**
   * true: compile to JavaScript (throws where code generation is forbidden); false: interpret;
   * 'auto' (default): compile when the environment allows it, else interpret.
   */
  jit?: boolean | 'auto';
  /**
   * Rules the program must pass first (see `verify`): 'linux' (default) or 'libpcap', which also admits
   * the backward jumps libpcap emits for `protochain`.
   */
  rules?: 'linux' | 'libpcap';
}

/** Builds the allocation-free form: filter p[offset, offset + length) of a larger buffer. */
export function createBlockFilter(program: Program, options: FilterOptions = {}): BlockFilter {
  assertValid(program, { rules: options.rules ?? 'linux' });
  const vm: VmOptions = {};
  if (options.semantics) vm.semantics = options.semantics;
  if (options.context) vm.context = options.context;
  const jit = options.jit ?? 'auto';
  if (jit === false) return createInterpreter(program, vm);
  if (jit === 'auto' && !canGenerateCode()) return createInterpreter(program, vm);
  try {
    return compileJit(program, vm);
  } catch (err) {
    if (jit === 'auto') return createInterpreter(program, vm);
    throw new BpfError(`JIT compilation failed: ${(err as Error).message}`);
  }
}

/**
 * Builds `(packet, wireLength?) => number`: 0 drops the packet, anything else is the number of bytes to
 * keep (libpcap's snap length). `wireLength` (what `len`/`#pktlen` loads) defaults to `packet.length`.
 */
export function createFilter(program: Program, options: FilterOptions = {}): PacketFilter {
  const run = createBlockFilter(program, options);
  return (packet: Uint8Array, wireLength?: number): number =>
    run(packet, 0, packet.length, wireLength ?? packet.length);
}
