// Arithmetic relations (`tcp[13] & 2 != 0`, `len > 100`): constant folding, packet accesses with
// the protocol checks they imply, and A/X/scratch code for the rest.
import type { Instruction } from '../../instruction.js';
import {
  BPF_ADD,
  BPF_ALU,
  BPF_AND,
  BPF_DIV,
  BPF_LD,
  BPF_LEN,
  BPF_LSH,
  BPF_MISC,
  BPF_MOD,
  BPF_MUL,
  BPF_NEG,
  BPF_OR,
  BPF_RSH,
  BPF_SUB,
  BPF_TAX,
  BPF_W,
  BPF_XOR,
} from '../../opcodes.js';
import type { Arith } from '../ast.js';
import { fail } from '../errors.js';
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
  relTest,
  st,
  stmt,
  TRUE,
} from '../ir.js';
import { IPPROTO } from '../names.js';
import type { GenContext } from './context.js';
import { ETHERTYPE, eq, load, type Off } from './link.js';
import { ip6Test, ipProto, ipTest, notFragment } from './net.js';

const ALU_OPS: Record<string, number> = {
  '+': BPF_ADD,
  '-': BPF_SUB,
  '*': BPF_MUL,
  '/': BPF_DIV,
  '%': BPF_MOD,
  '&': BPF_AND,
  '|': BPF_OR,
  '^': BPF_XOR,
  '<<': BPF_LSH,
  '>>': BPF_RSH,
};

function foldBin(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+':
      return (a + b) >>> 0;
    case '-':
      return (a - b) >>> 0;
    case '*':
      return Math.imul(a, b) >>> 0;
    case '/':
      return b === 0 ? undefined : Math.floor(a / b) >>> 0;
    case '%':
      return b === 0 ? undefined : (a % b) >>> 0;
    case '&':
      return (a & b) >>> 0;
    case '|':
      return (a | b) >>> 0;
    case '^':
      return (a ^ b) >>> 0;
    case '<<':
      return b >= 32 ? 0 : (a << b) >>> 0;
    case '>>':
      return b >= 32 ? 0 : a >>> b;
    default:
      return undefined;
  }
}

/** Folds constant subexpressions. */
export function constValue(e: Arith): number | undefined {
  switch (e.k) {
    case 'num':
      return e.value >>> 0;
    case 'neg': {
      const v = constValue(e.a);
      return v === undefined ? undefined : -v >>> 0;
    }
    case 'bin': {
      const l = constValue(e.l);
      const r = constValue(e.r);
      if (l === undefined || r === undefined) return undefined;
      if ((e.op === '/' || e.op === '%') && r === 0) fail('division by zero');
      return foldBin(e.op, l, r);
    }
    default:
      return undefined;
  }
}

interface Value {
  stmts: Instruction[];
  reqs: Bool[];
}

/** Where `proto[...]` indexes from, and what the packet must be for the access to make sense. */
function accessBase(g: GenContext, proto: string): { base: Off | 'transport'; req: Bool } {
  switch (proto) {
    case 'link':
      return { base: g.info.linkHdr, req: TRUE };
    case 'radio':
      if (!['IEEE802_11_RADIO', 'IEEE802_11_RADIO_AVS', 'PRISM_HEADER', 'PPI'].includes(g.dlt)) {
        fail("'radio' does not support the index operation");
      }
      return { base: { k: 0 }, req: TRUE };
    case 'ip':
      return { base: g.nl, req: ipTest(g) };
    case 'ip6':
      return { base: g.nl, req: ip6Test(g) };
    case 'arp':
      return { base: g.nl, req: g.linkType(ETHERTYPE.ARP) };
    case 'rarp':
      return { base: g.nl, req: g.linkType(ETHERTYPE.REVARP) };
    case 'atalk':
      return { base: g.nl, req: g.linkType(ETHERTYPE.ATALK) };
    case 'decnet':
      return { base: g.nl, req: g.linkType(ETHERTYPE.DN) };
    case 'sca':
      return { base: g.nl, req: g.linkType(ETHERTYPE.SCA) };
    case 'lat':
      return { base: g.nl, req: g.linkType(ETHERTYPE.LAT) };
    case 'moprc':
      return { base: g.nl, req: g.linkType(ETHERTYPE.MOPRC) };
    case 'mopdl':
      return { base: g.nl, req: g.linkType(ETHERTYPE.MOPDL) };
    case 'icmp6':
      // Unlike `icmp6`, indexing checks only the next-header field (no fragment-header look-behind).
      return { base: { ...g.nl, k: g.nl.k + 40 }, req: and(ip6Test(g), eq(g.nl, 6, 1, IPPROTO.ICMPV6)) };
    case 'tcp':
    case 'udp':
    case 'icmp':
    case 'igmp':
    case 'igrp':
    case 'pim':
    case 'vrrp':
    case 'carp':
    case 'sctp': {
      const p: Record<string, number> = {
        tcp: IPPROTO.TCP,
        udp: IPPROTO.UDP,
        icmp: IPPROTO.ICMP,
        igmp: IPPROTO.IGMP,
        igrp: IPPROTO.IGRP,
        pim: IPPROTO.PIM,
        vrrp: IPPROTO.VRRP,
        carp: IPPROTO.VRRP,
        sctp: IPPROTO.SCTP,
      };
      return { base: 'transport', req: and(ipProto(g, p[proto]!), notFragment(g)) };
    }
    default:
      return fail(`'${proto}' does not support the index operation`);
  }
}

class ArithGen {
  constructor(private readonly g: GenContext) {}

  value(e: Arith): Value {
    const c = constValue(e);
    if (c !== undefined) return { stmts: [ldImm(c)], reqs: [] };
    switch (e.k) {
      case 'len':
        return { stmts: [stmt(BPF_LD | BPF_W | BPF_LEN)], reqs: [] };
      case 'neg': {
        const v = this.value(e.a);
        return { stmts: [...v.stmts, stmt(BPF_ALU | BPF_NEG)], reqs: v.reqs };
      }
      case 'bin': {
        const op = ALU_OPS[e.op]!;
        const r = constValue(e.r);
        if (r !== undefined) {
          const l = this.value(e.l);
          if ((e.op === '/' || e.op === '%') && r === 0) fail('division by zero');
          return { stmts: [...l.stmts, alu(op, r)], reqs: l.reqs };
        }
        const rv = this.value(e.r);
        const slot = this.g.scratch.alloc();
        const l2 = this.value(e.l);
        this.g.scratch.free(slot);
        return {
          stmts: [...rv.stmts, st(slot), ...l2.stmts, ldxMem(slot), aluX(op)],
          reqs: [...rv.reqs, ...l2.reqs],
        };
      }
      case 'load':
        return this.load(e.proto, e.index, e.size);
      default:
        return fail('unexpected arithmetic');
    }
  }

  private load(proto: string, index: Arith, size: number): Value {
    const { base, req } = accessBase(this.g, proto);
    const reqs = req === TRUE ? [] : [req];
    const k = constValue(index);
    if (base === 'transport') {
      const nlk = this.g.nl.k;
      if (k !== undefined) return { stmts: [...this.g.ipHeaderLenX(), ldInd(size, nlk + k)], reqs };
      const iv = this.value(index);
      const slot = this.g.scratch.alloc();
      this.g.scratch.free(slot);
      return {
        stmts: [
          ...iv.stmts,
          st(slot),
          ...this.g.ipHeaderLenX(),
          ldMem(slot),
          aluX(BPF_ADD),
          stmt(BPF_MISC | BPF_TAX),
          ldInd(size, nlk),
        ],
        reqs: [...reqs, ...iv.reqs],
      };
    }
    if (k !== undefined) return { stmts: load(base, k, size), reqs };
    const iv = this.value(index);
    if (base.reg === undefined) {
      return {
        stmts: [...iv.stmts, stmt(BPF_MISC | BPF_TAX), ldInd(size, base.k)],
        reqs: [...reqs, ...iv.reqs],
      };
    }
    return {
      stmts: [...iv.stmts, ldxMem(base.reg), aluX(BPF_ADD), stmt(BPF_MISC | BPF_TAX), ldInd(size, base.k)],
      reqs: [...reqs, ...iv.reqs],
    };
  }
}

const SWAP: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=', '!=': '!=' };

/** `l relop r` as a test, ANDed with the protocol checks its packet accesses need. */
export function relation(g: GenContext, op: string, l: Arith, r: Arith): Bool {
  const ag = new ArithGen(g);
  let lc = constValue(l);
  let rc = constValue(r);
  if (lc !== undefined && rc !== undefined) {
    const a = lc;
    const b = rc;
    const res =
      op === '='
        ? a === b
        : op === '!='
          ? a !== b
          : op === '>'
            ? a > b
            : op === '>='
              ? a >= b
              : op === '<'
                ? a < b
                : a <= b;
    return res ? TRUE : FALSE;
  }
  if (lc !== undefined) {
    [l, r] = [r, l];
    op = SWAP[op]!;
    rc = lc;
    lc = undefined;
  }
  if (rc !== undefined) {
    const v = ag.value(l);
    return and(...v.reqs, relTest(v.stmts, op, rc));
  }
  const rv = ag.value(r);
  const slot = g.scratch.alloc();
  const lv = ag.value(l);
  g.scratch.free(slot);
  return and(
    ...rv.reqs,
    ...lv.reqs,
    relTest([...rv.stmts, st(slot), ...lv.stmts, ldxMem(slot)], op, 0, true),
  );
}
