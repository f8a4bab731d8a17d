/** Hex + ASCII dump in the layout of scapy's hexdump() / tcpdump -X. */
export function hexdump(b: Uint8Array): string {
  const lines: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    let hexPart = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      const v = b[o + i];
      hexPart += v === undefined ? '   ' : `${v.toString(16).padStart(2, '0')} `;
      if (v !== undefined) ascii += v >= 32 && v < 127 ? String.fromCharCode(v) : '.';
    }
    lines.push(`${o.toString(16).padStart(4, '0')}  ${hexPart} ${ascii}`);
  }
  return lines.join('\n');
}
