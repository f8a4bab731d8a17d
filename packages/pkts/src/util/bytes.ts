// Address and number formatting/parsing. Parsers write straight into a buffer so building allocates nothing.

const HEX = '0123456789abcdef';

/** `0x` + n in lower-case hex, zero-padded to `digits` (Wireshark's -T fields style). */
export function hex(n: number, digits: number): string {
  return `0x${(n >>> 0).toString(16).padStart(digits, '0')}`;
}

export function macToString(b: Uint8Array, o: number): string {
  let s = '';
  for (let i = 0; i < 6; i++) {
    const v = b[o + i] ?? 0;
    if (i) s += ':';
    s += HEX[v >> 4]! + HEX[v & 15]!;
  }
  return s;
}

export function bytesToColonHex(b: Uint8Array, o: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const v = b[o + i] ?? 0;
    if (i) s += ':';
    s += HEX[v >> 4]! + HEX[v & 15]!;
  }
  return s;
}

export function bytesToHex(b: Uint8Array, o = 0, n = b.length - o): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const v = b[o + i] ?? 0;
    s += HEX[v >> 4]! + HEX[v & 15]!;
  }
  return s;
}

export function ipv4ToString(b: Uint8Array, o: number): string {
  return `${b[o] ?? 0}.${b[o + 1] ?? 0}.${b[o + 2] ?? 0}.${b[o + 3] ?? 0}`;
}

export function u32ToIPv4(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** RFC 5952 text form (as inet_ntop prints it, which is what Wireshark shows). */
export function ipv6ToString(b: Uint8Array, o: number): string {
  // Longest run (≥ 2) of zero groups becomes "::".
  let bestStart = -1;
  let bestLen = 0;
  let curStart = -1;
  for (let i = 0; i < 8; i++) {
    const g = ((b[o + 2 * i] ?? 0) << 8) | (b[o + 2 * i + 1] ?? 0);
    if (g === 0) {
      if (curStart < 0) curStart = i;
      const len = i - curStart + 1;
      if (len > bestLen) {
        bestLen = len;
        bestStart = curStart;
      }
    } else curStart = -1;
  }
  if (bestLen < 2) bestStart = -1;
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) keep the dotted tail, like inet_ntop.
  if (bestStart === 0 && bestLen === 5 && (b[o + 10] ?? 0) === 0xff && (b[o + 11] ?? 0) === 0xff) {
    return `::ffff:${ipv4ToString(b, o + 12)}`;
  }
  if (bestStart === 0 && bestLen === 6 && ((b[o + 12] ?? 0) | (b[o + 13] ?? 0)) !== 0) {
    return `::${ipv4ToString(b, o + 12)}`;
  }
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      s += '::';
      i += bestLen - 1;
      continue;
    }
    if (s.length && !s.endsWith(':')) s += ':';
    s += (((b[o + 2 * i] ?? 0) << 8) | (b[o + 2 * i + 1] ?? 0)).toString(16);
  }
  return s;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Writes a MAC address ("aa:bb:cc:dd:ee:ff", '-' also accepted) or 6 bytes at `o`. */
export function writeMac(buf: Uint8Array, o: number, mac: string | Uint8Array): void {
  if (typeof mac !== 'string') {
    for (let i = 0; i < 6; i++) buf[o + i] = mac[i] ?? 0;
    return;
  }
  let byte = 0;
  let idx = 0;
  for (let i = 0; i < mac.length && idx < 6; i++) {
    const d = hexDigit(mac.charCodeAt(i));
    if (d < 0) {
      buf[o + idx++] = byte;
      byte = 0;
    } else byte = ((byte << 4) | d) & 255;
  }
  if (idx < 6) buf[o + idx++] = byte;
  while (idx < 6) buf[o + idx++] = 0;
}

/** Parses dotted IPv4 text to an unsigned 32-bit number without allocating. */
export function parseIPv4(s: string): number {
  let v = 0;
  let part = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      v = (v << 8) | (part & 255);
      part = 0;
    } else part = part * 10 + (c - 48);
  }
  return ((v << 8) | (part & 255)) >>> 0;
}

export function writeIPv4(buf: Uint8Array, o: number, ip: string | number | Uint8Array): void {
  if (typeof ip === 'object') {
    for (let i = 0; i < 4; i++) buf[o + i] = ip[i] ?? 0;
    return;
  }
  const v = typeof ip === 'number' ? ip : parseIPv4(ip);
  buf[o] = v >>> 24;
  buf[o + 1] = (v >>> 16) & 255;
  buf[o + 2] = (v >>> 8) & 255;
  buf[o + 3] = v & 255;
}

/** Writes IPv6 text (with "::" and an optional dotted IPv4 tail) or 16 bytes at `o`, allocation-free. */
export function writeIPv6(buf: Uint8Array, o: number, ip: string | Uint8Array): void {
  if (typeof ip !== 'string') {
    for (let i = 0; i < 16; i++) buf[o + i] = ip[i] ?? 0;
    return;
  }
  for (let i = 0; i < 16; i++) buf[o + i] = 0;
  // Groups before "::" are written from the front; groups after it are collected then shifted to the end.
  let pos = 0;
  let gap = -1;
  let group = 0;
  let digits = 0;
  const n = ip.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? ip.charCodeAt(i) : 58;
    if (c === 58) {
      if (digits > 0 && pos < 16) {
        buf[o + pos] = group >> 8;
        buf[o + pos + 1] = group & 255;
        pos += 2;
      }
      if (i + 1 < n && ip.charCodeAt(i + 1) === 58) {
        gap = pos;
        i++;
      }
      group = 0;
      digits = 0;
    } else if (c === 46) {
      // Dotted IPv4 tail: re-parse from the start of this group.
      let start = i;
      while (start > 0 && ip.charCodeAt(start - 1) !== 58) start--;
      writeIPv4(buf, o + pos, ip.slice(start));
      pos += 4;
      digits = 0;
      break;
    } else {
      group = ((group << 4) | Math.max(0, hexDigit(c))) & 0xffff;
      digits++;
    }
  }
  if (gap >= 0 && pos < 16) {
    const tail = pos - gap;
    for (let i = tail - 1; i >= 0; i--) {
      buf[o + 16 - tail + i] = buf[o + gap + i] ?? 0;
      buf[o + gap + i] = 0;
    }
  }
}

/** Last address text parsed for one field, so rebuilding the same packet does not re-parse it. */
export interface AddrMemo {
  key: unknown;
  bytes: Uint8Array;
}
export function addrMemo(n: number): AddrMemo {
  return { key: undefined, bytes: new Uint8Array(n) };
}
export function writeMacMemo(buf: Uint8Array, o: number, v: string | Uint8Array, m: AddrMemo): void {
  // Byte arrays may be changed in place, so only text is memoized.
  if (typeof v === 'object') {
    writeMac(buf, o, v);
    return;
  }
  const b = m.bytes;
  if (m.key !== v) {
    writeMac(b, 0, v);
    m.key = v;
  }
  for (let k = 0; k < 6; k++) buf[o + k] = b[k]!;
}
export function writeIPv4Memo(
  buf: Uint8Array,
  o: number,
  v: string | number | Uint8Array,
  m: AddrMemo,
): void {
  if (typeof v === 'object') {
    writeIPv4(buf, o, v);
    return;
  }
  const b = m.bytes;
  if (m.key !== v) {
    writeIPv4(b, 0, v);
    m.key = v;
  }
  buf[o] = b[0]!;
  buf[o + 1] = b[1]!;
  buf[o + 2] = b[2]!;
  buf[o + 3] = b[3]!;
}
export function writeIPv6Memo(buf: Uint8Array, o: number, v: string | Uint8Array, m: AddrMemo): void {
  if (typeof v === 'object') {
    writeIPv6(buf, o, v);
    return;
  }
  const b = m.bytes;
  if (m.key !== v) {
    writeIPv6(b, 0, v);
    m.key = v;
  }
  for (let k = 0; k < 16; k++) buf[o + k] = b[k]!;
}
