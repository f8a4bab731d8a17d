// Packet generation that exercises a filter's fields: a tracing interpreter records every
// comparison a program makes (which bytes, what constant), and packets are mutated to hit those
// constants (and their neighbours), round after round, so deep paths of both programs get taken.
import type { Instruction } from '../../src/instruction.js';
import type { Packet } from './oracle.js';

interface Cmp {
  off: number;
  size: number;
  mask: number;
  k: number;
  op: number;
  len?: boolean;
}

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `prog` over `p`, returning the comparisons it made (and where their operands came from). */
export function trace(prog: readonly Instruction[], p: Uint8Array, wire: number): Cmp[] {
  const cmps: Cmp[] = [];
  let A = 0;
  let X = 0;
  const M = new Array<number>(16).fill(0);
  let origin: { off: number; size: number; mask: number; len?: boolean } | undefined;
  const ld = (off: number, size: number): number | undefined => {
    if (off < 0 || off + size > p.length) return undefined;
    let v = 0;
    for (let i = 0; i < size; i++) v = v * 256 + p[off + i]!;
    return v;
  };
  for (let pc = 0, steps = 0; pc < prog.length && steps < 10000; pc++, steps++) {
    const ins = prog[pc]!;
    const c = ins.code;
    const k = ins.k >>> 0;
    const size = (c & 0x18) === 0x10 ? 1 : (c & 0x18) === 0x08 ? 2 : 4;
    switch (c & 0x07) {
      case 0x00: {
        const mode = c & 0xe0;
        if (mode === 0x20 || mode === 0x40) {
          const off = mode === 0x20 ? k : (X + k) >>> 0;
          const v = ld(off, size);
          if (v === undefined) {
            cmps.push({ off, size, mask: 0, k: 0, op: -1 });
            return cmps;
          }
          A = v;
          origin = { off, size, mask: size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff };
        } else if (mode === 0x00) {
          A = k;
          origin = undefined;
        } else if (mode === 0x80) {
          A = wire;
          origin = { off: 0, size: 4, mask: 0xffffffff, len: true };
        } else if (mode === 0x60) {
          A = M[k]!;
          origin = undefined;
        }
        break;
      }
      case 0x01: {
        const mode = c & 0xe0;
        if (mode === 0xa0) {
          const v = ld(k, 1);
          if (v === undefined) return cmps;
          cmps.push({ off: k, size: 1, mask: 0x0f, k: 5, op: 0x10 });
          X = (v & 0xf) * 4;
        } else if (mode === 0x00) X = k;
        else if (mode === 0x60) X = M[k]!;
        else if (mode === 0x80) X = wire;
        break;
      }
      case 0x02:
        M[k] = A;
        break;
      case 0x03:
        M[k] = X;
        break;
      case 0x04: {
        const op = c & 0xf0;
        const b = c & 0x08 ? X : k;
        if (op === 0x50 && origin) origin = { ...origin, mask: (origin.mask & b) >>> 0 };
        else if (op !== 0x50) origin = undefined;
        switch (op) {
          case 0x00:
            A = (A + b) >>> 0;
            break;
          case 0x10:
            A = (A - b) >>> 0;
            break;
          case 0x20:
            A = Math.imul(A, b) >>> 0;
            break;
          case 0x30:
            if (b === 0) return cmps;
            A = Math.floor(A / b);
            break;
          case 0x90:
            if (b === 0) return cmps;
            A = A % b;
            break;
          case 0x40:
            A = (A | b) >>> 0;
            break;
          case 0x50:
            A = (A & b) >>> 0;
            break;
          case 0xa0:
            A = (A ^ b) >>> 0;
            break;
          case 0x60:
            A = b >= 32 ? 0 : (A << b) >>> 0;
            break;
          case 0x70:
            A = b >= 32 ? 0 : A >>> b;
            break;
          case 0x80:
            A = -A >>> 0;
            break;
        }
        break;
      }
      case 0x05: {
        const op = c & 0xf0;
        if (op === 0x00) {
          pc += k;
          break;
        }
        const b = c & 0x08 ? X : k;
        if (origin) cmps.push({ ...origin, k: b, op });
        const r = op === 0x10 ? A === b : op === 0x20 ? A > b : op === 0x30 ? A >= b : (A & b) !== 0;
        pc += r ? ins.jt : ins.jf;
        break;
      }
      case 0x06:
        return cmps;
      case 0x07:
        if (c & 0x80) A = X;
        else X = A;
        origin = undefined;
        break;
    }
  }
  return cmps;
}

function patch(p: Uint8Array, c: Cmp, value: number): void {
  for (
    let i = c.size - 1, v = value, m = c.mask;
    i >= 0;
    i--, v = Math.floor(v / 256), m = Math.floor(m / 256)
  ) {
    const at = c.off + i;
    if (at >= p.length) continue;
    p[at] = (p[at]! & ~m & 0xff) | (v & m & 0xff);
  }
}

/**
 * `count` packets built from `seeds` (or random bytes) and steered, comparison by comparison,
 * through the given programs.
 */
export function exercise(
  programs: readonly (readonly Instruction[])[],
  seeds: readonly Packet[],
  count: number,
  seed: number,
): Packet[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: Packet[] = [];
  const pool: Packet[] = [...seeds];
  while (out.length < count) {
    let data: Uint8Array;
    let wire: number;
    if (pool.length > 0 && r() < 0.7) {
      const base = pick(pool);
      data = new Uint8Array(base.data.subarray(0, Math.min(base.data.length, 256)));
      wire = Math.max(base.wireLength, data.length);
    } else {
      const n = Math.floor(r() * 160) + (r() < 0.2 ? 0 : 40);
      data = new Uint8Array(n);
      const fill = r();
      for (let i = 0; i < n; i++) data[i] = fill < 0.4 ? 0 : fill < 0.6 ? 0xff : Math.floor(r() * 256);
      wire = n;
    }
    const rounds = 1 + Math.floor(r() * 4);
    for (let round = 0; round < rounds; round++) {
      const prog = pick(programs);
      const cmps = trace(prog, data, wire);
      for (const c of cmps) {
        if (r() < 0.35) continue;
        if (c.op === -1) {
          // Out of bounds: usually grow the packet so the load succeeds.
          if (c.off < 4096 && r() < 0.8) {
            const grown = new Uint8Array(c.off + c.size + Math.floor(r() * 64));
            grown.set(data.subarray(0, grown.length));
            data = grown;
            wire = Math.max(wire, data.length);
          }
          continue;
        }
        const delta = r() < 0.7 ? 0 : r() < 0.5 ? 1 : -1;
        let v = (c.k + delta) >>> 0;
        if (c.op === 0x40 && r() < 0.5) v = (c.k & (1 << Math.floor(r() * 32))) >>> 0;
        if (c.len) {
          wire = Math.max(data.length, v > 100000 ? data.length : v);
          continue;
        }
        patch(data, c, v);
      }
    }
    if (r() < 0.08 && data.length > 0) data = data.subarray(0, Math.floor(r() * data.length));
    if (r() < 0.1) wire += Math.floor(r() * 1500);
    const pkt = { data, wireLength: Math.max(wire, data.length) };
    out.push(pkt);
    if (pool.length < 4000) pool.push(pkt);
  }
  return out;
}
