// The public API's contracts: defaults, typed errors, the interpreter fallback.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  assemble,
  BpfParseError,
  BpfVerifyError,
  createBlockFilter,
  createFilter,
  decodeProgram,
  disassemble,
  encodeProgram,
  insn,
  SKF_AD_OFF,
  SKF_AD_VLAN_TAG_PRESENT,
} from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('createFilter', () => {
  const program = assemble('ld #pktlen\njgt #100, big, small\nbig: ret #1\nsmall: ret a', {
    syntax: 'bpf_asm',
  });

  it('LEN is the wire length, defaulting to the captured length', () => {
    const f = createFilter(program);
    expect(f(new Uint8Array(50))).toBe(50);
    expect(f(new Uint8Array(50), 1500)).toBe(1);
  });

  it('refuses programs the kernel would refuse, naming the instruction', () => {
    expect(() => createFilter([insn(0x28, 12)])).toThrow(BpfVerifyError);
    try {
      createFilter([insn(0x00), insn(0x34, 0), insn(0x16)]);
    } catch (err) {
      expect(err).toMatchObject({ index: 1, code: 'division-by-zero' });
    }
  });

  it('division by a zero X returns 0, out-of-bounds loads return 0', () => {
    const div = createFilter([insn(0x00, 7), insn(0x01, 0), insn(0x3c), insn(0x06, 9)]);
    expect(div(new Uint8Array(1))).toBe(0);
    const oob = createFilter([insn(0x20, 0), insn(0x06, 9)]);
    expect(oob(new Uint8Array(3))).toBe(0);
    expect(oob(new Uint8Array(4))).toBe(9);
  });

  it('ancillary loads read the context under Linux semantics and fail like libpcap without one', () => {
    const prog = [insn(0x30, (SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT) >>> 0), insn(0x04, 5), insn(0x16)];
    const ctx = { vlanTagPresent: false };
    const linux = createFilter(prog, { context: ctx });
    expect(linux(new Uint8Array(0))).toBe(5);
    ctx.vlanTagPresent = true; // read per call
    expect(linux(new Uint8Array(0))).toBe(6);
    expect(createFilter(prog)(new Uint8Array(0))).toBe(0);
  });

  it('the block form filters in place without copying', () => {
    const f = createBlockFilter([insn(0x30, 1), insn(0x16)]);
    const buf = Uint8Array.from([9, 9, 1, 2, 3, 9]);
    expect(f(buf, 2, 3, 3)).toBe(2);
    expect(f(buf, 2, 1, 1)).toBe(0);
  });
});

describe('code generation forbidden', () => {
  it('falls back to the interpreter under node --disallow-code-generation-from-strings; jit: true throws', () => {
    const script = `
      const bpf = await import(${JSON.stringify(join(root, 'dist/index.js'))});
      const p = bpf.assemble('ldb [0]\\nret a', { syntax: 'bpf_asm' });
      const auto = bpf.createFilter(p)(Uint8Array.of(42));
      let forced = 'no error';
      try { bpf.createFilter(p, { jit: true }); } catch (e) { forced = e.name; }
      console.log(JSON.stringify({ can: bpf.canGenerateCode(), auto, forced }));`;
    const r = spawnSync(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ can: false, auto: 42, forced: 'BpfError' });
  });
});

describe('encode/decode and errors', () => {
  it('struct sock_filter bytes round-trip', () => {
    const p = assemble('ldh [12]\njeq #0x800, a, b\na: ret #65535\nb: ret #0', { syntax: 'bpf_asm' });
    expect(decodeProgram(encodeProgram(p))).toEqual(p);
    expect(decodeProgram(encodeProgram(p, false), false)).toEqual(p);
  });

  it('parse errors carry syntax, line and column', () => {
    try {
      assemble('(000) ldh [12]\n(001) jeq #zz jt 2 jf 3\n', { syntax: 'listing' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BpfParseError);
      expect(err).toMatchObject({ syntax: 'listing', position: { line: 2 } });
    }
    expect(() => assemble('2\n6 0 0 0\n', { syntax: 'decimal' })).toThrow(/count says 2/);
    expect(() => assemble('{ 0x6, 0, 0, 0x1ffffffff },', { syntax: 'c' })).toThrow(BpfParseError);
  });

  it('disassembles the formats tcpdump prints', () => {
    const p = [insn(0x28, 12), insn(0x15, 0x800, 0, 1), insn(0x06, 262144), insn(0x06, 0)];
    expect(disassemble(p)).toBe(
      '(000) ldh      [12]\n(001) jeq      #0x800           jt 2\tjf 3\n(002) ret      #262144\n(003) ret      #0\n',
    );
    expect(disassemble(p, { format: 'c' })).toBe(
      '{ 0x28, 0, 0, 0x0000000c },\n{ 0x15, 0, 1, 0x00000800 },\n{ 0x6, 0, 0, 0x00040000 },\n{ 0x6, 0, 0, 0x00000000 },\n',
    );
    expect(disassemble(p, { format: 'decimal', separator: ',' })).toBe(
      '4,40 0 0 12,21 0 1 2048,6 0 0 262144,6 0 0 0',
    );
    expect(disassemble(p, { format: 'bpf_asm' })).toBe(
      '\tldh [12]\n\tjeq #0x800, l2, l3\nl2:\n\tret #262144\nl3:\n\tret #0\n',
    );
  });
});
