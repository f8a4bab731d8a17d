// The reference interpreter: a switch over pre-decoded instructions, libpcap's bpf_filter loop with the
// kernel's variations (see semantics.ts). The JIT is tested against this.
import { ancillaryFieldOf, readAncillary } from '../ancillary.js';
import type { Program } from '../instruction.js';
import { linuxLoadPosition } from './linux-load.js';
import { type BlockFilter, MAX_BACKWARD_JUMPS, resolveVmOptions, type VmOptions } from './semantics.js';

/**
 * Builds an interpreter for a program that passed `verify` (either rule set). Unverified programs may
 * index outside the instruction array; callers must verify first.
 */
export function createInterpreter(program: Program, options: VmOptions = {}): BlockFilter {
  const { semantics, context: ctx } = resolveVmOptions(options);
  const linux = semantics === 'linux';
  const n = program.length;
  const codes = new Uint16Array(n);
  const jts = new Uint8Array(n);
  const jfs = new Uint8Array(n);
  const ks = new Uint32Array(n);
  // Ancillary field index per instruction (-1: an ordinary load), resolved once.
  const anc = new Int8Array(n).fill(-1);
  program.forEach((ins, i) => {
    codes[i] = ins.code;
    jts[i] = ins.jt;
    jfs[i] = ins.jf;
    ks[i] = ins.k;
    const field = (ins.code & 0xe7) === 0x20 ? ancillaryFieldOf(ins.k) : undefined;
    if (field) anc[i] = field.index;
  });
  const mem = new Uint32Array(16);
  // Kernel-verified programs never read a slot before writing it; zero only for the others.
  const usesMem = program.some((ins) => ins.code === 0x60 || ins.code === 0x61);

  return (p: Uint8Array, o: number, len: number, wire: number): number => {
    let A = 0;
    let X = 0;
    let pc = 0;
    let backJumps = 0;
    if (usesMem) mem.fill(0);
    for (;;) {
      const code = codes[pc]!;
      const k = ks[pc]!;
      let pos: number;
      switch (code) {
        case 0x06: // ret #k
          return k;
        case 0x16: // ret a
          return A;
        case 0x20: // ld [k]
        case 0x28: // ldh [k]
        case 0x30: {
          // ldb [k]
          const size = code === 0x20 ? 4 : code === 0x28 ? 2 : 1;
          if (linux) {
            const a = anc[pc]!;
            if (a >= 0) {
              A = readAncillary(ctx, a, p, o, len, A, X);
              break;
            }
            pos = linuxLoadPosition(ctx, k | 0, size, len);
            if (pos < 0) return 0;
          } else {
            if (k + size > len) return 0;
            pos = k;
          }
          A = load(p, o + pos, size);
          break;
        }
        case 0x40: // ld [x + k]
        case 0x48:
        case 0x50: {
          const size = code === 0x40 ? 4 : code === 0x48 ? 2 : 1;
          if (linux) {
            pos = linuxLoadPosition(ctx, (X + k) | 0, size, len);
            if (pos < 0) return 0;
          } else {
            if (X + k + size > len) return 0;
            pos = X + k;
          }
          A = load(p, o + pos, size);
          break;
        }
        case 0xb1: // ldxb 4*([k]&0xf)
          if (linux) {
            pos = linuxLoadPosition(ctx, k | 0, 1, len);
            if (pos < 0) return 0;
          } else {
            if (k >= len) return 0;
            pos = k;
          }
          X = (p[o + pos]! & 0xf) << 2;
          break;
        case 0x00: // ld #k
          A = k;
          break;
        case 0x01: // ldx #k
          X = k;
          break;
        case 0x80: // ld #pktlen
          A = wire;
          break;
        case 0x81: // ldx #pktlen
          X = wire;
          break;
        case 0x60: // ld M[k]
          A = mem[k]!;
          break;
        case 0x61: // ldx M[k]
          X = mem[k]!;
          break;
        case 0x02: // st M[k]
          mem[k] = A;
          break;
        case 0x03: // stx M[k]
          mem[k] = X;
          break;
        case 0x05: // ja: k may be "negative" under libpcap rules (protochain loops)
          if ((k | 0) < 0 && ++backJumps > MAX_BACKWARD_JUMPS) return 0;
          pc += k | 0;
          break;
        case 0x15:
          pc += A === k ? jts[pc]! : jfs[pc]!;
          break;
        case 0x25:
          pc += A > k ? jts[pc]! : jfs[pc]!;
          break;
        case 0x35:
          pc += A >= k ? jts[pc]! : jfs[pc]!;
          break;
        case 0x45:
          pc += (A & k) !== 0 ? jts[pc]! : jfs[pc]!;
          break;
        case 0x1d:
          pc += A === X ? jts[pc]! : jfs[pc]!;
          break;
        case 0x2d:
          pc += A > X ? jts[pc]! : jfs[pc]!;
          break;
        case 0x3d:
          pc += A >= X ? jts[pc]! : jfs[pc]!;
          break;
        case 0x4d:
          pc += (A & X) !== 0 ? jts[pc]! : jfs[pc]!;
          break;
        case 0x04:
          A = (A + k) >>> 0;
          break;
        case 0x14:
          A = (A - k) >>> 0;
          break;
        case 0x24:
          A = Math.imul(A, k) >>> 0;
          break;
        case 0x34:
          if (k === 0) return 0; // unreachable once verified
          A = (A / k) >>> 0;
          break;
        case 0x94:
          if (k === 0) return 0;
          A = A % k;
          break;
        case 0x44:
          A = (A | k) >>> 0;
          break;
        case 0x54:
          A = (A & k) >>> 0;
          break;
        case 0xa4:
          A = (A ^ k) >>> 0;
          break;
        case 0x64:
          A = (A << k) >>> 0; // JS masks the count to 5 bits, as x86 does for libpcap's C
          break;
        case 0x74:
          A = A >>> k;
          break;
        case 0x0c:
          A = (A + X) >>> 0;
          break;
        case 0x1c:
          A = (A - X) >>> 0;
          break;
        case 0x2c:
          A = Math.imul(A, X) >>> 0;
          break;
        case 0x3c:
          if (X === 0) return 0;
          A = (A / X) >>> 0;
          break;
        case 0x9c:
          if (X === 0) return 0;
          A = A % X;
          break;
        case 0x4c:
          A = (A | X) >>> 0;
          break;
        case 0x5c:
          A = (A & X) >>> 0;
          break;
        case 0xac:
          A = (A ^ X) >>> 0;
          break;
        case 0x6c:
          A = linux || X < 32 ? (A << X) >>> 0 : 0;
          break;
        case 0x7c:
          A = linux || X < 32 ? A >>> X : 0;
          break;
        case 0x84:
          A = -A >>> 0;
          break;
        case 0x07:
          X = A;
          break;
        case 0x87:
          A = X;
          break;
        default:
          return 0; // not a valid opcode: verify() rejects these
      }
      pc++;
    }
  };
}

function load(p: Uint8Array, at: number, size: number): number {
  if (size === 1) return p[at]!;
  if (size === 2) return (p[at]! << 8) | p[at + 1]!;
  return ((p[at]! << 24) | (p[at + 1]! << 16) | (p[at + 2]! << 8) | p[at + 3]!) >>> 0;
}
