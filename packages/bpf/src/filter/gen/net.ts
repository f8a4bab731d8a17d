// IPv4/IPv6/ARP generators: protocol tests, host and network matches, transport ports.
import { and, type Bool, not, or, test } from '../ir.js';
import { IPPROTO } from '../names.js';
import type { GenContext } from './context.js';
import { ETHERTYPE, eq, load } from './link.js';

export type Dir = 'src' | 'dst' | 'src or dst' | 'src and dst';

export const ipTest = (g: GenContext): Bool => g.linkType(ETHERTYPE.IP);
export const ip6Test = (g: GenContext): Bool => g.linkType(ETHERTYPE.IPV6);

/** `ip proto p`: the IPv4 protocol field. */
export const ipProto = (g: GenContext, p: number): Bool => and(ipTest(g), eq(g.nl, 9, 1, p));
/** `ip6 proto p`: the IPv6 next-header field (no extension-header walk, like libpcap). */
export const ip6Proto = (g: GenContext, p: number): Bool =>
  and(
    ip6Test(g),
    p === IPPROTO.FRAGMENT
      ? eq(g.nl, 6, 1, p)
      : // Also look behind one fragment header, as current libpcap does.
        or(eq(g.nl, 6, 1, p), and(eq(g.nl, 6, 1, IPPROTO.FRAGMENT), eq(g.nl, 40, 1, p))),
  );

/** Not a non-first fragment (so transport headers are present). */
export const notFragment = (g: GenContext): Bool => not(test(load(g.nl, 6, 2), 'jset', 0x1fff));

export function dirCombine(dir: Dir, src: () => Bool, dst: () => Bool): Bool {
  switch (dir) {
    case 'src':
      return src();
    case 'dst':
      return dst();
    case 'src and dst':
      return and(src(), dst());
    default:
      return or(src(), dst());
  }
}

/** IPv4 address (with mask) at the source/destination of the IPv4 header. */
export function ipHost(g: GenContext, addr: number, mask: number, dir: Dir): Bool {
  const one = (rel: number) => (mask === 0 ? and() : eq(g.nl, rel, 4, (addr & mask) >>> 0, mask));
  return and(
    ipTest(g),
    dirCombine(
      dir,
      () => one(12),
      () => one(16),
    ),
  );
}

/** ARP/RARP sender/target protocol address. */
export function arpHost(g: GenContext, ethertype: number, addr: number, mask: number, dir: Dir): Bool {
  const one = (rel: number) => (mask === 0 ? and() : eq(g.nl, rel, 4, (addr & mask) >>> 0, mask));
  return and(
    g.linkType(ethertype),
    dirCombine(
      dir,
      () => one(14),
      () => one(24),
    ),
  );
}

/** IPv6 address/prefix at source (8) or destination (24). */
export function ip6Host(g: GenContext, addr: Uint8Array, prefix: number, dir: Dir): Bool {
  const one = (rel: number): Bool => {
    const tests: Bool[] = [];
    for (let w = 0; w < 4; w++) {
      const bits = Math.max(0, Math.min(32, prefix - w * 32));
      if (bits === 0) continue;
      const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
      const v =
        ((addr[w * 4]! << 24) | (addr[w * 4 + 1]! << 16) | (addr[w * 4 + 2]! << 8) | addr[w * 4 + 3]!) >>> 0;
      tests.push(eq(g.nl, rel + w * 4, 4, (v & mask) >>> 0, mask));
    }
    return and(...tests);
  };
  return and(
    ip6Test(g),
    dirCombine(
      dir,
      () => one(8),
      () => one(24),
    ),
  );
}

/** Port selector protocols: a given one, or any of TCP/UDP/SCTP. */
const portProtos = (p: number | undefined): number[] =>
  p === undefined ? [IPPROTO.TCP, IPPROTO.UDP, IPPROTO.SCTP] : [p];

function protoSel(g: GenContext, rel: number, protos: number[]): Bool {
  return or(...protos.map((p) => eq(g.nl, rel, 1, p)));
}

/** `port` / `portrange` over IPv4 (first fragments) and IPv6. */
export function portTest(g: GenContext, proto: number | undefined, dir: Dir, lo: number, hi: number): Bool {
  const protos = portProtos(proto);
  const range = (load: () => ReturnType<GenContext['transportLoad']>): Bool =>
    lo === hi ? test(load(), 'jeq', lo) : and(test(load(), 'jge', lo), not(test(load(), 'jgt', hi)));
  const v4 = and(
    ipTest(g),
    protoSel(g, 9, protos),
    notFragment(g),
    dirCombine(
      dir,
      () => range(() => g.transportLoad(0, 2)),
      () => range(() => g.transportLoad(2, 2)),
    ),
  );
  const v6 = and(
    ip6Test(g),
    protoSel(g, 6, protos),
    dirCombine(
      dir,
      () => range(() => g.ip6PayloadLoad(0, 2)),
      () => range(() => g.ip6PayloadLoad(2, 2)),
    ),
  );
  return or(v6, v4);
}

/** `proto p` without a protocol qualifier: IPv4 or IPv6. */
export function anyIpProto(g: GenContext, p: number): Bool {
  return or(ipProto(g, p), ip6Proto(g, p));
}
