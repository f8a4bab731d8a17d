/** A small seeded PRNG (mulberry32): benchmark inputs must be the same bytes on every run. */
export class SeededRandom {
  private state: number;
  constructor(seed = 0x5eed) {
    this.state = seed >>> 0;
  }
  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Integer in [0, n). */
  below(n: number): number {
    return this.u32() % n;
  }
  fill(bytes: Uint8Array, start = 0, end = bytes.length): void {
    for (let i = start; i < end; i++) bytes[i] = this.u32() & 0xff;
  }
}
