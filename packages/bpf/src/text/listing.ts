// `tcpdump -d` listings (libpcap's bpf_image): one "(NNN) op operand [jt T jf F]" line per instruction,
// jump targets absolute. Printing matches libpcap byte for byte, minus bpf_image's trailing spaces.
import { ANCILLARY_FIELDS, ancillaryFieldOf, ancillaryK } from '../ancillary.js';
import { BpfParseError, positionAt } from '../errors.js';
import { type Instruction, insn, type Program } from '../instruction.js';
import { OPCODES, type OperandKind, opcodeFor } from '../opcode-table.js';
import { hex, parseInteger, signed32 } from './numbers.js';

const SYNTAX = 'listing';

export interface ListingOptions {
  /** Append `; 0x%04x` opcode comments at column 50, as libpcap's test suite prints them. */
  opcodes?: boolean;
}

function operandText(ins: Instruction, index: number): { op: string; operand: string } {
  const info = OPCODES.get(ins.code);
  if (!info) return { op: 'unimp', operand: hex(ins.code) };
  const k = ins.k;
  let operand: string;
  switch (info.operand) {
    case 'none':
    case 'a':
      operand = '';
      break;
    case 'imm':
      operand = `#${info.hex ? hex(k) : signed32(k)}`;
      break;
    case 'abs': {
      const anc = ancillaryFieldOf(k);
      operand = anc ? `[${anc.listingName}]` : `[${signed32(k)}]`;
      break;
    }
    case 'ind':
      operand = `[x + ${signed32(k)}]`;
      break;
    case 'mem':
      operand = `M[${signed32(k)}]`;
      break;
    case 'len':
      operand = '#pktlen';
      break;
    case 'msh':
      operand = `4*([${signed32(k)}]&0xf)`;
      break;
    case 'x':
      operand = 'x';
      break;
    case 'ja':
      operand = signed32(index + 1 + k);
      break;
    case 'jk':
      operand = `#${hex(k)}`;
      break;
    case 'jx':
      operand = 'x';
      break;
  }
  return { op: info.mnemonic, operand };
}

/** One bpf_image line (without trailing spaces unless `opcodes` pads it). */
export function listingLine(ins: Instruction, index: number, options: ListingOptions = {}): string {
  const { op, operand } = operandText(ins, index);
  const n = String(index).padStart(3, '0');
  let line: string;
  const info = OPCODES.get(ins.code);
  if (info && (info.operand === 'jk' || info.operand === 'jx')) {
    line = `(${n}) ${op.padEnd(8)} ${operand.padEnd(16)} jt ${index + 1 + ins.jt}\tjf ${index + 1 + ins.jf}`;
  } else {
    line = `(${n}) ${op.padEnd(8)} ${operand}`;
  }
  if (options.opcodes) return `${line.padEnd(50)}; 0x${ins.code.toString(16).padStart(4, '0')}`;
  return line.trimEnd();
}

export function printListing(program: Program, options: ListingOptions = {}): string {
  return program.map((ins, i) => `${listingLine(ins, i, options)}\n`).join('');
}

const NUM = '([-+]?(?:0[xX][0-9a-fA-F]+|\\d+))';
const OPERAND_PATTERNS: [OperandKind, RegExp][] = [
  ['len', /^#pktlen$/],
  ['imm', new RegExp(`^#${NUM}$`)],
  ['ind', new RegExp(`^\\[x \\+ ${NUM}\\]$`)],
  ['abs', new RegExp(`^\\[${NUM}\\]$`)],
  ['mem', new RegExp(`^M\\[${NUM}\\]$`)],
  ['msh', new RegExp(`^4\\*\\(\\[${NUM}\\]&0xf\\)$`)],
  ['x', /^x$/],
  ['none', /^$/],
];

/** Parses a `tcpdump -d` listing. Line numbers must count up from 0; comments after `;` are checked. */
export function parseListing(text: string): Instruction[] {
  const program: Instruction[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const raw = text.slice(lineStart, lineEnd);
    const lead = raw.length - raw.trimStart().length;
    const line = raw.trim();
    const fail = (msg: string, col = 0): never => {
      throw new BpfParseError(msg, SYNTAX, positionAt(text, lineStart + lead + col));
    };
    if (line !== '') program.push(parseLine(line, program.length, fail));
    lineStart = lineEnd + 1;
  }
  return program;
}

function parseLine(line: string, index: number, fail: (msg: string, col?: number) => never): Instruction {
  let body = line;
  let commentCode: number | undefined;
  const semi = line.indexOf(';');
  if (semi >= 0) {
    const m = /^;\s*(0x[0-9a-fA-F]+)$/.exec(line.slice(semi).trim());
    if (!m) fail('comment must be the opcode, "; 0xNNNN"', semi);
    commentCode = Number.parseInt(m![1]!.slice(2), 16);
    body = line.slice(0, semi).trimEnd();
  }
  const head = /^\((\d+)\)\s+([a-z]+)\s*(.*)$/.exec(body);
  if (!head) fail('expected "(NNN) mnemonic operand"');
  const [, num, mnemonic, rest] = head as unknown as [string, string, string, string];
  if (Number(num) !== index) fail(`instruction number ${Number(num)} out of sequence, expected ${index}`);
  const operandCol = body.length - rest.length;
  const ins = parseBody(mnemonic, rest.trim(), index, (msg) => fail(msg, operandCol));
  if (commentCode !== undefined && commentCode !== ins.code) {
    fail(
      `opcode comment 0x${commentCode.toString(16)} disagrees with ${mnemonic} (0x${ins.code.toString(16)})`,
      semi,
    );
  }
  return ins;
}

function num(s: string, fail: (msg: string) => never): number {
  const v = parseInteger(s);
  if (v === undefined) fail(`bad number "${s}"`);
  return v!;
}

function parseBody(
  mnemonic: string,
  operand: string,
  index: number,
  fail: (msg: string) => never,
): Instruction {
  if (mnemonic === 'unimp') {
    const m = /^0x([0-9a-fA-F]{1,4})$/.exec(operand);
    if (!m) fail('unimp takes the opcode as 0xNNNN');
    return insn(Number.parseInt(m![1]!, 16));
  }
  if (mnemonic === 'ja') {
    const target = num(operand, fail);
    return insn(0x05, (target - index - 1) >>> 0);
  }
  if (mnemonic === 'ret' && operand === '') return insn(0x16);
  const jm = /^(.*?)\s+jt\s+(\d+)\s+jf\s+(\d+)$/.exec(operand);
  if (jm) {
    const [, cmp, jtText, jfText] = jm as unknown as [string, string, string, string];
    const jt = Number(jtText) - index - 1;
    const jf = Number(jfText) - index - 1;
    if (jt < 0 || jt > 255 || jf < 0 || jf > 255) fail('jump target must be 1..256 instructions ahead');
    if (cmp === 'x') {
      const info = opcodeFor(mnemonic, 'jx');
      if (!info) fail(`"${mnemonic}" is not a conditional jump`);
      return insn(info!.code, 0, jt, jf);
    }
    const km = new RegExp(`^#${NUM}$`).exec(cmp);
    const info = opcodeFor(mnemonic, 'jk');
    if (!km || !info) fail(`bad conditional jump "${mnemonic} ${cmp}"`);
    return insn(info!.code, num(km![1]!, fail), jt, jf);
  }
  // Ancillary loads print by name: [proto], [vlanp]...
  const anc = /^\[([a-z_]+)\]$/.exec(operand);
  if (anc && anc[1] !== 'x') {
    const field = ANCILLARY_FIELDS.find((f) => f.listingName === anc[1]);
    const info = opcodeFor(mnemonic, 'abs');
    if (!field || !info) fail(`unknown ancillary load "${mnemonic} ${operand}"`);
    return insn(info!.code, ancillaryK(field!.index));
  }
  for (const [kind, re] of OPERAND_PATTERNS) {
    const m = re.exec(operand);
    if (!m) continue;
    const info = opcodeFor(mnemonic, kind) ?? (kind === 'none' ? opcodeFor(mnemonic, 'a') : undefined);
    if (!info) fail(`"${mnemonic}" does not take operand "${operand}"`);
    return insn(info!.code, m[1] === undefined ? 0 : num(m[1], fail));
  }
  return fail(`bad operand "${operand}" for "${mnemonic}"`);
}
