// `protochain P`: follow the IPv6 extension-header chain (and AH) looking for protocol P.
// libpcap emits a loop with a backward jump, which its own interpreter runs but no kernel accepts;
// we unroll it to a fixed depth instead (option `protochainDepth`, default 128), so the program
// stays attachable. Longer chains are not followed (libpcap follows them until the packet ends).
import type { Instruction } from '../../instruction.js';
import { BPF_ADD, BPF_MUL } from '../../opcodes.js';
import {
  alu,
  aluX,
  and,
  type Bool,
  FALSE,
  ldImm,
  ldInd,
  ldMem,
  ldxMem,
  not,
  or,
  st,
  stx,
  test,
} from '../ir.js';
import type { GenContext } from './context.js';
import { ETHERTYPE, load } from './link.js';

const NONE = 59;
const AH = 51;
const EXTENSIONS = [0, 60, 43, 44];

function chain(
  g: GenContext,
  p: number,
  v6: boolean,
  link: Bool,
  init: (nh: number, at: number) => Instruction[],
): Bool {
  const nh = g.scratch.alloc();
  const at = g.scratch.alloc();
  const nlk = g.nl.k;
  const isNh = (v: number): Bool => test([ldMem(nh)], 'jeq', v);
  // Next header and offset of the following header, for a header whose length field counts
  // 8-byte units beyond the first (extension headers) or 4-byte units beyond the first two (AH).
  const advance = (add: number, unit: number, relative: boolean): Bool => ({
    t: 'exec',
    stmts: [
      ldxMem(at),
      ldInd(1, nlk),
      st(nh),
      ldInd(1, nlk + 1),
      alu(BPF_ADD, add),
      alu(BPF_MUL, unit),
      ...(relative ? [aluX(BPF_ADD)] : []),
      st(at),
    ],
  });
  let rest: Bool = FALSE;
  // Over IPv4 only AH headers are followed, and stacks of those are short: cap them at 16 so
  // `protochain P` (both families) stays under the kernel's 4096-instruction limit.
  const depth = v6 ? g.options.protochainDepth : Math.min(16, g.options.protochainDepth);
  for (let i = 0; i < depth; i++) {
    rest = or(
      isNh(p),
      and(
        not(isNh(NONE)),
        // libpcap takes the AH length as the new offset itself (not added to the current one);
        // reproduced so verdicts match. Over IPv4 only AH is followed.
        v6
          ? or(and(or(...EXTENSIONS.map(isNh)), advance(1, 8, true)), and(isNh(AH), advance(2, 4, false)))
          : and(isNh(AH), advance(2, 4, false)),
        rest,
      ),
    );
  }
  const result = and(link, { t: 'exec', stmts: init(nh, at) }, rest);
  g.scratch.free(nh);
  g.scratch.free(at);
  return result;
}

export function protochain(g: GenContext, proto: string | undefined, p: number): Bool {
  const v6 = (): Bool =>
    chain(g, p, true, g.linkType(ETHERTYPE.IPV6), (nh, at) => [
      ...load(g.nl, 6, 1),
      st(nh),
      ldImm(40),
      st(at),
    ]);
  const v4 = (): Bool =>
    chain(g, p, false, g.linkType(ETHERTYPE.IP), (nh, at) => [
      ...load(g.nl, 9, 1),
      st(nh),
      ...g.ipHeaderLenX(),
      stx(at),
    ]);
  if (proto === 'ip') return v4();
  if (proto === 'ip6') return v6();
  return or(v4(), v6());
}
