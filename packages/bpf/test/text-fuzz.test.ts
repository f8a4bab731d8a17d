// Parsers on random input: they either return a program or throw BpfParseError with a position —
// never another exception — and every printer's output parses back to the same program.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble, BpfParseError, disassemble, type TextSyntax } from '../src/index.js';
import { anyProgramArb, validProgramArb } from './helpers/arbitrary.js';

const SYNTAXES: TextSyntax[] = ['listing', 'c', 'decimal', 'bpf_asm'];

const tokenText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'ld',
        'ldh',
        'ldb',
        'ldx',
        'ldxb',
        'st',
        'stx',
        'jeq',
        'jneq',
        'jlt',
        'ja',
        'jmp',
        'ret',
        'tax',
        'add',
        'neg',
        'l1',
        'l2:',
        'M',
        'x',
        '%x',
        'a',
        '#proto',
        '#len',
        'vlan_avail',
      ),
      fc.constantFrom(
        '#',
        '[',
        ']',
        '+',
        '*',
        '(',
        ')',
        '&',
        ',',
        ':',
        '%',
        ';',
        '{',
        '}',
        '\n',
        '\t',
        ' ',
        '0x',
        '-',
      ),
      fc.constantFrom(
        '(000)',
        '(001)',
        'jt',
        'jf',
        '#pktlen',
        '[x + 1]',
        '4*([14]&0xf)',
        '; 0x0028',
        'unimp',
      ),
      fc.integer({ min: -5, max: 300 }).map(String),
      fc.constantFrom('4294967295', '4294967296', '0xffffffff', '0b101', '017', '99999999999999999999'),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(' '));

const anyText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  tokenText,
);

describe('assemble on random text', () => {
  for (const syntax of [...SYNTAXES, 'auto'] as const) {
    it(`${syntax}: only typed errors, with a position inside the text`, () => {
      fc.assert(
        fc.property(anyText, (text) => {
          try {
            const program = assemble(text, { syntax });
            expect(Array.isArray(program)).toBe(true);
          } catch (err) {
            expect(err).toBeInstanceOf(BpfParseError);
            const pos = (err as BpfParseError).position;
            expect(pos.offset).toBeGreaterThanOrEqual(0);
            expect(pos.offset).toBeLessThanOrEqual(text.length);
            expect(pos.line).toBeGreaterThanOrEqual(1);
          }
        }),
        { numRuns: 1500, seed: 11 },
      );
    });
  }
});

describe('print → parse round trips', () => {
  it('c and decimal are lossless for any program, valid or not', () => {
    fc.assert(
      fc.property(anyProgramArb(20), (program) => {
        for (const format of ['c', 'decimal'] as const) {
          expect(assemble(disassemble(program, { format }), { syntax: format })).toEqual(program);
        }
        expect(
          assemble(disassemble(program, { format: 'decimal', separator: ',' }), { syntax: 'decimal' }),
        ).toEqual(program);
      }),
      { numRuns: 500, seed: 12 },
    );
  });

  it('listing and bpf_asm round-trip every valid program (and listing is stable when re-printed)', () => {
    fc.assert(
      fc.property(validProgramArb(60), (program) => {
        for (const format of ['listing', 'bpf_asm'] as const) {
          const text = disassemble(program, { format });
          const again = assemble(text, { syntax: format });
          expect(again).toEqual(program);
          expect(disassemble(again, { format })).toBe(text);
          expect(assemble(text)).toEqual(again); // auto-detection picks the right syntax
        }
        const commented = disassemble(program, { format: 'listing', opcodes: true });
        expect(assemble(commented, { syntax: 'listing' })).toEqual(program);
      }),
      { numRuns: 500, seed: 13 },
    );
  });
});
