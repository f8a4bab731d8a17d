// The optimizer: jump threading over edge-dominating facts (which also folds constant tests and
// removes tests made redundant by earlier ones), unreachable/duplicate/no-op block removal, then
// redundant-load and dead-store elimination using symbolic register values.
import type { Instruction } from '../instruction.js';
import {
  BPF_JEQ,
  BPF_JGE,
  BPF_JGT,
  BPF_JSET,
  BPF_LD,
  BPF_LDX,
  BPF_MEM,
  BPF_MISC,
  BPF_ST,
  BPF_STX,
  BPF_TAX,
  BPF_X,
  bpfClass,
  bpfMiscOp,
  bpfMode,
  bpfOp,
  bpfSrc,
} from '../opcodes.js';
import { topoOrder } from './emit.js';
import type { Leaf, Node, Target } from './ir.js';
import { cloneState, constOf, initialState, meet, type RegState, resetValueNames, step } from './values.js';

interface Fact {
  a: string;
  op: number;
  k: number;
  out: boolean;
}

const hasSideEffects = (n: Node): boolean =>
  n.code === -1 || n.stmts.some((s) => bpfClass(s.code) === BPF_ST || bpfClass(s.code) === BPF_STX);

/** Outcome of `v op k` given what `facts` say about v, or undefined if unknown. */
function decide(facts: FactList | null, a: string, op: number, k: number): boolean | undefined {
  const c = constOf(a);
  if (c !== undefined) return evalJump(op, c, k);
  // Only facts established on the path count: like libpcap, a test that is a tautology by itself
  // (`jge #0`) is kept, since its load may still fail and reject the packet.
  let lo: number | undefined;
  let hi: number | undefined;
  let known: number | undefined;
  const ne = new Set<number>();
  const setMasks: number[] = [];
  const clearMasks: number[] = [];
  for (let c = facts; c; c = c.next) {
    const f = c.f;
    if (f.a !== a) continue;
    if (f.op === op && f.k === k) return f.out;
    switch (f.op) {
      case BPF_JEQ:
        if (f.out) known = f.k;
        else ne.add(f.k);
        break;
      case BPF_JGT:
        if (f.out) lo = Math.max(lo ?? 0, f.k + 1);
        else hi = Math.min(hi ?? 0xffffffff, f.k);
        break;
      case BPF_JGE:
        if (f.out) lo = Math.max(lo ?? 0, f.k);
        else hi = Math.min(hi ?? 0xffffffff, f.k - 1);
        break;
      case BPF_JSET:
        if (f.out) setMasks.push(f.k);
        else clearMasks.push(f.k);
        break;
    }
  }
  if (known !== undefined) return evalJump(op, known, k);
  switch (op) {
    case BPF_JEQ:
      if ((lo !== undefined && k < lo) || (hi !== undefined && k > hi) || ne.has(k)) return false;
      if (clearMasks.some((m) => (k & m) !== 0)) return false;
      if (lo !== undefined && lo === hi && lo === k) return true;
      return undefined;
    case BPF_JGT:
      if (lo !== undefined && lo > k) return true;
      if (hi !== undefined && hi <= k) return false;
      return undefined;
    case BPF_JGE:
      if (lo !== undefined && lo >= k) return true;
      if (hi !== undefined && hi < k) return false;
      return undefined;
    case BPF_JSET:
      if (clearMasks.some((m) => (k & ~m) >>> 0 === 0)) return false;
      if (setMasks.some((m) => (m & ~k) >>> 0 === 0)) return true;
      return undefined;
  }
  return undefined;
}

function evalJump(op: number, v: number, k: number): boolean | undefined {
  switch (op) {
    case BPF_JEQ:
      return v === k;
    case BPF_JGT:
      return v > k;
    case BPF_JGE:
      return v >= k;
    case BPF_JSET:
      return (v & k) !== 0;
    default:
      return undefined;
  }
}

interface Analysis {
  order: Node[];
  preds: Map<Node, [Node, boolean][]>;
  entry: Map<Node, RegState>;
  /** Value in A at the jump, and the comparison operand (k, or X's value). */
  test: Map<Node, { a: string; k: number | undefined }>;
}

function analyse(root: Node): Analysis {
  const order = topoOrder(root);
  const preds = new Map<Node, [Node, boolean][]>();
  for (const n of order) preds.set(n, []);
  for (const n of order) {
    if (n.jt.kind === 'node') preds.get(n.jt)!.push([n, true]);
    if (n.jf.kind === 'node' && (n.code !== -1 || n.jf !== n.jt)) preds.get(n.jf)!.push([n, false]);
  }
  const exit = new Map<Node, RegState>();
  const entry = new Map<Node, RegState>();
  const test = new Map<Node, { a: string; k: number | undefined }>();
  for (const n of order) {
    const ps = preds.get(n)!;
    const e =
      ps.length === 0
        ? initialState()
        : meet(
            ps.map(([p]) => exit.get(p)!),
            n.id,
          );
    entry.set(n, e);
    const s = cloneState(e);
    for (const ins of n.stmts) step(s, ins);
    exit.set(n, s);
    if (n.code !== -1) {
      const k = bpfSrc(n.code) === BPF_X ? constOf(s.x) : n.k;
      test.set(n, { a: s.a, k });
    }
  }
  return { order, preds, entry, test };
}

/** Facts holding on every path to a point, as a shared immutable list (cheap along single paths). */
interface FactList {
  readonly f: Fact;
  readonly key: string;
  readonly next: FactList | null;
}

function intersect(lists: (FactList | null)[]): FactList | null {
  if (lists.length === 1) return lists[0]!;
  let common: Map<string, Fact> | undefined;
  for (const l of lists) {
    const here = new Map<string, Fact>();
    for (let c = l; c; c = c.next) if (!common || common.has(c.key)) here.set(c.key, c.f);
    common = here;
    if (common.size === 0) return null;
  }
  let out: FactList | null = null;
  for (const [key, f] of common ?? []) out = { f, key, next: out };
  return out;
}

/** Jump threading over edge-dominating facts; returns true if any edge moved. */
function thread(root: Node): boolean {
  const { order, preds, test } = analyse(root);
  const edgeFact = (n: Node, out: boolean): FactList | undefined => {
    const t = test.get(n);
    if (!t || t.k === undefined || t.a.startsWith('?')) return undefined;
    const f = { a: t.a, op: bpfOp(n.code), k: t.k, out };
    return { f, key: `${f.a}|${f.op}|${f.k}|${out}`, next: null };
  };
  const withEdge = (base: FactList | null, n: Node, out: boolean): FactList | null => {
    const e = edgeFact(n, out);
    return e ? { ...e, next: base } : base;
  };
  const dom = new Map<Node, FactList | null>();
  for (const n of order) {
    const ps = preds.get(n)!;
    dom.set(n, ps.length === 0 ? null : intersect(ps.map(([p, out]) => withEdge(dom.get(p)!, p, out))));
  }
  let changed = false;
  for (const n of order) {
    if (n.code === -1) continue;
    for (const out of [true, false]) {
      const facts = withEdge(dom.get(n)!, n, out);
      let target = out ? n.jt : n.jf;
      for (let guard = 0; guard < 1000 && target.kind === 'node'; guard++) {
        const s = target;
        if (hasSideEffects(s)) break;
        const t = test.get(s);
        if (!t || t.k === undefined) break;
        const d = decide(facts, t.a, bpfOp(s.code), t.k);
        if (d === undefined) break;
        target = d ? s.jt : s.jf;
      }
      if (target !== (out ? n.jt : n.jf)) {
        if (out) n.jt = target;
        else n.jf = target;
        changed = true;
      }
    }
  }
  return changed;
}

// Statement lists do not change while threading, so their keys are computed once.
const stmtKeys = new WeakMap<readonly Instruction[], string>();
function stmtsKey(stmts: readonly Instruction[]): string {
  let k = stmtKeys.get(stmts);
  if (k === undefined) {
    k = stmts.map((s) => `${s.code},${s.k}`).join(';');
    stmtKeys.set(stmts, k);
  }
  return k;
}

/** Merges identical blocks and drops blocks whose two branches coincide. */
function canonicalise(root: Target): Target {
  if (root.kind === 'ret') return root;
  const order = topoOrder(root);
  const canon = new Map<Target, Target>();
  const byKey = new Map<string, Target>();
  const rets = new Map<number, Leaf>();
  const keyOf = (t: Target): string => (t.kind === 'ret' ? `r${t.k}` : `n${t.id}`);
  const resolve = (t: Target): Target => {
    if (t.kind === 'ret') {
      const r = rets.get(t.k);
      if (r) return r;
      rets.set(t.k, t);
      return t;
    }
    return canon.get(t) ?? t;
  };
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    n.jt = resolve(n.jt);
    n.jf = resolve(n.jf);
    if (n.code !== -1 && n.jt === n.jf && !hasSideEffects(n)) {
      canon.set(n, n.jt);
      continue;
    }
    if (n.code === -1 && n.stmts.length === 0) {
      canon.set(n, n.jt);
      continue;
    }
    const k = `${stmtsKey(n.stmts)}|${n.code}|${n.k}|${keyOf(n.jt)}|${n.code === -1 ? '' : keyOf(n.jf)}`;
    const found = byKey.get(k);
    if (found) canon.set(n, found);
    else byKey.set(k, n);
  }
  return resolve(root);
}

/** Drops loads whose value the register already holds on every incoming path. */
function eliminateRedundantLoads(root: Node): void {
  const { order, preds } = analyse(root);
  const exit = new Map<Node, RegState>();
  for (const n of order) {
    const ps = preds.get(n)!;
    const s =
      ps.length === 0
        ? initialState()
        : meet(
            ps.map(([p]) => exit.get(p)!),
            n.id,
          );
    const entryA = s.a;
    const kept: Instruction[] = [];
    for (const ins of n.stmts) {
      const cls = bpfClass(ins.code);
      const before =
        cls === BPF_LD || (cls === BPF_MISC && bpfMiscOp(ins.code) !== BPF_TAX)
          ? s.a
          : cls === BPF_LDX || cls === BPF_MISC
            ? s.x
            : undefined;
      const memBefore = cls === BPF_ST || cls === BPF_STX ? s.m[ins.k] : undefined;
      step(s, ins);
      if (before !== undefined) {
        const after = cls === BPF_LD || (cls === BPF_MISC && bpfMiscOp(ins.code) !== BPF_TAX) ? s.a : s.x;
        if (after === before && !after.startsWith('?')) continue;
      }
      if (memBefore !== undefined && memBefore === s.m[ins.k] && !memBefore.startsWith('?')) continue;
      kept.push(ins);
    }
    // A block that only recomputes the value A already holds (`ld [4]; and #m` again) is dropped
    // whole, even though its first load alone differs.
    const onlyA = kept.every((ins) => bpfClass(ins.code) === BPF_LD || bpfClass(ins.code) === 0x04);
    n.stmts = onlyA && s.a === entryA && !entryA.startsWith('?') ? [] : kept;
    exit.set(n, s);
  }
}

// Register liveness: bit 0 = A, bit 1 = X, bits 2..17 = M[0..15].
const A = 1;
const X = 2;
const M = (i: number) => 1 << (2 + i);

function useDef(ins: Instruction): { use: number; def: number } {
  const c = ins.code;
  switch (bpfClass(c)) {
    case BPF_LD:
      return { use: (bpfMode(c) === 0x40 ? X : 0) | (bpfMode(c) === BPF_MEM ? M(ins.k) : 0), def: A };
    case BPF_LDX:
      return { use: bpfMode(c) === BPF_MEM ? M(ins.k) : 0, def: X };
    case BPF_ST:
      return { use: A, def: M(ins.k) };
    case BPF_STX:
      return { use: X, def: M(ins.k) };
    case 0x04:
      return { use: A | (bpfSrc(c) === BPF_X ? X : 0), def: A };
    case BPF_MISC:
      return bpfMiscOp(c) === BPF_TAX ? { use: A, def: X } : { use: X, def: A };
    default:
      return { use: 0, def: 0 };
  }
}

/** Removes statements whose results are never read (libpcap's dead-store elimination). */
function eliminateDeadCode(root: Node): void {
  const order = topoOrder(root);
  const liveIn = new Map<Node, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    let live = 0;
    for (const t of [n.jt, n.jf]) if (t.kind === 'node') live |= liveIn.get(t)!;
    if (n.code !== -1) live |= A | (bpfSrc(n.code) === BPF_X ? X : 0);
    const kept: Instruction[] = [];
    for (let j = n.stmts.length - 1; j >= 0; j--) {
      const ins = n.stmts[j]!;
      const { use, def } = useDef(ins);
      if (def !== 0 && (def & live) === 0) continue;
      live = (live & ~def) | use;
      kept.push(ins);
    }
    n.stmts = kept.reverse();
    liveIn.set(n, live);
  }
}

/** Skips leading tests whose outcome is known without any facts (constant comparisons). */
function foldRoot(root: Target): Target {
  while (root.kind === 'node' && !hasSideEffects(root)) {
    const s = initialState();
    for (const ins of root.stmts) step(s, ins);
    const k = bpfSrc(root.code) === BPF_X ? constOf(s.x) : root.k;
    if (k === undefined) break;
    const d = decide(null, s.a, bpfOp(root.code), k);
    if (d === undefined) break;
    root = d ? root.jt : root.jf;
  }
  return root;
}

/** Unconditional blocks left without statements (dead stores removed) are jumped over. */
function skipEmpty(root: Target): Target {
  const through = (t: Target): Target => {
    while (t.kind === 'node' && t.code === -1 && t.stmts.length === 0) t = t.jt;
    return t;
  };
  root = through(root);
  if (root.kind === 'node') {
    for (const n of topoOrder(root)) {
      n.jt = through(n.jt);
      n.jf = through(n.jf);
    }
  }
  return root;
}

export function optimize(root: Target): Target {
  resetValueNames();
  for (let i = 0; i < 30 && root.kind === 'node'; i++) {
    const changed = thread(root);
    root = foldRoot(canonicalise(root));
    if (!changed) break;
  }
  if (root.kind === 'node') {
    eliminateRedundantLoads(root);
    eliminateDeadCode(root);
    root = skipEmpty(root);
  }
  return root;
}
