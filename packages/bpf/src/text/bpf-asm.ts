// The Linux kernel's bpf_asm source syntax (tools/bpf/bpf_asm, Documentation/networking/filter.rst):
// mnemonics with addressing modes, `label:` definitions and jumps to labels, extensions such as `#proto`.
// Keywords are case-insensitive as in bpf_asm's lexer; labels are case-sensitive.
import { ANCILLARY_FIELDS, ancillaryFieldOf, ancillaryK } from '../ancillary.js';
import { BpfParseError, BpfVerifyError, positionAt } from '../errors.js';
import { type Instruction, insn, type Program } from '../instruction.js';
import { OPCODES, type OperandKind, opcodeFor } from '../opcode-table.js';
import { SKF_AD_ALU_XOR_X } from '../opcodes.js';
import { hex, parseInteger } from './numbers.js';

const SYNTAX = 'bpf_asm';

// ---------------------------------------------------------------- printing

/** Prints bpf_asm source that bpf_asm (and `parseBpfAsm`) assembles back to the same program. */
export function printBpfAsm(program: Program): string {
  const targets = new Set<number>();
  program.forEach((ins, i) => {
    const info = OPCODES.get(ins.code);
    if (info?.operand === 'ja') targets.add((i + 1 + ins.k) >>> 0);
    if (info?.operand === 'jk' || info?.operand === 'jx') {
      targets.add(i + 1 + ins.jt);
      targets.add(i + 1 + ins.jf);
    }
  });
  const label = (t: number): string => `l${t}`;
  const lines: string[] = [];
  program.forEach((ins, i) => {
    if (targets.has(i)) lines.push(`${label(i)}:`);
    lines.push(`\t${asmInstruction(ins, i, label)}`);
  });
  for (const t of targets) {
    if (t >= program.length) {
      throw new BpfVerifyError(
        'jump-out-of-range',
        -1,
        `a jump targets ${t}, past the end; bpf_asm cannot say that`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function asmInstruction(ins: Instruction, i: number, label: (t: number) => string): string {
  if (ins.code === 0x0e) return 'ret x'; // BPF_RET|BPF_X: bpf_asm emits it though the kernel rejects it
  const info = OPCODES.get(ins.code);
  if (!info)
    throw new BpfVerifyError('bad-opcode', i, `opcode 0x${ins.code.toString(16)} has no bpf_asm form`);
  const m = info.mnemonic;
  const k = ins.k;
  switch (info.operand) {
    case 'none':
      return m;
    case 'a':
      return 'ret a';
    case 'imm':
      return `${m} #${info.hex || m === 'ld' || m === 'ldx' ? hex(k) : k}`;
    case 'abs': {
      const anc = ancillaryFieldOf(k);
      if (anc && anc.index !== SKF_AD_ALU_XOR_X) return `${m} #${anc.asmName}`;
      return `${m} [${k >= 0x80000000 ? hex(k) : k}]`;
    }
    case 'ind':
      return `${m} [x + ${k >= 0x80000000 ? hex(k) : k}]`;
    case 'mem':
      return `${m} M[${k}]`;
    case 'len':
      return `${m} #len`;
    case 'msh':
      return `${m} 4*([${k}]&0xf)`;
    case 'x':
      return `${m} x`;
    case 'ja':
      return `ja ${label((i + 1 + k) >>> 0)}`;
    case 'jk':
      return `${m} #${hex(k)}, ${label(i + 1 + ins.jt)}, ${label(i + 1 + ins.jf)}`;
    case 'jx':
      return `${m} x, ${label(i + 1 + ins.jt)}, ${label(i + 1 + ins.jf)}`;
  }
}

// ---------------------------------------------------------------- lexing

interface Token {
  readonly kind: 'ident' | 'number' | 'punct';
  readonly text: string;
  readonly at: number;
}

const TOKEN =
  /\s+|;[^\n]*|\/\*[\s\S]*?\*\/|\/\/[^\n]*|([A-Za-z_][A-Za-z0-9_]*)|(-?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|\d+))|([#[\]+*()&,:%])/y;

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    // bpf_asm also skips lines starting with '#' (cpp leftovers).
    if (text[pos] === '#' && (pos === 0 || text[pos - 1] === '\n')) {
      const eol = text.indexOf('\n', pos);
      pos = eol < 0 ? text.length : eol;
      continue;
    }
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) throw new BpfParseError(`unexpected character "${text[pos]}"`, SYNTAX, positionAt(text, pos));
    if (m[1] !== undefined) tokens.push({ kind: 'ident', text: m[1], at: pos });
    else if (m[2] !== undefined) tokens.push({ kind: 'number', text: m[2], at: pos });
    else if (m[3] !== undefined) tokens.push({ kind: 'punct', text: m[3], at: pos });
    pos = TOKEN.lastIndex;
  }
  return tokens;
}

// ---------------------------------------------------------------- parsing

const EXTENSIONS = new Map<string, number>([
  ...ANCILLARY_FIELDS.map((f) => [f.asmName, f.index] as [string, number]),
  ['vlan_pr', 12 * 4],
]);

const ALU = new Set(['add', 'sub', 'mul', 'div', 'mod', 'and', 'or', 'xor', 'lsh', 'rsh']);
const COND = new Set(['jeq', 'jgt', 'jge', 'jset', 'jneq', 'jne', 'jlt', 'jle']);

interface PendingJump {
  index: number;
  kind: 'ja' | 'jt' | 'jf';
  label: Token;
}

class Parser {
  private pos = 0;
  readonly program: Instruction[] = [];
  readonly labels = new Map<string, number>();
  readonly pending: PendingJump[] = [];
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  fail(msg: string, token?: Token): never {
    const at = token?.at ?? this.tokens[this.pos]?.at ?? this.text.length;
    throw new BpfParseError(msg, SYNTAX, positionAt(this.text, at));
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  next(what: string): Token {
    const t = this.tokens[this.pos++];
    if (!t) this.fail(`expected ${what}, found end of text`);
    return t!;
  }

  expect(punct: string): void {
    const t = this.next(`"${punct}"`);
    if (t.kind !== 'punct' || t.text !== punct) this.fail(`expected "${punct}", found "${t.text}"`, t);
  }

  accept(punct: string): boolean {
    const t = this.peek();
    if (t?.kind === 'punct' && t.text === punct) {
      this.pos++;
      return true;
    }
    return false;
  }

  number(): number {
    const t = this.next('a number');
    const v = t.kind === 'number' ? parseInteger(t.text) : undefined;
    if (v === undefined) this.fail(`expected a number, found "${t.text}"`, t);
    return v! >>> 0;
  }

  /** `x` or `%x` (or `a`/`%a` when `reg` is 'a'). */
  acceptRegister(reg: 'x' | 'a'): boolean {
    const t = this.peek();
    const t1 = this.peek(1);
    if (t?.kind === 'ident' && t.text.toLowerCase() === reg) {
      this.pos++;
      return true;
    }
    if (t?.kind === 'punct' && t.text === '%' && t1?.kind === 'ident' && t1.text.toLowerCase() === reg) {
      this.pos += 2;
      return true;
    }
    return false;
  }

  label(): Token {
    const t = this.next('a label');
    if (t.kind !== 'ident') this.fail(`expected a label, found "${t.text}"`, t);
    return t;
  }

  emit(mnemonic: string, kind: OperandKind, k: number, at: Token): void {
    const info = opcodeFor(mnemonic, kind);
    if (!info) this.fail(`"${mnemonic}" does not take this operand`, at);
    this.program.push(insn(info!.code, k));
  }

  parse(): void {
    while (this.pos < this.tokens.length) {
      const t = this.next('an instruction');
      if (t.kind !== 'ident') this.fail(`expected an instruction or label, found "${t.text}"`, t);
      if (this.peek()?.text === ':' && this.peek()?.kind === 'punct') {
        this.pos++;
        if (this.labels.has(t.text)) this.fail(`label "${t.text}" defined twice`, t);
        this.labels.set(t.text, this.program.length);
        continue;
      }
      this.instruction(t);
    }
  }

  /** Load operands: #k, #ext, ext, [k], [x + k], M[k], 4*([k]&0xf). */
  load(m: string, size: 'ld' | 'ldh' | 'ldb' | 'ldx', op: Token): void {
    const t = this.peek();
    if (!t) this.fail(`"${m}" needs an operand`, op);
    if (t!.kind === 'punct' && t!.text === '#') {
      this.pos++;
      const u = this.peek();
      if (u?.kind === 'ident') {
        this.pos++;
        this.extension(size, u);
        return;
      }
      this.emit(size, 'imm', this.number(), op);
      return;
    }
    if (t!.kind === 'ident' && t!.text.toLowerCase() === 'm') {
      this.pos++;
      this.expect('[');
      const k = this.number();
      this.expect(']');
      this.emit(size, 'mem', k, op);
      return;
    }
    if (t!.kind === 'ident') {
      this.pos++;
      this.extension(size, t!);
      return;
    }
    if (t!.kind === 'punct' && t!.text === '[') {
      this.pos++;
      if (this.acceptRegister('x')) {
        let k = 0;
        if (this.accept('+')) k = this.number();
        this.expect(']');
        this.emit(size, 'ind', k, op);
        return;
      }
      const k = this.number();
      this.expect(']');
      this.emit(size, 'abs', k, op);
      return;
    }
    if (t!.kind === 'number') {
      const four = this.number();
      if (four !== 4) this.fail('the MSH form is 4*([k]&0xf)', t);
      this.expect('*');
      this.expect('(');
      this.expect('[');
      const k = this.number();
      this.expect(']');
      this.expect('&');
      const mask = this.number();
      if (mask !== 0xf) this.fail('the MSH form is 4*([k]&0xf)', t);
      this.expect(')');
      this.emit(size === 'ldx' ? 'ldxb' : size, 'msh', k, op);
      return;
    }
    this.fail(`bad operand for "${m}"`, t);
  }

  extension(size: 'ld' | 'ldh' | 'ldb' | 'ldx', name: Token): void {
    const word = name.text.toLowerCase();
    if (word === 'len' || word === 'pktlen') {
      this.emit(size, 'len', 0, name);
      return;
    }
    const index = EXTENSIONS.get(word);
    if (index === undefined || size === 'ldx') this.fail(`unknown extension "${name.text}"`, name);
    this.emit(size, 'abs', ancillaryK(index!), name);
  }

  instruction(op: Token): void {
    const m = op.text.toLowerCase();
    const index = this.program.length;
    switch (m) {
      case 'ld':
      case 'ldh':
      case 'ldb':
      case 'ldx':
        this.load(m, m, op);
        return;
      case 'ldi':
      case 'ldxi': {
        this.accept('#');
        this.emit(m === 'ldi' ? 'ld' : 'ldx', 'imm', this.number(), op);
        return;
      }
      case 'ldxb': {
        const t = this.peek();
        if (t?.kind !== 'number') this.fail('ldxb takes 4*([k]&0xf)', op);
        this.load(m, 'ldx', op);
        return;
      }
      case 'st':
      case 'stx': {
        const t = this.next('M[k]');
        if (t.kind !== 'ident' || t.text.toLowerCase() !== 'm') this.fail(`"${m}" takes M[k]`, t);
        this.expect('[');
        const k = this.number();
        this.expect(']');
        this.emit(m, 'mem', k, op);
        return;
      }
      case 'jmp':
      case 'ja':
        this.program.push(insn(0x05));
        this.pending.push({ index, kind: 'ja', label: this.label() });
        return;
      case 'neg':
      case 'tax':
      case 'txa':
        this.emit(m, 'none', 0, op);
        return;
      case 'ret':
        if (this.acceptRegister('a')) this.program.push(insn(0x16));
        else if (this.acceptRegister('x')) this.program.push(insn(0x0e));
        else {
          this.accept('#');
          this.emit('ret', 'imm', this.number(), op);
        }
        return;
    }
    if (ALU.has(m)) {
      if (this.acceptRegister('x')) this.emit(m, 'x', 0, op);
      else {
        this.accept('#');
        this.emit(m, 'imm', this.number(), op);
      }
      return;
    }
    if (COND.has(m)) {
      this.conditional(m, op, index);
      return;
    }
    this.fail(`unknown instruction "${op.text}"`, op);
  }

  conditional(m: string, op: Token, index: number): void {
    let kind: OperandKind;
    let k = 0;
    if (this.acceptRegister('x')) kind = 'jx';
    else {
      this.expect('#');
      k = this.number();
      kind = 'jk';
    }
    this.expect(',');
    const first = this.label();
    let second: Token | undefined;
    if (this.accept(',')) second = this.label();
    // jneq/jlt/jle are the negations of jeq/jge/jgt: the one label is the false branch.
    const base = { jneq: 'jeq', jne: 'jeq', jlt: 'jge', jle: 'jgt' }[m];
    if (base && second) this.fail(`"${m}" takes one label`, second);
    this.emit(base ?? m, kind, k, op);
    if (base) this.pending.push({ index, kind: 'jf', label: first });
    else {
      this.pending.push({ index, kind: 'jt', label: first });
      if (second) this.pending.push({ index, kind: 'jf', label: second });
    }
  }

  resolve(): Instruction[] {
    const out = this.program.slice();
    for (const p of this.pending) {
      const target = this.labels.get(p.label.text);
      if (target === undefined) this.fail(`undefined label "${p.label.text}"`, p.label);
      const off = target! - p.index - 1;
      const ins = out[p.index]!;
      if (p.kind === 'ja') {
        out[p.index] = insn(ins.code, off >>> 0, ins.jt, ins.jf);
        continue;
      }
      if (off < 0 || off > 255)
        this.fail(`label "${p.label.text}" is not 0..255 instructions ahead`, p.label);
      out[p.index] =
        p.kind === 'jt' ? insn(ins.code, ins.k, off, ins.jf) : insn(ins.code, ins.k, ins.jt, off);
    }
    return out;
  }
}

/** Parses bpf_asm source. Jump offsets come from labels; conditional jumps must go 0..255 forward. */
export function parseBpfAsm(text: string): Instruction[] {
  const parser = new Parser(text, lex(text));
  parser.parse();
  return parser.resolve();
}
