// fast-check generators for classic BPF programs: kernel-valid ones (for VM/JIT/libpcap differentials)
// and arbitrary ones (for the verifier against the kernel).
import fc from 'fast-check';
import { ancillaryK, type Instruction, insn, OPCODES, verify } from '../../src/index.js';

const VALID_CODES = [...OPCODES.keys()];
const CODES_NO_RET = VALID_CODES.filter((c) => c !== 0x06 && c !== 0x16);

/** k values that stress bounds: small offsets near packet ends, boundaries, ancillary and wrap-around. */
export const kArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 96 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(0, 1, 2, 3, 4, 31, 32, 255, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff),
  },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 15 }).map((i) => ancillaryK(i * 4)) },
  { weight: 1, arbitrary: fc.constantFrom(0xfff00000, 0xfff00010, 0xffe00000, 0xffe00006) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffffffff }) },
);

interface RawInsn {
  code: number;
  k: number;
  jt: number;
  jf: number;
}

const rawArb: fc.Arbitrary<RawInsn> = fc.record({
  code: fc.constantFrom(...CODES_NO_RET),
  k: kArb,
  jt: fc.integer({ min: 0, max: 255 }),
  jf: fc.integer({ min: 0, max: 255 }),
});

const retArb: fc.Arbitrary<Instruction> = fc.oneof(
  fc.constant(insn(0x16)),
  kArb.map((k) => insn(0x06, k)),
);

/** Makes raw instructions kernel-valid: in-range forward jumps, legal constants; ends with returns. */
function repair(raw: RawInsn[], rets: Instruction[]): Instruction[] {
  const n = raw.length + rets.length;
  const program: Instruction[] = raw.map((r, i) => {
    const room = n - i - 1; // instructions after this one
    let { k, jt, jf } = r;
    const info = OPCODES.get(r.code)!;
    if (info.operand === 'ja') k %= room;
    if (info.operand === 'jk' || info.operand === 'jx') {
      jt %= Math.min(room, 256);
      jf %= Math.min(room, 256);
    } else {
      jt = 0;
      jf = 0;
    }
    if (info.operand === 'mem') k &= 15;
    if ((r.code === 0x34 || r.code === 0x94) && k === 0) k = 1;
    if (r.code === 0x64 || r.code === 0x74) k &= 31;
    if ((r.code & 0xe7) === 0x20 && k >= 0xfffff000) k = ancillaryK((k & 0x3c) % 64);
    if (
      info.operand !== 'imm' &&
      info.operand !== 'abs' &&
      info.operand !== 'ind' &&
      info.operand !== 'msh' &&
      info.operand !== 'mem' &&
      info.operand !== 'ja' &&
      info.operand !== 'jk'
    )
      k = 0;
    return insn(r.code, k, jt, jf);
  });
  program.push(...rets);
  // Scratch reads before writes are the one rule a local fix cannot see: turn offending loads into stores.
  for (let tries = 0; tries < program.length; tries++) {
    const r = verify(program);
    if (r.ok) break;
    if (r.code !== 'uninitialised-scratch') throw new Error(`generator bug: ${r.message}`);
    const bad = program[r.index]!;
    program[r.index] = insn(bad.code === 0x60 ? 0x02 : 0x03, bad.k);
  }
  return program;
}

/** Kernel-valid programs (verify() accepts them), 1..maxLength instructions. */
export function validProgramArb(maxLength = 40): fc.Arbitrary<Instruction[]> {
  return fc
    .tuple(fc.array(rawArb, { maxLength: maxLength - 1 }), fc.array(retArb, { minLength: 1, maxLength: 3 }))
    .map(([raw, rets]) => repair(raw, rets));
}

/** Anything: valid programs with a few fields mutated to arbitrary values, and unconstrained ones. */
export function anyProgramArb(maxLength = 12): fc.Arbitrary<Instruction[]> {
  const field = fc.record({
    code: fc.oneof(
      fc.constantFrom(...VALID_CODES),
      fc.integer({ min: 0, max: 0xff }),
      fc.integer({ min: 0, max: 0xffff }),
    ),
    k: kArb,
    jt: fc.integer({ min: 0, max: 255 }),
    jf: fc.integer({ min: 0, max: 255 }),
  });
  const mutated = fc
    .tuple(validProgramArb(maxLength), fc.array(fc.tuple(fc.nat(), field), { maxLength: 2 }))
    .map(([prog, muts]) => {
      const out = prog.slice();
      for (const [at, f] of muts) {
        const i = at % out.length;
        const which = at % 4;
        const old = out[i]!;
        out[i] = insn(
          which === 0 ? f.code : old.code,
          which === 1 ? f.k : old.k,
          which === 2 ? f.jt : old.jt,
          which === 3 ? f.jf : old.jf,
        );
      }
      return out;
    });
  const raw = fc.array(field, { maxLength }).map((fs) => fs.map((f) => insn(f.code, f.k, f.jt, f.jf)));
  return fc.oneof(
    { weight: 3, arbitrary: validProgramArb(maxLength) },
    { weight: 5, arbitrary: mutated },
    { weight: 2, arbitrary: raw },
  );
}

/** Random packets, 0..120 bytes, with a wire length ≥ the captured length. */
export const packetArb = fc
  .tuple(fc.uint8Array({ maxLength: 120 }), fc.integer({ min: 0, max: 3000 }))
  .map(([data, extra]) => ({ data, wireLength: data.length + (extra > 2000 ? extra : 0) }));
