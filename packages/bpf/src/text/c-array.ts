// `tcpdump -dd` (and `bpf_asm -c`): C initialisers for struct sock_filter, one `{ code, jt, jf, k },` per line.
import { BpfParseError, positionAt } from '../errors.js';
import { type Instruction, insn, type Program } from '../instruction.js';
import { parseInteger } from './numbers.js';

const SYNTAX = 'c';

export function printCArray(program: Program): string {
  return program
    .map((i) => `{ 0x${i.code.toString(16)}, ${i.jt}, ${i.jf}, 0x${i.k.toString(16).padStart(8, '0')} },\n`)
    .join('');
}

const ENTRY = /\{\s*([^,{}\s]+)\s*,\s*([^,{}\s]+)\s*,\s*([^,{}\s]+)\s*,\s*([^,{}\s]+)\s*\}\s*,?/y;
const SKIP = /(?:\s+|\/\*[\s\S]*?\*\/|\/\/[^\n]*)*/y;

/** Parses C initialisers; accepts any C integer literal and C comments between entries. */
export function parseCArray(text: string): Instruction[] {
  const program: Instruction[] = [];
  let pos = 0;
  const fail = (msg: string, at: number): never => {
    throw new BpfParseError(msg, SYNTAX, positionAt(text, at));
  };
  for (;;) {
    SKIP.lastIndex = pos;
    SKIP.exec(text);
    pos = SKIP.lastIndex;
    if (pos >= text.length) break;
    ENTRY.lastIndex = pos;
    const m = ENTRY.exec(text);
    if (!m) fail('expected "{ code, jt, jf, k },"', pos);
    const fields = m!.slice(1, 5).map((s, idx) => {
      const v = parseInteger(s.replace(/[uUlL]+$/, ''));
      const max = idx === 0 ? 0xffff : idx < 3 ? 0xff : 0xffffffff;
      if (v === undefined || v > max || (idx < 3 && v < 0))
        fail(`bad field "${s}"`, m!.index + m![0].indexOf(s));
      return v!;
    });
    program.push(insn(fields[0]!, fields[3]!, fields[1]!, fields[2]!));
    pos = ENTRY.lastIndex;
  }
  return program;
}
