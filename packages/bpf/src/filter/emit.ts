// Linearises the control-flow graph into a classic BPF program: blocks in an order where every
// jump goes forward, returns shared at the end, `ja` trampolines where an offset exceeds 255.
import type { Instruction } from '../instruction.js';
import { BPF_JA, BPF_JMP, BPF_K, BPF_RET } from '../opcodes.js';
import type { Node, Target } from './ir.js';

/** Nodes reachable from `root`, in an order where every edge goes forward. */
export function topoOrder(root: Target): Node[] {
  const order: Node[] = [];
  const state = new Map<Node, number>();
  // Iterative post-order DFS; visiting jf before jt places the true branch right after a node,
  // which is the layout libpcap produces and keeps offsets short.
  const stack: [Node, number][] = [];
  if (root.kind === 'node') stack.push([root, 0]);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [n, phase] = top;
    if (phase === 0) {
      if (state.has(n)) {
        stack.pop();
        continue;
      }
      state.set(n, 1);
      top[1] = 1;
      if (n.jf.kind === 'node' && !state.has(n.jf)) stack.push([n.jf, 0]);
    } else if (phase === 1) {
      top[1] = 2;
      if (n.code !== -1 || n.jt !== n.jf) {
        if (n.jt.kind === 'node' && !state.has(n.jt)) stack.push([n.jt, 0]);
      } else if (n.jt.kind === 'node' && !state.has(n.jt)) stack.push([n.jt, 0]);
    } else {
      stack.pop();
      state.set(n, 2);
      order.push(n);
    }
  }
  return order.reverse();
}

export function emit(root: Target): Instruction[] {
  if (root.kind === 'ret') return [{ code: BPF_RET | BPF_K, jt: 0, jf: 0, k: root.k >>> 0 }];
  const nodes = topoOrder(root);
  const rets = new Map<number, number>();
  // Layout pass with trampolines: repeat until every offset fits.
  let far = new Set<string>();
  for (;;) {
    const start = new Map<Node, number>();
    let pc = 0;
    const sizeOf = (n: Node, next: Node | undefined): number => {
      let s = n.stmts.length;
      if (n.code === -1) s += n.jt === next ? 0 : 1;
      else s += 1 + (far.has(`${n.id}t`) ? 1 : 0) + (far.has(`${n.id}f`) ? 1 : 0);
      return s;
    };
    nodes.forEach((n, i) => {
      start.set(n, pc);
      pc += sizeOf(n, nodes[i + 1]);
    });
    rets.clear();
    const retList: number[] = [];
    const retPc = (k: number): number => {
      let idx = rets.get(k);
      if (idx === undefined) {
        idx = retList.length;
        retList.push(k);
        rets.set(k, idx);
      }
      return idx;
    };
    // Collect ret values in order of first reference so the layout is deterministic.
    for (const n of nodes) {
      for (const t of [n.jt, n.jf]) if (t.kind === 'ret') retPc(t.k);
    }
    const retBase = pc;
    const addr = (t: Target): number => (t.kind === 'ret' ? retBase + retPc(t.k) : start.get(t)!);
    const out: Instruction[] = [];
    let grew = false;
    nodes.forEach((n, i) => {
      out.push(...n.stmts);
      if (n.code === -1) {
        if (n.jt !== nodes[i + 1]) {
          out.push({ code: BPF_JMP | BPF_JA, jt: 0, jf: 0, k: addr(n.jt) - (out.length + 1) });
        }
        return;
      }
      const here = out.length;
      const ft = far.has(`${n.id}t`);
      const ff = far.has(`${n.id}f`);
      const after = here + 1;
      const tramp = after;
      let jt = ft ? 0 : addr(n.jt) - after;
      let jf = ff ? (ft ? 1 : 0) : addr(n.jf) - after;
      if (!ft && jt > 255) {
        far.add(`${n.id}t`);
        grew = true;
      }
      if (!ff && jf > 255) {
        far.add(`${n.id}f`);
        grew = true;
      }
      jt = Math.min(jt, 255);
      jf = Math.min(jf, 255);
      out.push({ code: n.code, jt, jf, k: n.k >>> 0 });
      if (ft) out.push({ code: BPF_JMP | BPF_JA, jt: 0, jf: 0, k: addr(n.jt) - (tramp + 1) });
      if (ff) out.push({ code: BPF_JMP | BPF_JA, jt: 0, jf: 0, k: addr(n.jf) - (out.length + 1) });
    });
    if (grew) {
      far = new Set(far);
      continue;
    }
    for (const k of retList) out.push({ code: BPF_RET | BPF_K, jt: 0, jf: 0, k: k >>> 0 });
    return out;
  }
}
