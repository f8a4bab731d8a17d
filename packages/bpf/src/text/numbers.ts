// Integer literals shared by the text syntaxes: C-style hex/octal/binary/decimal, optional sign.

/** Parses an integer literal; returns undefined when `s` is not one. Negative values wrap to u32. */
export function parseInteger(s: string): number | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2]!;
  let value: number;
  if (/^0[xX]/.test(body)) value = Number.parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) value = Number.parseInt(body.slice(2), 2);
  else if (body.length > 1 && body[0] === '0') value = Number.parseInt(body.slice(1), 8);
  else value = Number.parseInt(body, 10);
  if (m[1] === '-') value = -value;
  if (value < -0x80000000 || value > 0xffffffff) return undefined;
  return value;
}

/** Formats k as the C `%d` of an unsigned 32-bit value (what libpcap prints). */
export const signed32 = (k: number): string => String(k | 0);

/** Formats k as `0x%x`. */
export const hex = (k: number): string => `0x${(k >>> 0).toString(16)}`;
