// CRC-32C (Castagnoli), the SCTP checksum (RFC 9260 appendix B).
let table: Uint32Array | undefined;

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

export function crc32c(b: Uint8Array, off: number, len: number): number {
  table ??= makeTable();
  const t = table;
  let c = 0xffffffff;
  for (let i = off; i < off + len; i++) c = t[(c ^ b[i]!) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
