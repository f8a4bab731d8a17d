// Packet builders for the synthetic suites (plain bytes, so the tests do not depend on the
// layer-building API developed in parallel).

export function ipv4Checksum(b: Uint8Array, off: number, len: number): number {
  let sum = 0;
  for (let i = 0; i < len; i += 2) sum += ((b[off + i] as number) << 8) | (b[off + i + 1] as number);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export interface Ipv4Fragment {
  id: number;
  /** Payload offset in bytes (multiple of 8 for well-formed fragments). */
  offset: number;
  more: boolean;
  payload: Uint8Array;
  proto?: number;
  src?: readonly number[];
  dst?: readonly number[];
  /** IP options bytes (length multiple of 4). */
  options?: Uint8Array;
}

export function ipv4(f: Ipv4Fragment): Uint8Array {
  const opt = f.options ?? new Uint8Array(0);
  const hl = 20 + opt.length;
  const b = new Uint8Array(hl + f.payload.length);
  b[0] = 0x40 | (hl / 4);
  const total = b.length;
  b[2] = total >> 8;
  b[3] = total & 0xff;
  b[4] = f.id >> 8;
  b[5] = f.id & 0xff;
  const fw = (f.more ? 0x2000 : 0) | ((f.offset / 8) & 0x1fff);
  b[6] = fw >> 8;
  b[7] = fw & 0xff;
  b[8] = 64;
  b[9] = f.proto ?? 1;
  b.set(f.src ?? [10, 0, 0, 1], 12);
  b.set(f.dst ?? [10, 0, 0, 2], 16);
  b.set(opt, 20);
  const ck = ipv4Checksum(b, 0, hl);
  b[10] = ck >> 8;
  b[11] = ck & 0xff;
  b.set(f.payload, hl);
  return b;
}

export function ipv6Fragment(
  id: number,
  offset: number,
  more: boolean,
  payload: Uint8Array,
  nextHeader = 58,
): Uint8Array {
  const b = new Uint8Array(48 + payload.length);
  b[0] = 0x60;
  const plen = 8 + payload.length;
  b[4] = plen >> 8;
  b[5] = plen & 0xff;
  b[6] = 44;
  b[7] = 64;
  b[8] = 0x20;
  b[9] = 0x01;
  b[23] = 1;
  b[24] = 0x20;
  b[25] = 0x01;
  b[39] = 2;
  b[40] = nextHeader;
  const fo = offset | (more ? 1 : 0);
  b[42] = fo >> 8;
  b[43] = fo & 0xff;
  b[44] = (id >>> 24) & 0xff;
  b[45] = (id >>> 16) & 0xff;
  b[46] = (id >>> 8) & 0xff;
  b[47] = id & 0xff;
  b.set(payload, 48);
  return b;
}

export function fill(ch: string, n: number): Uint8Array {
  return new Uint8Array(n).fill(ch.charCodeAt(0));
}

export function text(b: Uint8Array): string {
  return String.fromCharCode(...b);
}
