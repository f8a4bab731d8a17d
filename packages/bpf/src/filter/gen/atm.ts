// SunATM pseudo-header: VPI/VCI fields and the well-known signalling/OAM circuits.
import { fail } from '../errors.js';
import { and, type Bool, or, relTest } from '../ir.js';
import type { GenContext } from './context.js';
import { eq, load } from './link.js';

function sunatm(g: GenContext, name: string): void {
  if (g.dlt !== 'SUNATM') fail(`'${name}' supported only on SUNATM`);
}

/** `vpi|vci [relop] N` or `vpi|vci (N or N …)`. */
export function atmField(g: GenContext, name: string, relop: string, values: readonly number[]): Bool {
  sunatm(g, name);
  const isVpi = name === 'vpi';
  return or(
    ...values.map((v) => {
      if (isVpi && v > 255) fail(`VPI ${v} greater than maximum 255`);
      if (!isVpi && v > 65535) fail(`VCI ${v} greater than maximum 65535`);
      return relTest(load({ k: isVpi ? 1 : 2 }, 0, isVpi ? 1 : 2), relop, v);
    }),
  );
}

const VCS: Record<string, number[]> = {
  oam: [3, 4],
  oamf4: [3, 4],
  oamf4sc: [3],
  oamf4ec: [4],
  sc: [5],
  ilmic: [16],
  metac: [1],
  bcc: [2],
};

/** Circuits identified by VPI 0 and a reserved VCI. */
export function atmVc(g: GenContext, name: string): Bool {
  sunatm(g, name);
  return and(eq({ k: 1 }, 0, 1, 0), or(...VCS[name]!.map((v) => eq({ k: 2 }, 0, 2, v))));
}
