// Recursive-descent parser for libpcap's grammar (grammar.y): `and`/`or` share one precedence
// level and group left to right, `not` binds tighter, and a bare operand after `and`/`or`
// inherits the qualifiers of the primitive before it (`tcp dst port ftp or ftp-data`).
import type { Arith, Expr, IdOperand, Qualifiers } from './ast.js';
import { fail, SYNTAX_ERROR } from './errors.js';
import { type Token, tokenize } from './lexer.js';

/** Protocol names that may start a primitive (grammar.y's `pname`). */
export const PNAMES = new Set([
  'link',
  'ip',
  'arp',
  'rarp',
  'sctp',
  'tcp',
  'udp',
  'icmp',
  'igmp',
  'igrp',
  'pim',
  'vrrp',
  'carp',
  'radio',
  'ip6',
  'icmp6',
  'ah',
  'esp',
  'atalk',
  'aarp',
  'decnet',
  'lat',
  'sca',
  'moprc',
  'mopdl',
  'iso',
  'esis',
  'isis',
  'l1',
  'l2',
  'iih',
  'lsp',
  'snp',
  'csnp',
  'psnp',
  'clnp',
  'stp',
  'ipx',
  'netbeui',
]);
const DQUALS = new Set(['src', 'dst', 'addr1', 'addr2', 'addr3', 'addr4', 'ra', 'ta']);
const AQUALS = new Set(['host', 'net', 'port', 'portrange', 'gateway']);
const OPERAND_KINDS = new Set(['id', 'num', 'hid', 'hid6', 'eid', 'aid']);
const RELOPS = new Set(['>', '>=', '=', '==', '<=', '!=', '<']);
/** Nullary or optional-number keywords (grammar.y's `other`). */
const OPT_NUM = new Set(['vlan', 'mpls', 'pppoes', 'geneve', 'vxlan']);
const NULLARY = new Set([
  'inbound',
  'outbound',
  'pppoed',
  'lane',
  'metac',
  'bcc',
  'oam',
  'oamf4',
  'oamf4ec',
  'oamf4sc',
  'sc',
  'ilmic',
  'connectmsg',
  'metaconnect',
  'fisu',
  'lssu',
  'lsu',
  'msu',
  'hfisu',
  'hlssu',
  'hmsu',
]);
const WITH_NUM = new Set(['less', 'greater', 'ifindex', 'rnr', 'srnr']);
/** Fields compared by value lists (MTP3, ATM): `sio 5`, `vpi > 5`, `vci (5 or 6)`. */
const MTP3_FIELDS = new Set(['sio', 'opc', 'dpc', 'sls', 'hsio', 'hopc', 'hdpc', 'hsls', 'vpi', 'vci']);
const WITH_ID = new Set(['on', 'reason', 'rset', 'action']);
/** Marks a term whose qualifiers cannot be inherited (protocol abbreviations, relations, ...). */
const QERR: Qualifiers = { proto: '<err>' };

interface Term {
  e: Expr;
  q: Qualifiers;
}

/** Thrown (without a stack trace) to abandon a speculative parse; cheap backtracking. */
const BACKTRACK = { backtrack: true };

class Parser {
  private i = 0;
  /** Inside tryRelation: syntax errors backtrack instead of failing. */
  private speculative = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(n = 0): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }
  private isKw(t: Token, ...names: string[]): boolean {
    return t.kind === 'kw' && names.includes(t.text);
  }
  private isOp(t: Token, ...ops: string[]): boolean {
    return t.kind === 'op' && ops.includes(t.text);
  }
  private syntax(t: Token = this.peek()): never {
    if (this.speculative > 0) throw BACKTRACK;
    fail(SYNTAX_ERROR, t.pos);
  }
  private expectOp(op: string): void {
    if (!this.isOp(this.peek(), op)) this.syntax();
    this.next();
  }

  parseProgram(): Expr {
    if (this.peek().kind === 'eof') return { k: 'empty' };
    const { e } = this.parseExpr({});
    if (this.peek().kind !== 'eof') this.syntax();
    return e;
  }

  private parseExpr(inherited: Qualifiers): Term {
    let left = this.parseTerm(inherited);
    while (this.isKw(this.peek(), 'and', 'or')) {
      const op = this.next().text as 'and' | 'or';
      let right: Term;
      if (this.startsId()) {
        right = { e: this.parseId(left.q), q: left.q };
      } else {
        right = this.parseTerm(left.q);
      }
      left = { e: { k: op, a: left.e, b: right.e }, q: right.q };
    }
    return left;
  }

  /** True when the upcoming tokens form a bare operand (grammar.y's `id`) rather than a term. */
  private startsId(): boolean {
    let j = 0;
    while (this.isKw(this.peek(j), 'not')) j++;
    const t = this.peek(j);
    if (OPERAND_KINDS.has(t.kind)) return !this.arithFollows(j + 1);
    if (this.isOp(t, '(')) {
      let k = j + 1;
      while (this.isOp(this.peek(k), '(') || this.isKw(this.peek(k), 'not')) k++;
      const u = this.peek(k);
      return OPERAND_KINDS.has(u.kind) && !this.arithFollows(k + 1);
    }
    return false;
  }

  private arithFollows(j: number): boolean {
    const t = this.peek(j);
    return t.kind === 'op' && t.text !== '(' && t.text !== ')' && t.text !== '/';
  }

  private parseTerm(inherited: Qualifiers): Term {
    const t = this.peek();
    if (this.isKw(t, 'not')) {
      this.next();
      const inner = this.parseTerm(inherited);
      return { e: { k: 'not', a: inner.e }, q: inner.q };
    }
    if (this.isOp(t, '(')) {
      const rel = this.tryRelation();
      if (rel) return { e: rel, q: QERR };
      this.next();
      const inner = this.startsId()
        ? { e: this.parseIdList(inherited), q: inherited }
        : this.parseExpr(inherited);
      this.expectOp(')');
      return inner;
    }
    if (OPERAND_KINDS.has(t.kind) || this.isKw(t, 'len') || this.isOp(t, '-')) {
      const rel = this.tryRelation();
      if (rel) return { e: rel, q: QERR };
      if (OPERAND_KINDS.has(t.kind)) return { e: this.parseId(inherited), q: inherited };
      this.syntax();
    }
    if (t.kind !== 'kw') this.syntax(t);
    if (PNAMES.has(t.text) && this.isOp(this.peek(1), '[')) {
      const rel = this.tryRelation();
      if (rel) return { e: rel, q: QERR };
      this.syntax(t);
    }
    return this.parsePrimitive();
  }

  /** Parses `head id`, a protocol abbreviation, or one of the `other` primitives. */
  private parsePrimitive(): Term {
    const start = this.peek();
    let proto: string | undefined;
    if (start.kind === 'kw' && PNAMES.has(start.text)) proto = this.next().text;
    const t = this.peek();
    if (this.isKw(t, 'broadcast', 'multicast')) {
      this.next();
      return { e: { k: 'other', name: t.text, ...(proto ? { proto } : {}), args: [], pos: t.pos }, q: QERR };
    }
    if (this.isKw(t, 'type', 'subtype', 'direction')) return { e: this.parse80211(proto, t), q: QERR };
    let dir: string | undefined;
    if (t.kind === 'kw' && DQUALS.has(t.text)) {
      dir = this.next().text;
      const a = this.peek();
      const b = this.peek(1);
      if (
        (dir === 'src' || dir === 'dst') &&
        this.isKw(a, 'and', 'or') &&
        this.isKw(b, 'src', 'dst') &&
        b.text !== dir
      ) {
        this.next();
        this.next();
        dir = a.text === 'or' ? 'src or dst' : 'src and dst';
      }
    }
    let addr: string | undefined;
    const u = this.peek();
    if (u.kind === 'kw' && AQUALS.has(u.text)) addr = this.next().text;
    else if (!dir && this.isKw(u, 'proto', 'protochain')) addr = this.next().text;
    if (proto !== undefined && dir === undefined && addr === undefined) {
      return { e: { k: 'pname', proto, pos: start.pos }, q: QERR };
    }
    if (proto === undefined && dir === undefined && addr === undefined) return this.parseOther();
    const q: Qualifiers = { ...(proto ? { proto } : {}), ...(dir ? { dir } : {}), ...(addr ? { addr } : {}) };
    return { e: this.parseId(q), q };
  }

  private parse80211(proto: string | undefined, t: Token): Expr {
    this.next();
    const operand = (allowNum: boolean): IdOperand => {
      const v = this.next();
      if (v.kind === 'id' || (allowNum && v.kind === 'num'))
        return { kind: v.kind, text: v.text, value: v.value, pos: v.pos };
      // Keyword spellings used as 802.11 names (e.g. `data`, `null`) arrive as identifiers anyway.
      return this.syntax(v);
    };
    const p = proto ? { proto } : {};
    if (t.text === 'type') {
      const ty = operand(true);
      if (this.isKw(this.peek(), 'subtype')) {
        this.next();
        const st = operand(true);
        return { k: 'other', name: 'type-subtype', ...p, args: [ty, st], pos: t.pos };
      }
      return { k: 'other', name: 'type', ...p, args: [ty], pos: t.pos };
    }
    if (t.text === 'subtype')
      return { k: 'other', name: 'subtype', ...p, args: [operand(false)], pos: t.pos };
    return { k: 'other', name: 'dir', ...p, args: [operand(true)], pos: t.pos };
  }

  private parseOther(): Term {
    const t = this.next();
    const mk = (args: IdOperand[]): Term => ({ e: { k: 'other', name: t.text, args, pos: t.pos }, q: QERR });
    if (t.kind !== 'kw') this.syntax(t);
    if (NULLARY.has(t.text)) return mk([]);
    if (OPT_NUM.has(t.text)) {
      const n = this.tryPnum();
      return mk(n ? [n] : []);
    }
    if (MTP3_FIELDS.has(t.text)) {
      let op = '=';
      const o = this.peek();
      if (o.kind === 'op' && RELOPS.has(o.text)) {
        op = o.text === '==' ? '=' : o.text;
        this.next();
      }
      const values: IdOperand[] = [];
      if (op === '=' && this.isOp(this.peek(), '(')) {
        this.next();
        for (;;) {
          const n = this.next();
          if (n.kind !== 'num') this.syntax(n);
          values.push({ kind: 'num', text: n.text, value: n.value, pos: n.pos });
          if (this.isKw(this.peek(), 'or')) {
            this.next();
            continue;
          }
          this.expectOp(')');
          break;
        }
      } else {
        const n = this.next();
        if (n.kind !== 'num') this.syntax(n);
        values.push({ kind: 'num', text: n.text, value: n.value, pos: n.pos });
      }
      return mk([{ kind: 'id', text: op, value: 0, pos: o.pos }, ...values]);
    }
    if (WITH_NUM.has(t.text)) {
      const n = this.tryPnum();
      if (!n) this.syntax();
      return mk([n]);
    }
    if (WITH_ID.has(t.text)) {
      const v = this.next();
      if (v.kind !== 'id' && v.kind !== 'num' && v.kind !== 'kw') this.syntax(v);
      return mk([{ kind: v.kind === 'num' ? 'num' : 'id', text: v.text, value: v.value, pos: v.pos }]);
    }
    if (t.text === 'llc') {
      const v = this.peek();
      if (v.kind === 'id' || (v.kind === 'kw' && v.text === 'rnr')) {
        this.next();
        return mk([{ kind: 'id', text: v.text, value: 0, pos: v.pos }]);
      }
      return mk([]);
    }
    if (t.text === 'byte') {
      const a = this.tryPnum();
      const op = this.next();
      const b = this.tryPnum();
      if (!a || !b || !this.isOp(op, '=', '==', '<', '>', '&', '|')) this.syntax(op);
      return {
        e: {
          k: 'other',
          name: 'byte',
          args: [a, { kind: 'id', text: op.text, value: 0, pos: op.pos }, b],
          pos: t.pos,
        },
        q: QERR,
      };
    }
    return this.syntax(t);
  }

  private tryPnum(): IdOperand | undefined {
    let depth = 0;
    const save = this.i;
    while (this.isOp(this.peek(), '(')) {
      this.next();
      depth++;
    }
    const t = this.peek();
    if (t.kind !== 'num') {
      this.i = save;
      return undefined;
    }
    this.next();
    for (; depth > 0; depth--) this.expectOp(')');
    return { kind: 'num', text: t.text, value: t.value, pos: t.pos };
  }

  /** `id` list inside parentheses after a head: `host (a or b and not c)`. */
  private parseIdList(q: Qualifiers): Expr {
    let e = this.parseId(q);
    while (this.isKw(this.peek(), 'and', 'or')) {
      const op = this.next().text as 'and' | 'or';
      e = { k: op, a: e, b: this.parseId(q) };
    }
    return e;
  }

  private parseId(q: Qualifiers): Expr {
    const t = this.peek();
    if (this.isKw(t, 'not')) {
      this.next();
      return { k: 'not', a: this.parseId(q) };
    }
    if (this.isOp(t, '(')) {
      this.next();
      const e = this.parseIdList(q);
      this.expectOp(')');
      return e;
    }
    if (q === QERR) this.syntax(t);
    if (!OPERAND_KINDS.has(t.kind)) this.syntax(t);
    this.next();
    let id: IdOperand = {
      kind: t.kind as IdOperand['kind'],
      text: t.text,
      value: t.value,
      pos: t.pos,
      ...(t.escaped ? { escaped: true } : {}),
    };
    if ((t.kind === 'hid' || t.kind === 'hid6') && this.isOp(this.peek(), '/')) {
      this.next();
      const n = this.next();
      if (n.kind !== 'num') this.syntax(n);
      id = { ...id, prefix: n.value };
    } else if (t.kind === 'hid' && this.isKw(this.peek(), 'mask')) {
      this.next();
      const m = this.next();
      if (m.kind !== 'hid') this.syntax(m);
      id = { ...id, mask: m.text };
    }
    return { k: 'prim', q, id };
  }

  // ---- arithmetic relations ----

  /** Tries `arth relop arth` at the current position; restores it and returns undefined if that fails. */
  private tryRelation(): Expr | undefined {
    const save = this.i;
    this.speculative++;
    try {
      const l = this.parseArith(0);
      const op = this.peek();
      if (op.kind !== 'op' || !RELOPS.has(op.text)) throw BACKTRACK;
      this.next();
      const r = this.parseArith(0);
      return { k: 'rel', op: op.text === '==' ? '=' : op.text, l, r };
    } catch (err) {
      if (err !== BACKTRACK) throw err;
      this.i = save;
      return undefined;
    } finally {
      this.speculative--;
    }
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [
    ['|', '^'],
    ['&'],
    ['<<', '>>'],
    ['+', '-'],
    ['*', '/', '%'],
  ];

  private parseArith(level: number): Arith {
    if (level >= Parser.LEVELS.length) return this.parseUnary();
    let l = this.parseArith(level + 1);
    const ops = Parser.LEVELS[level]!;
    while (this.peek().kind === 'op' && ops.includes(this.peek().text)) {
      const op = this.next().text;
      const r = this.parseArith(level + 1);
      l = { k: 'bin', op, l, r };
    }
    return l;
  }

  private parseUnary(): Arith {
    const t = this.peek();
    if (this.isOp(t, '-')) {
      this.next();
      return { k: 'neg', a: this.parseUnary() };
    }
    if (this.isOp(t, '(')) {
      this.next();
      const a = this.parseArith(0);
      this.expectOp(')');
      return a;
    }
    if (t.kind === 'num') {
      this.next();
      return { k: 'num', value: t.value };
    }
    if (this.isKw(t, 'len')) {
      this.next();
      return { k: 'len' };
    }
    if (t.kind === 'kw' && PNAMES.has(t.text) && this.isOp(this.peek(1), '[')) {
      this.next();
      this.next();
      const index = this.parseArith(0);
      let size = 1;
      if (this.isOp(this.peek(), ':')) {
        this.next();
        const n = this.next();
        if (n.kind !== 'num') this.syntax(n);
        size = n.value;
        if (size !== 1 && size !== 2 && size !== 4) fail('data size must be 1, 2, or 4', n.pos);
      }
      this.expectOp(']');
      return { k: 'load', proto: t.text, index, size, pos: t.pos };
    }
    return this.syntax(t);
  }
}

/** Parses a filter expression into its syntax tree; throws FilterError with libpcap's message. */
export function parseFilter(expression: string): Expr {
  return new Parser(tokenize(expression)).parseProgram();
}
