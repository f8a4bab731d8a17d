// Address literals: dotted IPv4 (libpcap accepts 1 to 4 parts), IPv6 (with embedded IPv4),
// MAC addresses in the four spellings the scanner accepts.
import { fail } from './errors.js';

/** Parses "a.b.c.d" with 1–4 decimal parts; returns the value (parts packed left) and bit count. */
export function parseIPv4Parts(text: string, pos?: number): { value: number; bits: number } {
  const parts = text.split('.');
  let v = 0;
  for (const p of parts) {
    const n = /^0[xX]/.test(p)
      ? Number.parseInt(p, 16)
      : /^0[0-7]+$/.test(p)
        ? Number.parseInt(p, 8)
        : Number(p);
    if (!/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(p) || n > 255) fail(`invalid IPv4 address '${text}'`, pos);
    v = v * 256 + n;
  }
  return { value: v >>> 0, bits: parts.length * 8 };
}

/** Parses an IPv6 address into 16 bytes, or undefined if invalid. */
export function parseIPv6(text: string): Uint8Array | undefined {
  let s = text;
  const out = new Uint8Array(16);
  let tail: number[] = [];
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const parts = v4[2]!.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    tail = parts;
    s = `${v4[1]}`;
    if (s.endsWith('::')) s += '';
    else s = s.slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const groups = h.split(':');
    const bytes: number[] = [];
    for (const g of groups) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      const n = Number.parseInt(g, 16);
      bytes.push(n >> 8, n & 0xff);
    }
    return bytes;
  };
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const total = head.length + rest.length + tail.length;
  if (halves.length === 1 && total !== 16) return undefined;
  if (halves.length === 2 && total > 14) return undefined;
  out.set(head, 0);
  const back = [...rest, ...tail];
  out.set(back, 16 - back.length);
  return out;
}

/** Parses a MAC address (xx:xx:…, xx-xx-…, xx.xx.…, xxxx.xxxx.xxxx, xxxxxxxxxxxx). */
export function parseMac(text: string, pos?: number): Uint8Array {
  let groups: string[];
  if (/^[0-9a-fA-F]{12}$/.test(text)) groups = text.match(/../g)!;
  else if (/^[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}$/.test(text))
    groups = text.replace(/\./g, '').match(/../g)!;
  else groups = text.split(/[:.-]/);
  if (groups.length !== 6 || groups.some((g) => !/^[0-9a-fA-F]{1,2}$/.test(g)))
    fail('invalid Ethernet address', pos);
  return Uint8Array.from(groups.map((g) => Number.parseInt(g, 16)));
}

export const be32 = (b: Uint8Array, i: number): number =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
export const be16 = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;
