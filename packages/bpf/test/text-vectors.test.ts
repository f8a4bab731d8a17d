import { describe, expect, it } from 'vitest';
import { assemble, disassemble } from '../src/index.js';
import { expectedListings, normaliseListing } from './helpers/vectors.js';

describe('libpcap-filter.json expected programs (tcpdump -d listings)', () => {
  const listings = expectedListings();

  it('has the expected programs to check', () => {
    expect(listings.length).toBe(847);
  });

  it('every opt/unopt/optunopt listing parses and prints back identically', () => {
    const failures: string[] = [];
    for (const [name, text] of listings) {
      const expected = normaliseListing(text);
      const program = assemble(text, { syntax: 'listing' });
      const opcodes = expected.includes('; 0x');
      const printed = disassemble(program, { format: 'listing', opcodes });
      if (printed !== expected) failures.push(`${name}\n--- expected\n${expected}--- printed\n${printed}`);
    }
    expect(failures.slice(0, 3)).toEqual([]);
  });

  it('every listing survives the other three syntaxes unchanged', () => {
    for (const [name, text] of listings) {
      const program = assemble(text, { syntax: 'listing' });
      for (const format of ['c', 'decimal', 'bpf_asm'] as const) {
        const again = assemble(disassemble(program, { format }), { syntax: format });
        expect(again, `${name} via ${format}`).toEqual(program);
      }
    }
  });
});
