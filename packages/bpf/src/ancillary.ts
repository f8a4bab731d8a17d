// Linux ancillary loads (SKF_AD_*): an ABS load at SKF_AD_OFF + n reads socket-buffer metadata.
// Userland has no socket buffer, so the caller supplies the metadata as a context object.
import {
  SKF_AD_ALU_XOR_X,
  SKF_AD_CPU,
  SKF_AD_HATYPE,
  SKF_AD_IFINDEX,
  SKF_AD_MARK,
  SKF_AD_NLATTR,
  SKF_AD_NLATTR_NEST,
  SKF_AD_PAY_OFFSET,
  SKF_AD_PKTTYPE,
  SKF_AD_PROTOCOL,
  SKF_AD_QUEUE,
  SKF_AD_RANDOM,
  SKF_AD_RXHASH,
  SKF_AD_VLAN_TAG,
  SKF_AD_VLAN_TAG_PRESENT,
  SKF_AD_VLAN_TPID,
} from './opcodes.js';

/**
 * Socket-buffer metadata for Linux ancillary loads. Fields are read on every run, so one object can be
 * updated per packet. Missing fields read as 0, as for a socket buffer without that metadata.
 */
export interface AncillaryContext {
  /** skb->protocol as a host number (e.g. 0x0800), SKF_AD_PROTOCOL. */
  protocol?: number;
  /** skb->pkt_type (PACKET_HOST 0, BROADCAST 1, MULTICAST 2, OTHERHOST 3, OUTGOING 4), SKF_AD_PKTTYPE. */
  pktType?: number;
  ifindex?: number;
  mark?: number;
  /** skb->queue_mapping. */
  queue?: number;
  /** The device's ARPHRD_* type. */
  hatype?: number;
  rxhash?: number;
  cpu?: number;
  /** VLAN TCI of an offloaded tag. */
  vlanTag?: number;
  vlanTagPresent?: boolean;
  /** The offloaded tag's TPID (0x8100, 0x88a8). */
  vlanTpid?: number;
  /** Payload offset (the kernel's flow-dissector result), SKF_AD_PAY_OFFSET. */
  payloadOffset?: number;
  /** Source of SKF_AD_RANDOM; defaults to Math.random scaled to 32 bits. */
  random?: () => number;
  /** Offset in the packet of the network header, for SKF_NET_OFF loads (absent: such loads fail). */
  networkOffset?: number;
  /** Offset in the packet of the link-layer header, for SKF_LL_OFF loads (absent: such loads fail). */
  linkOffset?: number;
}

/** One ancillary field: its SKF_AD_* index and the name used by bpf_asm and tcpdump -d. */
export interface AncillaryField {
  readonly index: number;
  /** tcpdump -d / libpcap bpf_image operand name, e.g. `[vlanp]`. */
  readonly listingName: string;
  /** Linux bpf_asm extension keyword, e.g. `vlan_avail`. */
  readonly asmName: string;
}

export const ANCILLARY_FIELDS: readonly AncillaryField[] = [
  { index: SKF_AD_PROTOCOL, listingName: 'proto', asmName: 'proto' },
  { index: SKF_AD_PKTTYPE, listingName: 'type', asmName: 'type' },
  { index: SKF_AD_IFINDEX, listingName: 'ifidx', asmName: 'ifidx' },
  { index: SKF_AD_NLATTR, listingName: 'nla', asmName: 'nla' },
  { index: SKF_AD_NLATTR_NEST, listingName: 'nlan', asmName: 'nlan' },
  { index: SKF_AD_MARK, listingName: 'mark', asmName: 'mark' },
  { index: SKF_AD_QUEUE, listingName: 'queue', asmName: 'queue' },
  { index: SKF_AD_HATYPE, listingName: 'hatype', asmName: 'hatype' },
  { index: SKF_AD_RXHASH, listingName: 'rxhash', asmName: 'rxhash' },
  { index: SKF_AD_CPU, listingName: 'cpu', asmName: 'cpu' },
  { index: SKF_AD_ALU_XOR_X, listingName: 'xor_x', asmName: 'xor_x' },
  { index: SKF_AD_VLAN_TAG, listingName: 'vlan_tci', asmName: 'vlan_tci' },
  { index: SKF_AD_VLAN_TAG_PRESENT, listingName: 'vlanp', asmName: 'vlan_avail' },
  { index: SKF_AD_PAY_OFFSET, listingName: 'poff', asmName: 'poff' },
  { index: SKF_AD_RANDOM, listingName: 'random', asmName: 'rand' },
  { index: SKF_AD_VLAN_TPID, listingName: 'vlan_tpid', asmName: 'vlan_tpid' },
];

const SKF_AD_BASE = 0xfffff000;

/** The ancillary field an ABS load with this (unsigned) k reads, if it is one the kernel knows. */
export function ancillaryFieldOf(k: number): AncillaryField | undefined {
  if (k < SKF_AD_BASE) return undefined;
  const index = k - SKF_AD_BASE;
  return ANCILLARY_FIELDS.find((f) => f.index === index);
}

/** The unsigned k that loads ancillary field `index`. */
export const ancillaryK = (index: number): number => (SKF_AD_BASE + index) >>> 0;

const defaultRandom = (): number => (Math.random() * 0x100000000) >>> 0;

/** Finds netlink attribute `type` in [start, end) like the kernel's nla_find (host order: little-endian). */
function nlaFind(p: Uint8Array, o: number, start: number, end: number, type: number): number {
  let pos = start;
  while (end - pos >= 4) {
    const len = p[o + pos]! | (p[o + pos + 1]! << 8);
    if (len < 4 || len > end - pos) return 0;
    const t = (p[o + pos + 2]! | (p[o + pos + 3]! << 8)) & 0x3fff;
    if (t === type) return pos;
    pos += (len + 3) & ~3;
  }
  return 0;
}

/**
 * Reads ancillary field `index` like the kernel's classic-BPF conversion does. `a`/`x` are the registers
 * (the netlink lookups and ALU_XOR_X use them); the packet is p[o, o + len). Returns an unsigned 32-bit value.
 */
export function readAncillary(
  ctx: AncillaryContext,
  index: number,
  p: Uint8Array,
  o: number,
  len: number,
  a: number,
  x: number,
): number {
  switch (index) {
    case SKF_AD_PROTOCOL:
      return (ctx.protocol ?? 0) & 0xffff;
    case SKF_AD_PKTTYPE:
      return (ctx.pktType ?? 0) & 7;
    case SKF_AD_IFINDEX:
      return (ctx.ifindex ?? 0) >>> 0;
    case SKF_AD_MARK:
      return (ctx.mark ?? 0) >>> 0;
    case SKF_AD_QUEUE:
      return (ctx.queue ?? 0) & 0xffff;
    case SKF_AD_HATYPE:
      return (ctx.hatype ?? 0) & 0xffff;
    case SKF_AD_RXHASH:
      return (ctx.rxhash ?? 0) >>> 0;
    case SKF_AD_CPU:
      return (ctx.cpu ?? 0) >>> 0;
    case SKF_AD_ALU_XOR_X:
      return (a ^ x) >>> 0;
    case SKF_AD_VLAN_TAG:
      return (ctx.vlanTag ?? 0) & 0xffff;
    case SKF_AD_VLAN_TAG_PRESENT:
      return ctx.vlanTagPresent ? 1 : 0;
    case SKF_AD_VLAN_TPID:
      return (ctx.vlanTpid ?? 0) & 0xffff;
    case SKF_AD_PAY_OFFSET:
      return (ctx.payloadOffset ?? 0) >>> 0;
    case SKF_AD_RANDOM:
      return (ctx.random ?? defaultRandom)() >>> 0;
    case SKF_AD_NLATTR: {
      // __skb_get_nlattr: A is the offset of the attribute stream, X the attribute type.
      if (len < 4 || a > len - 4) return 0;
      return nlaFind(p, o, a, len, x);
    }
    case SKF_AD_NLATTR_NEST: {
      if (len < 4 || a > len - 4) return 0;
      const outer = p[o + a]! | (p[o + a + 1]! << 8);
      if (outer > len - a) return 0;
      if (outer < 4) return 0;
      return nlaFind(p, o, a + 4, a + outer, x);
    }
    default:
      return 0;
  }
}
