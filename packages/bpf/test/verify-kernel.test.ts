// The verifier against the kernel: SO_ATTACH_FILTER must accept exactly the programs verify() accepts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ancillaryK, type Instruction, insn, type Program, verify } from '../src/index.js';
import { anyProgramArb, validProgramArb } from './helpers/arbitrary.js';
import { kernelVerify } from './helpers/kernel.js';

const EINVAL = 22;

describe('verify() vs the running kernel (SO_ATTACH_FILTER)', () => {
  it('agrees on 1500 random valid, mutated and arbitrary programs', () => {
    const programs = [
      ...fc.sample(anyProgramArb(10), { numRuns: 1200, seed: 0x5eed }),
      ...fc.sample(validProgramArb(60), { numRuns: 300, seed: 7 }),
    ];
    const kernel = kernelVerify(programs);
    const disagreements: string[] = [];
    let accepted = 0;
    programs.forEach((p, i) => {
      const ours = verify(p);
      if (kernel[i] === 0) accepted++;
      if (ours.ok !== (kernel[i] === 0)) {
        disagreements.push(
          `${JSON.stringify(p)}: kernel errno ${kernel[i]}, ours ${ours.ok ? 'ok' : ours.message}`,
        );
      }
      if (!ours.ok) expect(kernel[i]).toBe(EINVAL);
    });
    console.log(
      `kernel verify: ${programs.length} programs, ${accepted} accepted, ${programs.length - accepted} rejected`,
    );
    expect(disagreements.slice(0, 5)).toEqual([]);
    // Both outcomes must be well represented, or the comparison proves little.
    expect(accepted).toBeGreaterThan(400);
    expect(programs.length - accepted).toBeGreaterThan(300);
  });

  it('agrees on each rule at its boundary', () => {
    const ret = insn(0x06, 1);
    const cases: Program[] = [
      [],
      Array.from({ length: 4096 }, () => ret),
      Array.from({ length: 4097 }, () => ret),
      [insn(0x34, 0), ret],
      [insn(0x94, 0), ret],
      [insn(0x3c), ret],
      [insn(0x64, 31), ret],
      [insn(0x64, 32), ret],
      [insn(0x74, 32), ret],
      [insn(0x02, 15), insn(0x60, 15), ret],
      [insn(0x02, 16), ret],
      [insn(0x60, 0), ret],
      [insn(0x02, 3), insn(0x15, 1, 0, 1), insn(0x02, 4), insn(0x60, 4), ret],
      [insn(0x02, 3), insn(0x15, 1, 0, 1), insn(0x02, 4), insn(0x60, 3), ret],
      [insn(0x05, 0), ret],
      [insn(0x05, 1), ret],
      [insn(0x05, 0xffffffff), ret],
      [insn(0x15, 0, 0, 1), ret],
      [insn(0x15, 0, 1, 0), ret],
      [insn(0x20, ancillaryK(60)), ret],
      [insn(0x30, ancillaryK(64)), ret],
      [insn(0x28, ancillaryK(40)), ret],
      [insn(0x20, 0xfff00000), ret],
      [insn(0x0e)],
      [insn(0x16)],
      [insn(0x81), ret],
      [insn(0x88), ret],
      [insn(0x00 | 0x08), ret],
      [ret, insn(0x87)],
      // The kernel carries scratch validity across a return into the next instruction (a quirk).
      [insn(0x02, 0), insn(0x15, 0, 1, 0), ret, insn(0x60, 0), ret],
    ];
    const kernel = kernelVerify(cases);
    cases.forEach((p, i) => {
      expect(verify(p).ok, `case ${i}: ${JSON.stringify(p.slice(0, 5))}`).toBe(kernel[i] === 0);
    });
  });

  it('says which instruction fails and why', () => {
    const r = verify([insn(0x28, 12), insn(0x15, 0x800, 0, 9), insn(0x06, 0xffff)]);
    expect(r).toMatchObject({ ok: false, index: 1, code: 'jump-out-of-range' });
    expect(verify([insn(0x28, 12)])).toMatchObject({ ok: false, index: 0, code: 'no-final-return' });
    expect(verify([insn(0x34, 0), insn(0x16)])).toMatchObject({
      ok: false,
      index: 0,
      code: 'division-by-zero',
    });
    expect(verify([insn(0x61, 2), insn(0x16)])).toMatchObject({
      ok: false,
      index: 0,
      code: 'uninitialised-scratch',
    });
    expect(verify([insn(0x01), insn(0x99), insn(0x16)])).toMatchObject({
      ok: false,
      index: 1,
      code: 'bad-opcode',
    });
    expect(verify([])).toMatchObject({ ok: false, index: -1, code: 'empty' });
    const backward: Instruction[] = [insn(0x00), insn(0x05, 0xfffffffe), insn(0x16)];
    expect(verify(backward)).toMatchObject({ ok: false, index: 1, code: 'jump-out-of-range' });
    expect(verify(backward, { rules: 'libpcap' })).toEqual({ ok: true });
  });
});
