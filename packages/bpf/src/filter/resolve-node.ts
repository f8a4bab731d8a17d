// Node-only: host names resolved with the system resolver (getaddrinfo through node:dns), then a
// normal synchronous compile. Not imported by the package entry, so the main build stays
// browser-safe; expose it as a subpath (e.g. `@pktkit/bpf/node`).
import type { Instruction } from '../instruction.js';
import type { Expr } from './ast.js';
import { type CompileOptions, compileFilter, type HostAddresses } from './index.js';
import { parseFilter } from './parser.js';

interface LookupAddress {
  address: string;
  family: number;
}
interface DnsPromises {
  lookup(hostname: string, options: { all: true }): Promise<LookupAddress[]>;
}

/** Names in host/gateway positions (the only ones the system resolver answers for). */
export function hostNames(e: Expr, out = new Set<string>()): Set<string> {
  switch (e.k) {
    case 'and':
    case 'or':
      hostNames(e.a, out);
      hostNames(e.b, out);
      break;
    case 'not':
      hostNames(e.a, out);
      break;
    case 'prim':
      if (e.id.kind === 'id' && (e.q.addr === undefined || e.q.addr === 'host' || e.q.addr === 'gateway'))
        out.add(e.id.text);
      break;
    default:
  }
  return out;
}

/**
 * compileFilter with host names looked up by the operating system first. A caller-supplied
 * `resolve` still wins for the names it knows (e.g. Ethernet addresses for `gateway`).
 */
export async function compileFilterAsync(
  expression: string,
  options: CompileOptions = {},
): Promise<Instruction[]> {
  const specifier = 'node:dns/promises';
  const dns = (await import(/* @vite-ignore */ specifier)) as DnsPromises;
  const table = new Map<string, HostAddresses>();
  for (const name of hostNames(parseFilter(expression))) {
    if (options.resolve?.(name)) continue;
    try {
      const all = await dns.lookup(name, { all: true });
      table.set(name, {
        ipv4: all.filter((a) => a.family === 4).map((a) => a.address),
        ipv6: all.filter((a) => a.family === 6).map((a) => a.address),
      });
    } catch {
      // Unknown names are reported by the compiler with libpcap's message.
    }
  }
  const user = options.resolve;
  return compileFilter(expression, { ...options, resolve: (name) => user?.(name) ?? table.get(name) });
}
