// OpenBSD pflog headers: action, reason, rule numbers, interface and ruleset names.
import { fail } from '../errors.js';
import { and, type Bool } from '../ir.js';
import type { GenContext } from './context.js';
import { eq } from './link.js';

const REASONS = [
  'match',
  'bad-offset',
  'fragment',
  'short',
  'normalize',
  'memory',
  'bad-timestamp',
  'congestion',
  'ip-option',
  'proto-cksum',
  'state-mismatch',
  'state-insert',
  'state-limit',
  'src-limit',
  'synproxy',
];
const ACTIONS: Record<string, number> = {
  pass: 0,
  accept: 0,
  block: 1,
  drop: 1,
  scrub: 2,
  noscrub: 3,
  nat: 4,
  nonat: 5,
  binat: 6,
  nobinat: 7,
  rdr: 8,
  nordr: 9,
};

/** Compares `text` as bytes at `off`, words from the end first (libpcap's gen_bcmp order). */
function bytesAt(offset: number, text: string): Bool {
  const b = new TextEncoder().encode(text);
  const tests: Bool[] = [];
  let size = b.length;
  while (size >= 4) {
    const k = size - 4;
    tests.push(
      eq({ k: offset }, k, 4, ((b[k]! << 24) | (b[k + 1]! << 16) | (b[k + 2]! << 8) | b[k + 3]!) >>> 0),
    );
    size -= 4;
  }
  while (size >= 2) {
    const k = size - 2;
    tests.push(eq({ k: offset }, k, 2, (b[k]! << 8) | b[k + 1]!));
    size -= 2;
  }
  if (size > 0) tests.push(eq({ k: offset }, 0, 1, b[0]!));
  return and(...tests);
}

export function pflog(g: GenContext, name: string, arg: { kind: string; text: string; value: number }): Bool {
  if (g.dlt !== 'PFLOG') fail(`'${name === 'on' ? 'ifname' : name}' supported only on PFLOG linktype`);
  switch (name) {
    case 'on':
      if (arg.text.length >= 16) fail('ifname interface names can only be 15 characters');
      return bytesAt(4, arg.text);
    case 'rset':
      if (arg.text.length >= 16) fail('ruleset names can only be 15 characters');
      return bytesAt(20, arg.text);
    case 'rnr':
      return eq({ k: 36 }, 0, 4, arg.value);
    case 'srnr':
      return eq({ k: 40 }, 0, 4, arg.value);
    case 'reason': {
      const v = arg.kind === 'num' ? arg.value : REASONS.indexOf(arg.text);
      if (v < 0) fail(`unknown PF reason "${arg.text}"`);
      return eq({ k: 3 }, 0, 1, v);
    }
    default: {
      const v = arg.kind === 'num' ? arg.value : ACTIONS[arg.text];
      if (v === undefined) fail(`unknown PF action "${arg.text}"`);
      return eq({ k: 2 }, 0, 1, v);
    }
  }
}
