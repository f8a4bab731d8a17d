// @pktkit/bpf: classic BPF in pure TypeScript.
export * from './opcodes.js';
export {
  decodeProgram,
  encodeProgram,
  insn,
  jump,
  sameInstruction,
  stmt,
  type Instruction,
  type Program,
} from './instruction.js';
export { OPCODES, type OpcodeInfo, type OperandKind } from './opcode-table.js';
export {
  ANCILLARY_FIELDS,
  ancillaryFieldOf,
  ancillaryK,
  type AncillaryContext,
  type AncillaryField,
} from './ancillary.js';
export {
  BpfError,
  BpfParseError,
  BpfVerifyError,
  type TextPosition,
  type VerifyErrorCode,
} from './errors.js';
export {
  assemble,
  detectSyntax,
  disassemble,
  type AssembleOptions,
  type DisassembleOptions,
  type TextSyntax,
} from './text/index.js';
export * from './filter/index.js';
export { assertValid, verify, type VerifyOptions, type VerifyResult } from './verify.js';
export { createBlockFilter, createFilter, type FilterOptions } from './filter.js';
export { createInterpreter } from './vm/interpreter.js';
export { canGenerateCode, compileJit } from './jit/compile.js';
export { generateSource } from './jit/codegen.js';
export type { BlockFilter, PacketFilter, Semantics, VmOptions } from './vm/semantics.js';
