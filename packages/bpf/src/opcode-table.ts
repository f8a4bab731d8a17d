// The opcodes the Linux kernel accepts (chk_code_allowed), with their text mnemonics.
// One table drives the verifier, both text syntaxes and the VM's dispatch checks.

/** How an instruction's operand is written. */
export type OperandKind =
  | 'none' // tax, txa, neg
  | 'imm' // #k
  | 'abs' // [k]
  | 'ind' // [x + k]
  | 'mem' // M[k]
  | 'len' // #pktlen
  | 'msh' // 4*([k]&0xf)
  | 'x' // X register operand (ALU/jump)
  | 'a' // ret a
  | 'ja' // unconditional jump
  | 'jk' // conditional jump on #k
  | 'jx'; // conditional jump on x

export interface OpcodeInfo {
  readonly code: number;
  /** tcpdump -d / bpf_asm mnemonic. */
  readonly mnemonic: string;
  readonly operand: OperandKind;
  /** tcpdump -d prints this immediate in hex (`#0x%x`) rather than signed decimal (`#%d`). */
  readonly hex: boolean;
}

const table: OpcodeInfo[] = [];
const add = (code: number, mnemonic: string, operand: OperandKind, hex = false): void => {
  table.push({ code, mnemonic, operand, hex });
};

add(0x00, 'ld', 'imm', true);
add(0x20, 'ld', 'abs');
add(0x28, 'ldh', 'abs');
add(0x30, 'ldb', 'abs');
add(0x40, 'ld', 'ind');
add(0x48, 'ldh', 'ind');
add(0x50, 'ldb', 'ind');
add(0x60, 'ld', 'mem');
add(0x80, 'ld', 'len');
add(0x01, 'ldx', 'imm', true);
add(0x61, 'ldx', 'mem');
add(0x81, 'ldx', 'len');
add(0xb1, 'ldxb', 'msh');
add(0x02, 'st', 'mem');
add(0x03, 'stx', 'mem');
for (const [op, name, hex] of [
  [0x00, 'add', false],
  [0x10, 'sub', false],
  [0x20, 'mul', false],
  [0x30, 'div', false],
  [0x40, 'or', true],
  [0x50, 'and', true],
  [0x60, 'lsh', false],
  [0x70, 'rsh', false],
  [0x90, 'mod', false],
  [0xa0, 'xor', true],
] as const) {
  add(0x04 | op, name, 'imm', hex);
  add(0x0c | op, name, 'x');
}
add(0x84, 'neg', 'none');
add(0x05, 'ja', 'ja');
for (const [op, name] of [
  [0x10, 'jeq'],
  [0x20, 'jgt'],
  [0x30, 'jge'],
  [0x40, 'jset'],
] as const) {
  add(0x05 | op, name, 'jk', true);
  add(0x0d | op, name, 'jx');
}
add(0x06, 'ret', 'imm');
add(0x16, 'ret', 'a');
add(0x07, 'tax', 'none');
add(0x87, 'txa', 'none');

/** Every opcode the kernel's classic verifier allows, by code. */
export const OPCODES: ReadonlyMap<number, OpcodeInfo> = new Map(table.map((e) => [e.code, e]));

/** Looks an opcode up by mnemonic and operand kind (the inverse of OPCODES). */
export function opcodeFor(mnemonic: string, operand: OperandKind): OpcodeInfo | undefined {
  return table.find((e) => e.mnemonic === mnemonic && e.operand === operand);
}

/** The operand kinds a mnemonic takes, for error messages and parsing. */
export function operandsOf(mnemonic: string): OperandKind[] {
  return table.filter((e) => e.mnemonic === mnemonic).map((e) => e.operand);
}

export const isJump = (code: number): boolean => (code & 0x07) === 0x05;
export const isConditionalJump = (code: number): boolean => (code & 0x07) === 0x05 && (code & 0xf0) !== 0;
