// Parses libpcap's `tcpdump -d` listing into instructions, so the vectors' expected programs can
// be executed. Private to the filter tests (the package's own assembler is another module's job).
import type { Instruction } from '../../src/instruction.js';

const SIZE: Record<string, number> = { '': 0x00, h: 0x08, b: 0x10 };
const ALU: Record<string, number> = {
  add: 0x00,
  sub: 0x10,
  mul: 0x20,
  div: 0x30,
  or: 0x40,
  and: 0x50,
  lsh: 0x60,
  rsh: 0x70,
  neg: 0x80,
  mod: 0x90,
  xor: 0xa0,
};
const JMP: Record<string, number> = { jeq: 0x10, jgt: 0x20, jge: 0x30, jset: 0x40 };
const ANCILLARY: Record<string, number> = {
  proto: 0,
  type: 4,
  ifidx: 8,
  nla: 12,
  nlan: 16,
  mark: 20,
  queue: 24,
  hatype: 28,
  rxhash: 32,
  cpu: 36,
  vlan_tci: 44,
  vlanp: 48,
  poff: 52,
  random: 56,
  vlan_tpid: 60,
};
const num = (s: string): number => (s.startsWith('0x') ? Number.parseInt(s, 16) : Number(s)) >>> 0;

export function parseTcpdumpText(text: string): Instruction[] {
  const out: Instruction[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/;.*$/, '').trim();
    const m = /^\((\d+)\)\s+(\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    const pc = Number(m[1]);
    const op = m[2]!;
    const arg = m[3]!.trim();
    out.push(parseOne(op, arg, pc));
  }
  return out;
}

function parseOne(op: string, arg: string, pc: number): Instruction {
  const ins = (code: number, k = 0, jt = 0, jf = 0): Instruction => ({ code, jt, jf, k: k >>> 0 });
  if (op === 'ret') return arg === '' ? ins(0x16) : ins(0x06, num(arg.slice(1)));
  if (op === 'tax') return ins(0x07);
  if (op === 'txa') return ins(0x87);
  if (op === 'neg') return ins(0x84);
  if (op === 'ja') return ins(0x05, num(arg) - pc - 1);
  if (op === 'st') return ins(0x02, num(/M\[(\d+)\]/.exec(arg)![1]!));
  if (op === 'stx') return ins(0x03, num(/M\[(\d+)\]/.exec(arg)![1]!));
  const ldm = /^(ld|ldx)(b|h|)$/.exec(op);
  if (ldm) {
    const isX = ldm[1] === 'ldx';
    const size = SIZE[ldm[2]!]!;
    const cls = isX ? 0x01 : 0x00;
    if (isX && ldm[2] === 'b' && /^4\*\(\[/.test(arg)) return ins(0xb1, num(/\[(\w+)\]/.exec(arg)![1]!));
    if (arg === '#pktlen') return ins(cls | 0x80);
    const forms: [RegExp, (v: string) => Instruction | undefined][] = [
      [/^#(\S+)$/, (v) => ins(cls | 0x00, num(v))],
      [/^M\[(\d+)\]$/, (v) => ins(cls | 0x60, num(v))],
      [/^\[x \+ (\d+)\]$/, (v) => ins(0x40 | size, num(v))],
      [/^\[(\d+)\]$/, (v) => ins(0x20 | size, num(v))],
      [
        /^\[(\w+)\]$/,
        (v) => (ANCILLARY[v] === undefined ? undefined : ins(0x20 | size, (-0x1000 + ANCILLARY[v]!) >>> 0)),
      ],
    ];
    for (const [re, build] of forms) {
      const fm = re.exec(arg);
      const built = fm ? build(fm[1]!) : undefined;
      if (built) return built;
    }
    throw new Error(`cannot parse ${op} ${arg}`);
  }
  if (ALU[op] !== undefined) {
    if (arg === 'x') return ins(0x04 | ALU[op]! | 0x08);
    return ins(0x04 | ALU[op]!, num(arg.slice(1)));
  }
  if (JMP[op] !== undefined) {
    const m = /^(#\S+|x)\s+jt (\d+)\s+jf (\d+)$/.exec(arg);
    if (!m) throw new Error(`cannot parse ${op} ${arg}`);
    const jt = Number(m[2]) - pc - 1;
    const jf = Number(m[3]) - pc - 1;
    if (m[1] === 'x') return ins(0x05 | JMP[op]! | 0x08, 0, jt, jf);
    return ins(0x05 | JMP[op]!, num(m[1]!.slice(1)), jt, jf);
  }
  throw new Error(`unknown opcode ${op}`);
}
