// The JIT against the interpreter on fuzzed programs, in both code forms and both semantics.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AncillaryContext,
  compileJit,
  createBlockFilter,
  createFilter,
  createInterpreter,
  generateSource,
  insn,
} from '../src/index.js';
import { packetArb, validProgramArb } from './helpers/arbitrary.js';

const contextArb = fc.record({
  protocol: fc.integer({ min: 0, max: 0xffff }),
  pktType: fc.integer({ min: 0, max: 7 }),
  ifindex: fc.nat(),
  mark: fc.integer({ min: 0, max: 0xffffffff }),
  queue: fc.integer({ min: 0, max: 0xffff }),
  hatype: fc.integer({ min: 0, max: 0xffff }),
  rxhash: fc.integer({ min: 0, max: 0xffffffff }),
  cpu: fc.integer({ min: 0, max: 63 }),
  vlanTag: fc.integer({ min: 0, max: 0xffff }),
  vlanTagPresent: fc.boolean(),
  vlanTpid: fc.constantFrom(0, 0x8100, 0x88a8),
  payloadOffset: fc.integer({ min: 0, max: 200 }),
  networkOffset: fc.integer({ min: 0, max: 40 }),
  linkOffset: fc.integer({ min: 0, max: 4 }),
  seed: fc.nat(),
});

/** A context whose `random` restarts from the same seed for every packet, so runs are comparable. */
function makeContext(fields: Omit<AncillaryContext, 'random'> & { seed: number }): AncillaryContext {
  const { seed, ...rest } = fields;
  let state = seed;
  return { ...rest, random: () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) };
}

describe('JIT ≡ interpreter', () => {
  it('libpcap semantics, block and switch forms', () => {
    fc.assert(
      fc.property(
        validProgramArb(48),
        fc.array(packetArb, { minLength: 1, maxLength: 12 }),
        (program, packets) => {
          const interp = createInterpreter(program);
          const blocks = compileJit(program, { form: 'blocks' });
          const sw = compileJit(program, { form: 'switch' });
          for (const p of packets) {
            const want = interp(p.data, 0, p.data.length, p.wireLength);
            expect(blocks(p.data, 0, p.data.length, p.wireLength)).toBe(want);
            expect(sw(p.data, 0, p.data.length, p.wireLength)).toBe(want);
          }
        },
      ),
      { numRuns: 700, seed: 1 },
    );
  });

  it('Linux semantics with a context (ancillary, SKF_NET_OFF/SKF_LL_OFF, wrapping [x + k])', () => {
    fc.assert(
      fc.property(
        validProgramArb(48),
        contextArb,
        fc.array(packetArb, { minLength: 1, maxLength: 8 }),
        (program, c, packets) => {
          const a = makeContext(c);
          const b = makeContext(c);
          const interp = createInterpreter(program, { context: a });
          const jit = compileJit(program, { context: b });
          for (const p of packets) {
            a.random = makeContext(c).random!;
            b.random = makeContext(c).random!;
            expect(jit(p.data, 0, p.data.length, p.wireLength)).toBe(
              interp(p.data, 0, p.data.length, p.wireLength),
            );
          }
        },
      ),
      { numRuns: 500, seed: 2 },
    );
  });

  it('the block form reads a packet in place inside a larger buffer', () => {
    fc.assert(
      fc.property(validProgramArb(32), packetArb, fc.nat(64), fc.nat(64), (program, p, before, after) => {
        const buffer = new Uint8Array(before + p.data.length + after).fill(0xa5);
        buffer.set(p.data, before);
        const whole = createFilter(program);
        const block = createBlockFilter(program);
        expect(block(buffer, before, p.data.length, p.wireLength)).toBe(whole(p.data, p.wireLength));
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('uses nested blocks for forward programs and a switch loop for backward jumps', () => {
    const forward = [insn(0x28, 12), insn(0x15, 0x800, 0, 1), insn(0x06, 96), insn(0x06, 0)];
    expect(generateSource(forward, { semantics: 'libpcap' })).toContain('break L3');
    const loop = [insn(0x00, 0), insn(0x04, 1), insn(0x25, 9, 1, 0), insn(0x05, 0xfffffffd), insn(0x16)];
    const src = generateSource(loop, { semantics: 'libpcap' });
    expect(src).toContain('switch (pc)');
    const f = createFilter(loop, { rules: 'libpcap', jit: true });
    const g = createFilter(loop, { rules: 'libpcap', jit: false });
    expect(f(new Uint8Array(0))).toBe(10);
    expect(g(new Uint8Array(0))).toBe(10);
    // A loop that never ends is cut off (libpcap itself would spin forever): the packet is rejected.
    const forever = [insn(0x00, 0), insn(0x04, 1), insn(0x05, 0xfffffffe), insn(0x16)];
    expect(createFilter(forever, { rules: 'libpcap', jit: true })(new Uint8Array(0))).toBe(0);
    expect(createFilter(forever, { rules: 'libpcap', jit: false })(new Uint8Array(0))).toBe(0);
  });

  it('compiles the longest programs the kernel allows, even on a small stack', () => {
    // 4096 instructions with ~2000 distinct jump targets: too deep for nested blocks, so the switch form.
    const big = [];
    for (let i = 0; i < 4094; i += 2)
      big.push(insn(0x30, i % 64), insn(0x15, i & 0xff, Math.min(200, 4093 - i), 0));
    big.push(insn(0x06, 1), insn(0x16));
    expect(big.length).toBe(4096);
    const packet = new Uint8Array(64).fill(3);
    expect(createFilter(big, { jit: true })(packet)).toBe(createFilter(big, { jit: false })(packet));
    // Under a 200 KB stack even 390 nested blocks overflow the parser: compileJit retries flat.
    const dist = join(dirname(fileURLToPath(import.meta.url)), '../dist/index.js');
    const script = `
      const b = await import(${JSON.stringify(dist)});
      const p = [];
      for (let i = 0; i < 390; i++) p.push(b.insn(0x15, i & 0xff, 0, 1), b.insn(0x04, 1));
      p.push(b.insn(0x16));
      console.log(b.createFilter(p, { jit: true })(new Uint8Array(4)));`;
    const r = spawnSync(process.execPath, ['--stack-size=200', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('256');
  });
});
