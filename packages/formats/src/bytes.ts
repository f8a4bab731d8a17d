/**
 * A real copy of `bytes[start, end)`. Not `slice()`: on a Node Buffer that is a view sharing memory.
 */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(bytes.subarray(start, end));
  return out;
}
