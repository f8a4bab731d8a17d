// @pktkit/bpf: classic BPF in pure TypeScript.

export {
  ANCILLARY_FIELDS,
  type AncillaryContext,
  type AncillaryField,
  ancillaryFieldOf,
  ancillaryK,
} from './ancillary.js';
export { createBlockFilter, createFilter, type FilterOptions } from './create-filter.js';
export {
  BpfError,
  BpfParseError,
  BpfVerifyError,
  type TextPosition,
  type VerifyErrorCode,
} from './errors.js';
export * from './filter/index.js';
export {
  decodeProgram,
  encodeProgram,
  type Instruction,
  insn,
  jump,
  type Program,
  sameInstruction,
  stmt,
} from './instruction.js';
export { generateSource } from './jit/codegen.js';
export { canGenerateCode, compileJit } from './jit/compile.js';
export { OPCODES, type OpcodeInfo, type OperandKind } from './opcode-table.js';
export * from './opcodes.js';
export {
  type AssembleOptions,
  assemble,
  type DisassembleOptions,
  detectSyntax,
  disassemble,
  type TextSyntax,
} from './text/index.js';
export { assertValid, type VerifyOptions, type VerifyResult, verify } from './verify.js';
export { createInterpreter } from './vm/interpreter.js';
export type { BlockFilter, PacketFilter, Semantics, VmOptions } from './vm/semantics.js';
