// SS7 MTP2/MTP3 fields (`fisu`, `sio`, `dpc`, …): the MTP3 routing label is little-endian and
// bit-packed, so values are rearranged into the order a big-endian load sees them.

import { BPF_AND } from '../../opcodes.js';
import { fail } from '../errors.js';
import { alu, and, type Bool, not, or, relTest, test } from '../ir.js';
import type { GenContext } from './context.js';
import { load } from './link.js';

const SS7_DLTS: Record<string, { li: number; sio: number }> = {
  MTP2: { li: 2, sio: 3 },
  MTP2_WITH_PHDR: { li: 6, sio: 7 },
};

interface Field {
  rel: number;
  size: number;
  mask: number;
  max: number;
  pack: (v: number) => number;
}

const FIELDS: Record<string, Field> = {
  sio: { rel: 0, size: 1, mask: 0xff, max: 255, pack: (v) => v },
  dpc: { rel: 1, size: 2, mask: 0xff3f, max: 16383, pack: (v) => ((v & 0xff) << 8) | ((v >> 8) & 0x3f) },
  opc: {
    rel: 1,
    size: 4,
    mask: 0x00c0ff0f,
    max: 16383,
    pack: (v) => (((v & 0x3) << 22) | (((v >> 2) & 0xff) << 8) | ((v >> 10) & 0xf)) >>> 0,
  },
  sls: { rel: 4, size: 1, mask: 0xf0, max: 15, pack: (v) => v << 4 },
};

function ss7(g: GenContext, name: string): { li: number; sio: number } {
  const d = SS7_DLTS[g.dlt];
  if (!d) fail(`'${name}' supported only on SS7`);
  return d;
}

/** `fisu`, `lssu`/`lsu`, `msu` and their high-speed (`h…`) forms: the length indicator. */
export function mtp2Type(g: GenContext, name: string): Bool {
  const d = ss7(g, name);
  const high = name.startsWith('h');
  const kind = high ? name.slice(1) : name;
  // Low speed: 6-bit LI in one byte; high speed: 9-bit LI in the top of a 16-bit field.
  const li = (): readonly [ReturnType<typeof load>, number] =>
    high
      ? [[...load({ k: d.li + 2 }, 0, 2), alu(BPF_AND, 0xff80)], 0x80]
      : [[...load({ k: d.li }, 0, 1), alu(BPF_AND, 0x3f)], 1];
  const cmp = (op: 'jgt' | 'jeq', n: number): Bool => {
    const [s, unit] = li();
    return test(s, op, n * unit);
  };
  if (kind === 'fisu') {
    return high ? not(test(load({ k: d.li + 2 }, 0, 2), 'jset', 0xff80)) : cmp('jeq', 0);
  }
  if (kind === 'lssu' || kind === 'lsu') return and(cmp('jgt', 0), not(cmp('jgt', 2)));
  return cmp('jgt', 2);
}

/** `sio|opc|dpc|sls [relop] N` or `… (N or N …)`, with `h` prefixes for the high-speed layout. */
export function mtp3Field(g: GenContext, name: string, relop: string, values: readonly number[]): Bool {
  const d = ss7(g, name);
  const high = name.startsWith('h');
  const f = FIELDS[high ? name.slice(1) : name]!;
  const base = d.sio + (high ? 3 : 0);
  const one = (v: number): Bool => {
    if (v > f.max) fail(`${name} ${v} greater than maximum ${f.max}`);
    const s = load({ k: base }, f.rel, f.size);
    const full = f.size === 4 ? 0xffffffff : f.size === 2 ? 0xffff : 0xff;
    if (f.mask !== full) s.push(alu(BPF_AND, f.mask));
    return relTest(s, relop, f.pack(v));
  };
  return or(...values.map(one));
}
