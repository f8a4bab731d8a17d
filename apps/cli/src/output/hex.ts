// -x / -X / -A packet bodies, laid out as tcpdump prints them (from the link header with -xx; we
// print the whole captured frame, as tcpdump -xx / -XX).

function hexGroups(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i += 2) {
    out += ' ';
    out += bytes[i]!.toString(16).padStart(2, '0');
    if (i + 1 < end) out += bytes[i + 1]!.toString(16).padStart(2, '0');
  }
  return out;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  }
  return out;
}

/** tcpdump -xx (withAscii false) / -XX (withAscii true) lines: `\t0x0000:  4500 003c …  E..<`. */
export function hexLines(bytes: Uint8Array, withAscii: boolean): string[] {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const end = Math.min(bytes.length, off + 16);
    let line = `\t0x${off.toString(16).padStart(4, '0')}: ${hexGroups(bytes, off, end)}`;
    if (withAscii) line = `${line.padEnd(51 + 1)} ${ascii(bytes, off, end)}`;
    lines.push(line);
  }
  return lines;
}

/** tcpdump -A: the bytes as ASCII, non-printables as '.', newlines kept. */
export function asciiBody(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes)
    out +=
      b === 0x0a || b === 0x0d
        ? String.fromCharCode(b)
        : b >= 0x20 && b < 0x7f
          ? String.fromCharCode(b)
          : '.';
  return out;
}
