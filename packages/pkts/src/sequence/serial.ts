// RFC 1982 serial number arithmetic for 32-bit TCP sequence numbers. Numbers are plain JS numbers
// in [0, 2^32); the signed difference is exact because `| 0` reduces modulo 2^32 to int32.

/** Signed distance from b to a, in (-2^31, 2^31]: positive when a is after b. */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** a < b in serial order (RFC 1982 §3.2; the undefined half-way case counts as "before"). */
export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

export function seqLe(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}

export function seqGt(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

export function seqGe(a: number, b: number): boolean {
  return ((a - b) | 0) >= 0;
}

/** a + n modulo 2^32 (n may be negative or larger than 2^32, up to 2^53). */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}
