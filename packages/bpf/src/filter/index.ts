// The pcap-filter expression compiler (issue 5). Public entry: compileFilter.
import type { Instruction } from '../instruction.js';
import { parseIPv4Parts } from './addr.js';
import { dltName } from './dlt.js';
import { emit } from './emit.js';
import { FilterError } from './errors.js';
import { Compiler } from './gen/compile.js';
import { GenContext } from './gen/context.js';
import { type LinkInfo, linkFor, Scratch } from './gen/link.js';
import { lower, type Target } from './ir.js';
import { optimize } from './optimize.js';
import { parseFilter } from './parser.js';

export type { Arith, Expr, IdOperand, Qualifiers } from './ast.js';
export { DLT_BY_NAME, dltName } from './dlt.js';
export { FilterError } from './errors.js';
export { parseFilter } from './parser.js';

/** Addresses a host name stands for; `mac` is used by `ether host NAME` and `gateway`. */
export interface HostAddresses {
  readonly ipv4?: readonly string[];
  readonly ipv6?: readonly string[];
  readonly mac?: string;
}

/** Synchronous name lookup supplied by the caller (the compiler itself never touches the network). */
export type HostResolver = (name: string) => HostAddresses | undefined;

export interface CompileOptions {
  /** DLT number or name (`1`, `'EN10MB'`, `'DLT_EN10MB'`). Default EN10MB. */
  readonly linkType?: number | string;
  /** Returned for accepted packets. Default 262144, libpcap's default snapshot length. */
  readonly snaplen?: number;
  /** Run the optimizer (default true), like pcap_compile's `optimize` flag. */
  readonly optimize?: boolean;
  /** IPv4 netmask for `ip broadcast`, as a number or dotted string. */
  readonly netmask?: number | string;
  readonly resolve?: HostResolver;
  /**
   * How many extension headers `protochain` follows (default 128). libpcap loops with a backward
   * jump no kernel accepts; we unroll, so deeper chains cost program size.
   */
  readonly protochainDepth?: number;
}

/**
 * Compiles a pcap-filter(7) expression to a classic BPF program for the given link type.
 * Throws FilterError carrying libpcap's message (and a position where known).
 */
export function compileFilter(expression: string, options: CompileOptions = {}): Instruction[] {
  const dlt = dltName(options.linkType ?? 'EN10MB');
  const snaplen = options.snaplen ?? 262144;
  const netmask =
    options.netmask === undefined || options.netmask === 0xffffffff || options.netmask === '255.255.255.255'
      ? undefined
      : typeof options.netmask === 'number'
        ? options.netmask >>> 0
        : parseIPv4Parts(options.netmask).value;
  const ast = parseFilter(expression);
  if (ast.k === 'empty') return [{ code: 0x06, jt: 0, jf: 0, k: snaplen >>> 0 }];
  const scratch = new Scratch();
  const link = linkFor(dlt, scratch);
  const info: LinkInfo = link?.info ?? {
    family: 'none',
    name: dlt,
    linkType: undefined,
    linkPl: { k: 0 },
    linkHdr: { k: 0 },
    nl: 0,
    nlNoSnap: 0,
  };
  const ctx = new GenContext(
    dlt,
    info,
    { netmask, resolve: options.resolve, protochainDepth: options.protochainDepth ?? 128 },
    scratch,
  );
  const tree = new Compiler(ctx).expr(ast);
  const accept: Target = { kind: 'ret', k: snaplen >>> 0 };
  const reject: Target = { kind: 'ret', k: 0 };
  let root = lower(tree, accept, reject);
  if (root.kind === 'ret' && root.k === 0) throw new FilterError('expression rejects all packets');
  if (link?.prelude) root = link.prelude(root, registersRead(root));
  if (options.optimize !== false) root = optimize(root);
  if (root.kind === 'ret' && root.k === 0 && options.optimize !== false)
    throw new FilterError('expression rejects all packets');
  return emit(root);
}

/** Scratch registers the tests read before writing (those the link prelude must fill). */
function registersRead(root: Target): Set<number> {
  const used = new Set<number>();
  const seen = new Set<Target>();
  const stack: Target[] = [root];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (t.kind === 'ret' || seen.has(t)) continue;
    seen.add(t);
    const written = new Set<number>();
    for (const s of t.stmts) {
      if ((s.code === 0x61 || s.code === 0x60) && !written.has(s.k)) used.add(s.k);
      if (s.code === 0x02 || s.code === 0x03) written.add(s.k);
    }
    stack.push(t.jt, t.jf);
  }
  return used;
}
