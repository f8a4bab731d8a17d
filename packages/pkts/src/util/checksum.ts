// The Internet checksum (RFC 1071): ones' complement sum of 16-bit words.

/** Adds the bytes [off, off+len) as big-endian 16-bit words to `sum` (not folded). */
export function sum16(b: Uint8Array, off: number, len: number, sum = 0): number {
  const end = off + len;
  let i = off;
  for (; i + 1 < end; i += 2) sum += (b[i]! << 8) | b[i + 1]!;
  if (i < end) sum += b[i]! << 8;
  return sum;
}

/** Folds carries and complements: the value to store in a checksum field. */
export function finish(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
