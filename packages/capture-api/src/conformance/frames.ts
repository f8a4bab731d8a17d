// Test frames the conformance suite sends: Ethernet II with the IEEE local-experimental EtherType
// 0x88b5, so nothing else on a test link looks like them, and a sequence number to check order.

export const CONFORMANCE_ETHERTYPE = 0x88b5;
const MAGIC = [0x70, 0x6b, 0x74, 0x6b]; // 'pktk'

/** A frame to `dst` carrying `seq`, padded to `length` bytes (≥ 60). */
export function conformanceFrame(dst: Uint8Array, src: Uint8Array, seq: number, length = 60): Uint8Array {
  const frame = new Uint8Array(Math.max(60, length));
  frame.set(dst.subarray(0, 6), 0);
  frame.set(src.subarray(0, 6), 6);
  frame[12] = CONFORMANCE_ETHERTYPE >> 8;
  frame[13] = CONFORMANCE_ETHERTYPE & 0xff;
  frame.set(MAGIC, 14);
  new DataView(frame.buffer).setUint32(18, seq >>> 0);
  for (let i = 22; i < frame.length; i++) frame[i] = (seq + i) & 0xff;
  return frame;
}

/** The sequence number of a conformance frame, or -1 for any other frame. */
export function conformanceSeq(bytes: Uint8Array): number {
  if (bytes.length < 22) return -1;
  if (bytes[12] !== CONFORMANCE_ETHERTYPE >> 8 || bytes[13] !== (CONFORMANCE_ETHERTYPE & 0xff)) return -1;
  for (let i = 0; i < 4; i++) if (bytes[14 + i] !== MAGIC[i]) return -1;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(18);
}

/**
 * Classic BPF (as plain instructions, so this package needs no compiler) accepting only conformance
 * frames whose sequence number is even: ldh [12]; jeq #0x88b5; ld [18]; jset #1 → reject; ret #-1.
 */
export const EVEN_CONFORMANCE_FRAMES_FILTER = [
  { code: 0x28, jt: 0, jf: 0, k: 12 },
  { code: 0x15, jt: 0, jf: 3, k: CONFORMANCE_ETHERTYPE },
  { code: 0x20, jt: 0, jf: 0, k: 18 },
  { code: 0x45, jt: 1, jf: 0, k: 1 },
  { code: 0x06, jt: 0, jf: 0, k: 0xffffffff },
  { code: 0x06, jt: 0, jf: 0, k: 0 },
] as const;

/** Rejects everything: ret #0. */
export const REJECT_ALL_FILTER = [{ code: 0x06, jt: 0, jf: 0, k: 0 }] as const;
