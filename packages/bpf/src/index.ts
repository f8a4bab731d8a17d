// @pktkit/bpf: classic BPF in pure TypeScript.
export * from './opcodes.js';
export { decodeProgram, encodeProgram, insn, type Instruction, type Program } from './instruction.js';
export * from './filter/index.js';
