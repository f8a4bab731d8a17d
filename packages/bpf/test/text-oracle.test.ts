// Our printers against the tools that define the formats: libpcap's bpf_image and tcpdump -d/-dd/-ddd.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble, disassemble, insn } from '../src/index.js';
import { validProgramArb } from './helpers/arbitrary.js';
import { libpcapImage } from './helpers/oracle.js';

const tcpdump = (flag: string, expr: string): string =>
  execFileSync('tcpdump', [flag, '-y', 'EN10MB', expr], { encoding: 'utf8' });

const trimLines = (text: string): string =>
  text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .map((l) => `${l}\n`)
    .join('');

describe('printers vs libpcap and tcpdump', () => {
  it('listing lines equal libpcap 1.10.3 bpf_image for 400 random programs', () => {
    const programs = fc.sample(validProgramArb(30), { numRuns: 400, seed: 21 });
    const images = libpcapImage(programs);
    let mismatches = 0;
    programs.forEach((program, p) => {
      const ours = disassemble(program, { format: 'listing' }).split('\n');
      const theirs = images[p]!.map((l) => l.trimEnd());
      program.forEach((ins, i) => {
        // 1.10.3 predates `ldx #pktlen` in bpf_image (newer libpcap, and the vectors, print it).
        const want = ins.code === 0x81 ? theirs[i]!.replace(/unimp\s+0x81/, 'ldx      #pktlen') : theirs[i];
        if (ours[i] !== want) {
          mismatches++;
          expect(ours[i]).toBe(want);
        }
      });
    });
    expect(mismatches).toBe(0);
  });

  for (const expr of [
    'tcp port 80',
    'ip6 and not icmp6',
    'vlan 10 and udp',
    'ether host 1:2:3:4:5:6 or len > 100',
    'ip[2:2] > 576 and icmp',
  ]) {
    it(`tcpdump -d/-dd/-ddd for "${expr}" parse and print back byte for byte`, () => {
      const d = tcpdump('-d', expr);
      const dd = tcpdump('-dd', expr);
      const ddd = tcpdump('-ddd', expr);
      const program = assemble(ddd, { syntax: 'decimal' });
      expect(assemble(d, { syntax: 'listing' })).toEqual(program);
      expect(assemble(dd, { syntax: 'c' })).toEqual(program);
      expect(assemble(d)).toEqual(program);
      expect(assemble(dd)).toEqual(program);
      expect(assemble(ddd)).toEqual(program);
      expect(disassemble(program, { format: 'listing' })).toBe(trimLines(d));
      expect(disassemble(program, { format: 'c' })).toBe(dd);
      expect(disassemble(program, { format: 'decimal' })).toBe(ddd);
    });
  }
});

describe('bpf_asm syntax', () => {
  it('assembles the kernel documentation example (IPv4 TCP, drop everything else)', () => {
    const program = assemble(
      `
        ldh [12]            ; EtherType
        jne #0x800, drop
        ldb [23]
        jneq #6, drop
        ret #-1
      drop: ret #0
      `,
      { syntax: 'bpf_asm' },
    );
    expect(program).toEqual([
      insn(0x28, 12),
      insn(0x15, 0x800, 0, 3),
      insn(0x30, 23),
      insn(0x15, 6, 0, 1),
      insn(0x06, 0xffffffff),
      insn(0x06, 0),
    ]);
  });

  it('knows extensions, MSH, indirect loads, jlt/jle, ldi, register forms', () => {
    const program = assemble(
      `ld #proto
       ldb vlan_avail
       ldh #vlan_tci
       ldx 4*([14]&0xf)
       ldxb 4*([14]&0xf)
       ld [x + 4]
       ldh [%x + 2]
       ldi #5
       ldxi 7
       ld #len
       ldx #len
       st M[3]
       ldx M[3]
       add %x
       lsh #2
       jlt #10, out
       jle x, out
       jset #0x40, out, out
       tax
       txa
       neg
      out: ret a`,
    );
    expect(program.map((i) => i.code)).toEqual([
      0x20, 0x30, 0x28, 0xb1, 0xb1, 0x40, 0x48, 0x00, 0x01, 0x80, 0x81, 0x02, 0x61, 0x0c, 0x64, 0x35, 0x2d,
      0x45, 0x07, 0x87, 0x84, 0x16,
    ]);
    expect(program[0]!.k).toBe(0xfffff000);
    expect(program[1]!.k).toBe(0xfffff030);
    expect(program[15]).toEqual(insn(0x35, 10, 0, 5));
  });

  it("is case-insensitive in keywords, skips # lines and reads bpf_asm's own output forms", () => {
    const program = assemble('#define nothing\nLDH [12]\nJEQ #0x800, Yes, no\nYes: RET #-1\nno: Ret A\n', {
      syntax: 'bpf_asm',
    });
    expect(program).toEqual([insn(0x28, 12), insn(0x15, 0x800, 0, 1), insn(0x06, 0xffffffff), insn(0x16)]);
    expect(() => assemble('jeq #1, yes, no\nYES: ret #1\nno: ret #0', { syntax: 'bpf_asm' })).toThrow(
      /undefined label "yes"/,
    );
    // `bpf_asm` prints "count,code jt jf k,...," (trailing comma) and `bpf_asm -c` "{ 0x28,  0,  0, 0x0000000c },".
    expect(assemble('4,40 0 0 12,21 0 1 2048,6 0 0 4294967295,22 0 0 0,\n')).toEqual(program);
    expect(
      assemble(
        '{ 0x28,  0,  0, 0x0000000c },\n{ 0x15,  0,  1, 0x00000800 },\n{ 0x06,  0,  0, 0xffffffff },\n{ 0x16,  0,  0, 0000000000 },\n',
      ),
    ).toEqual(program);
  });

  it('reports undefined and duplicate labels and out-of-reach jumps at their position', () => {
    expect(() => assemble('jeq #1, nowhere\nret #0', { syntax: 'bpf_asm' })).toThrow(
      /2?:?1?.*undefined label "nowhere"/,
    );
    expect(() => assemble('a: ret #0\na: ret #1', { syntax: 'bpf_asm' })).toThrow(/defined twice/);
    const far = `jeq #1, end\n${'tax\n'.repeat(300)}end: ret #0`;
    expect(() => assemble(far, { syntax: 'bpf_asm' })).toThrow(/not 0\.\.255/);
    try {
      assemble('ld #0\n  ldh [x + ]\nret a', { syntax: 'bpf_asm' });
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ name: 'BpfParseError', position: { line: 2, column: 12 } });
    }
  });
});
