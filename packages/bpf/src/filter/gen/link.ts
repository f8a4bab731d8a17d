// Link-layer knowledge per DLT: where the link header's protocol field and payload are, and how
// "the packet carries protocol P" is tested. Offsets may have a variable part held in a scratch
// register computed once at program start (802.11 header length, radiotap length).
import type { Instruction } from '../../instruction.js';
import {
  BPF_ADD,
  BPF_AND,
  BPF_IMM,
  BPF_JEQ,
  BPF_JMP,
  BPF_JSET,
  BPF_K,
  BPF_LDX,
  BPF_LSH,
  BPF_MISC,
  BPF_OR,
  BPF_TAX,
  BPF_TXA,
} from '../../opcodes.js';
import { fail } from '../errors.js';
import {
  alu,
  aluX,
  and,
  type Bool,
  FALSE,
  type JumpOp,
  ldAbs,
  ldImm,
  ldInd,
  ldMem,
  ldxMem,
  newNode,
  not,
  or,
  st,
  stmt,
  type Target,
  TRUE,
  test,
} from '../ir.js';

/** A packet offset: constant `k` plus, if `reg` is set, the value saved in scratch slot `reg`. */
export interface Off {
  readonly reg?: number;
  readonly k: number;
}
export const off = (k: number, reg?: number): Off => (reg === undefined ? { k } : { reg, k });
export const addOff = (o: Off, n: number): Off => off(o.k + n, o.reg);

export type Family =
  | 'ether'
  | 'llc'
  | 'sll'
  | 'sll2'
  | 'raw'
  | 'ipv4'
  | 'ipv6'
  | 'null'
  | 'loop'
  | 'ppp'
  | 'chdlc'
  | 'ipnet'
  | 'pflog'
  | 'wlan'
  | 'none';

export const ETHERTYPE = {
  IP: 0x0800,
  ARP: 0x0806,
  REVARP: 0x8035,
  IPV6: 0x86dd,
  VLAN: 0x8100,
  QINQ: 0x88a8,
  QINQ_OLD: 0x9100,
  MPLS: 0x8847,
  MPLS_MULTI: 0x8848,
  PPPOED: 0x8863,
  PPPOES: 0x8864,
  ATALK: 0x809b,
  AARP: 0x80f3,
  IPX: 0x8137,
  DN: 0x6003,
  LAT: 0x6004,
  SCA: 0x6007,
  MOPRC: 0x6002,
  MOPDL: 0x6001,
  NS: 0x0600,
} as const;
export const LLCSAP = { ISONS: 0xfe, IP: 0x06, NETBEUI: 0xf0, IPX: 0xe0, STP: 0x42, SNAP: 0xaa } as const;
const ETHERMTU = 1500;

/** Emits a load of `size` bytes at `o + rel`. */
export function load(o: Off, rel: number, size: number): Instruction[] {
  return o.reg === undefined ? [ldAbs(size, o.k + rel)] : [ldxMem(o.reg), ldInd(size, o.k + rel)];
}

/** `[o+rel:size] & mask op k` as a test leaf. */
export function cmp(o: Off, rel: number, size: number, op: JumpOp, k: number, mask?: number): Bool {
  const s = load(o, rel, size);
  if (mask !== undefined && mask !== (size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff)) {
    s.push(alu(BPF_AND, mask));
  }
  return test(s, op, k);
}
export const eq = (o: Off, rel: number, size: number, k: number, mask?: number): Bool =>
  cmp(o, rel, size, 'jeq', k, mask);

const PPP_TYPES: Record<number, number> = {
  [ETHERTYPE.IP]: 0x0021,
  [ETHERTYPE.IPV6]: 0x0057,
  [ETHERTYPE.DN]: 0x0027,
  [ETHERTYPE.ATALK]: 0x0029,
  [ETHERTYPE.NS]: 0x0025,
  [LLCSAP.IPX]: 0x002b,
  [LLCSAP.ISONS]: 0x0023,
  [LLCSAP.STP]: 0x0031,
  [ETHERTYPE.MPLS]: 0x0281,
  [ETHERTYPE.MPLS_MULTI]: 0x0283,
  2052: 0x0025,
};

export interface LinkInfo {
  family: Family;
  name: string;
  /** Where the link-layer protocol field is (undefined: none). */
  linkType: Off | undefined;
  /** Start of the link payload. */
  linkPl: Off;
  /** Start of the link header (for `link[...]`). */
  linkHdr: Off;
  /** Offset from linkPl to the network header for SNAP/Ethernet-II, and for plain 802.2 LLC. */
  nl: number;
  nlNoSnap: number;
  /** Set for 802.11: where the frame-control field is (radiotap length may precede it). */
  wlanHdr?: Off;
  /** Destination and source MAC addresses, for link layers that have them. */
  macDst?: Off;
  macSrc?: Off;
}

/** Allocates scratch slots; slots used by the prelude are never reused. */
export class Scratch {
  private used = new Set<number>();
  alloc(): number {
    for (let i = 0; i < 16; i++) {
      if (!this.used.has(i)) {
        this.used.add(i);
        return i;
      }
    }
    return fail('too many registers needed to evaluate expression');
  }
  reserve(slot: number): void {
    this.used.add(slot);
  }
  free(slot: number): void {
    this.used.delete(slot);
  }
}

/**
 * Builds the initial link-layer description for a DLT, plus a prelude (program head) that fills
 * the registers variable offsets use; `undefined` for DLTs whose layout we don't model.
 */
export interface Link {
  info: LinkInfo;
  /** Builds the program head that fills the registers in `used` (variable offsets). */
  prelude?: (next: Target, used: ReadonlySet<number>) => Target;
}

export function linkFor(dlt: string, scratch: Scratch): Link | undefined {
  const base = (family: Family, lt: number | undefined, pl: number, nl = 0, nlNoSnap = 0): LinkInfo => ({
    family,
    name: dlt,
    linkType: lt === undefined ? undefined : off(lt),
    linkPl: off(pl),
    linkHdr: off(0),
    nl,
    nlNoSnap,
  });
  const ether = (hdr: number, tag = 0): Link => ({
    info: {
      ...base('ether', hdr + 12 + tag, hdr + 14 + tag, 0, 3),
      linkHdr: off(hdr),
      macDst: off(hdr),
      macSrc: off(hdr + 6),
    },
  });
  // LLC/SNAP-framed link layers: the EtherType sits in the SNAP header, 6 bytes into the payload.
  const llc = (pl: number, dst?: number, src?: number): Link => ({
    info: {
      ...base('llc', pl + 6, pl, 8, 3),
      ...(dst !== undefined ? { macDst: off(dst) } : {}),
      ...(src !== undefined ? { macSrc: off(src) } : {}),
    },
  });
  switch (dlt) {
    case 'EN10MB':
      return ether(0);
    case 'NETANALYZER':
      return ether(4);
    case 'NETANALYZER_TRANSPARENT':
      return ether(12);
    case 'DSA_TAG_BRCM':
    case 'DSA_TAG_DSA':
      return ether(0, 4);
    case 'FDDI':
      return llc(13, 1, 7);
    case 'IEEE802':
      return llc(14, 2, 8);
    case 'IP_OVER_FC':
      return llc(16, 2, 10);
    case 'ATM_RFC1483':
    case 'ATM_CLIP':
      return llc(0);
    case 'PPP_BSDOS':
      return { info: base('ppp', 5, 24) };
    case 'PPP_ETHER':
      return { info: base('ppp', 6, 8) };
    case 'PPP_PPPD':
      return { info: base('ppp', 2, 4) };
    case 'C_HDLC':
      return { info: base('chdlc', 2, 4) };
    case 'SYMANTEC_FIREWALL':
      return { info: base('chdlc', 6, 44) };
    case 'APPLE_IP_OVER_IEEE1394':
      return { info: base('chdlc', 16, 18) };
    case 'IPNET':
      return { info: base('ipnet', 1, 24) };
    case 'PFLOG': {
      // The header length is in its first byte, padded to 4 bytes.
      const reg = scratch.alloc();
      return {
        info: { ...base('pflog', 1, 0), linkPl: off(0, reg) },
        prelude: (next, used) =>
          used.has(reg)
            ? newNode([ldAbs(1, 0), alu(BPF_ADD, 3), alu(BPF_AND, 0xfffffffc), st(reg)], -1, 0, next, next)
            : next,
      };
    }
    case 'LINUX_SLL':
      return { info: base('sll', 14, 16, 0, 3) };
    case 'LINUX_SLL2':
      return { info: base('sll2', 0, 20, 0, 3) };
    case 'RAW':
      return { info: base('raw', undefined, 0) };
    case 'IPV4':
      return { info: base('ipv4', undefined, 0) };
    case 'IPV6':
      return { info: base('ipv6', undefined, 0) };
    case 'NULL':
      return { info: base('null', 0, 4) };
    case 'LOOP':
      return { info: base('loop', 0, 4) };
    case 'PPP':
    case 'PPP_SERIAL':
      return { info: base('ppp', 2, 4) };
    case 'IEEE802_11':
      return wlan(dlt, scratch, 'none');
    case 'IEEE802_11_RADIO':
      return wlan(dlt, scratch, 'radiotap');
    case 'IEEE802_11_RADIO_AVS':
      return wlan(dlt, scratch, 'avs');
    case 'PRISM_HEADER':
      return wlan(dlt, scratch, 'prism');
    default:
      return undefined;
  }
}

/**
 * 802.11 (optionally behind radiotap): the data header is 24 bytes, +2 for QoS data frames,
 * padded to 4 bytes when radiotap says the driver padded it; the payload starts with LLC/SNAP.
 */
type Prefix = 'none' | 'radiotap' | 'avs' | 'prism';

/**
 * Computes the length of the capture header before the 802.11 frame into `reg`, then continues
 * at `next`: radiotap (little-endian length at 2), AVS (big-endian length at 4), Prism (fixed
 * 144 bytes unless the header is actually AVS, recognised by its magic).
 */
function prefixLength(prefix: Prefix, reg: number, next: Target, keepInX: boolean): Target {
  const tail = keepInX ? [st(reg), stmt(BPF_MISC | BPF_TAX)] : [st(reg)];
  if (prefix === 'radiotap') {
    return newNode(
      [ldAbs(1, 3), alu(BPF_LSH, 8), stmt(BPF_MISC | BPF_TAX), ldAbs(1, 2), aluX(BPF_OR), ...tail],
      -1,
      0,
      next,
      next,
    );
  }
  if (prefix === 'avs') return newNode([ldAbs(4, 4), ...tail], -1, 0, next, next);
  const join = newNode(tail, -1, 0, next, next);
  const avs = newNode([ldAbs(4, 4)], -1, 0, join, join);
  const fixed = newNode([ldImm(144)], -1, 0, join, join);
  return newNode([ldAbs(4, 0), alu(BPF_AND, 0xfffff000)], BPF_JMP | BPF_JEQ | BPF_K, 0x80211000, avs, fixed);
}

function wlan(dlt: string, scratch: Scratch, prefix: Prefix): Link {
  const radiotap = prefix === 'radiotap';
  const rtReg = prefix !== 'none' ? scratch.alloc() : undefined;
  const plReg = scratch.alloc();
  const hdr: Off = rtReg === undefined ? off(0) : off(0, rtReg);
  const info: LinkInfo = {
    family: 'wlan',
    name: dlt,
    linkType: off(6, plReg),
    linkPl: off(0, plReg),
    linkHdr: hdr,
    nl: 8,
    nlNoSnap: 3,
    wlanHdr: hdr,
  };
  const JSET = BPF_JMP | BPF_JSET | BPF_K;
  const prelude = (next: Target, used: ReadonlySet<number>): Target => {
    if (!used.has(plReg)) {
      // Only the radiotap length is needed (link[...] or 802.11 header fields).
      if (rtReg === undefined || !used.has(rtReg)) return next;
      return prefixLength(prefix, rtReg, next, false);
    }
    let pad: Target = next;
    if (radiotap) {
      // Radiotap flags field: present when bit 1 of it_present is set and no extended bitmap;
      // it follows the 8-byte TSFT when that is present. Flag 0x20 = frame padded to 32 bits.
      const align = newNode(
        [ldMem(plReg), alu(BPF_ADD, 3), alu(BPF_AND, 0xfffffffc), st(plReg)],
        -1,
        0,
        next,
        next,
      );
      const f16 = newNode([ldAbs(1, 16)], JSET, 0x20, align, next);
      const f8 = newNode([ldAbs(1, 8)], JSET, 0x20, align, next);
      const tsft = newNode([], JSET, 0x1000000, f16, f8);
      const ext = newNode([], JSET, 0x80, next, tsft);
      pad = newNode([ldAbs(4, 4)], JSET, 0x2000000, ext, next);
    }
    const qosAdd = newNode([ldMem(plReg), alu(BPF_ADD, 2), st(plReg)], -1, 0, pad, pad);
    const qos = newNode([], JSET, 0x80, qosAdd, pad);
    const notCtl = newNode([], JSET, 0x4, next, qos);
    const head: Instruction[] = rtReg === undefined ? [stmt(BPF_LDX | BPF_IMM, 0)] : [];
    head.push(stmt(BPF_MISC | BPF_TXA), alu(BPF_ADD, 24), st(plReg), ldInd(1, 0));
    const frame = newNode(head, JSET, 0x8, notCtl, next);
    return rtReg === undefined ? frame : prefixLength(prefix, rtReg, frame, true);
  };
  return { info, prelude };
}

/** 802.11 data-frame check (type bits == data), which every payload test on 802.11 needs. */
export function wlanIsData(info: LinkInfo): Bool {
  return eq(info.wlanHdr ?? off(0), 0, 1, 0x08, 0x0c);
}

/**
 * "The link payload is protocol `proto`": an EtherType (> 1500) or an 802.2 SAP (≤ 1500).
 * Mirrors gen_linktype for the families we model.
 */
export function linkTypeTest(info: LinkInfo, proto: number, dltFamily: Family): Bool {
  const lt = info.linkType;
  switch (info.family) {
    case 'ether':
      return etherLinkType(lt!, info.linkPl, proto);
    case 'sll':
    case 'sll2':
      return sllLinkType(lt!, info.linkPl, proto);
    case 'raw':
      if (proto === ETHERTYPE.IP) return eq(off(0), 0, 1, 0x40, 0xf0);
      if (proto === ETHERTYPE.IPV6) return eq(off(0), 0, 1, 0x60, 0xf0);
      return FALSE;
    case 'ipv4':
      return proto === ETHERTYPE.IP ? TRUE : FALSE;
    case 'ipv6':
      return proto === ETHERTYPE.IPV6 ? TRUE : FALSE;
    case 'null':
    case 'loop': {
      // The address family as this (Linux, little-endian) host writes it: DLT_NULL's is in host
      // byte order, so the big-endian load sees it swapped; DLT_LOOP's is in network order.
      const af = proto === ETHERTYPE.IP ? 2 : proto === ETHERTYPE.IPV6 ? 10 : undefined;
      if (af === undefined) return FALSE;
      return eq(lt!, 0, 4, info.family === 'loop' ? af : swap32(af));
    }
    case 'ppp':
      return eq(lt!, 0, 2, PPP_TYPES[proto] ?? proto);
    case 'wlan':
      return and(wlanIsData(info), llcLinkType(info.linkPl, proto));
    case 'llc':
      return llcLinkType(info.linkPl, proto);
    case 'chdlc':
      return proto > ETHERMTU ? eq(lt!, 0, 2, proto) : FALSE;
    case 'ipnet':
      return proto === ETHERTYPE.IP ? eq(lt!, 0, 1, 2) : proto === ETHERTYPE.IPV6 ? eq(lt!, 0, 1, 26) : FALSE;
    case 'pflog':
      // Address family as this (Linux) host numbers it.
      return proto === ETHERTYPE.IP ? eq(lt!, 0, 1, 2) : proto === ETHERTYPE.IPV6 ? eq(lt!, 0, 1, 10) : FALSE;
    default:
      void dltFamily;
      return FALSE;
  }
}

const swap32 = (v: number): number =>
  (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | ((v >>> 24) & 0xff)) >>> 0;

function snap(pl: Off, oui: number, type: number): Bool {
  // AA AA 03 oui(3) type(2)
  return and(
    eq(pl, 4, 4, (((oui & 0xffff) << 16) | type) >>> 0),
    eq(pl, 0, 4, (0xaaaa0300 | (oui >>> 16)) >>> 0),
  );
}

/** Payload that starts with an 802.2 LLC header (802.3, 802.11, SLL's 802.2 case). */
function llcPayload(pl: Off, proto: number): Bool {
  switch (proto) {
    case LLCSAP.ISONS:
    case LLCSAP.IP:
    case LLCSAP.NETBEUI:
      return eq(pl, 0, 2, (proto << 8) | proto);
    case LLCSAP.IPX:
      return or(eq(pl, 0, 1, LLCSAP.IPX), snap(pl, 0, ETHERTYPE.IPX));
    case ETHERTYPE.ATALK:
      return snap(pl, 0x080007, ETHERTYPE.ATALK);
    case ETHERTYPE.AARP:
      return snap(pl, 0, ETHERTYPE.AARP);
    default:
      return proto <= ETHERMTU ? eq(pl, 0, 1, proto) : FALSE;
  }
}

function etherLinkType(lt: Off, pl: Off, proto: number): Bool {
  const isLlc = not(cmp(lt, 0, 2, 'jgt', ETHERMTU));
  switch (proto) {
    case LLCSAP.ISONS:
    case LLCSAP.IP:
    case LLCSAP.NETBEUI:
      return and(isLlc, llcPayload(pl, proto));
    case LLCSAP.IPX:
      return or(
        and(isLlc, or(eq(pl, 0, 1, LLCSAP.IPX), snap(pl, 0, ETHERTYPE.IPX), eq(pl, 0, 2, 0xffff))),
        eq(lt, 0, 2, ETHERTYPE.IPX),
      );
    case ETHERTYPE.ATALK:
    case ETHERTYPE.AARP:
      return or(and(isLlc, llcPayload(pl, proto)), eq(lt, 0, 2, proto));
    default:
      if (proto <= ETHERMTU) return and(isLlc, eq(pl, 0, 1, proto));
      return eq(lt, 0, 2, proto);
  }
}

function sllLinkType(lt: Off, pl: Off, proto: number): Bool {
  const is8022 = eq(lt, 0, 2, 0x0004);
  switch (proto) {
    case LLCSAP.ISONS:
    case LLCSAP.IP:
    case LLCSAP.NETBEUI:
      return and(is8022, llcPayload(pl, proto));
    case LLCSAP.IPX:
      return or(eq(lt, 0, 2, ETHERTYPE.IPX), eq(lt, 0, 2, 0x0001), and(is8022, llcPayload(pl, proto)));
    case ETHERTYPE.ATALK:
    case ETHERTYPE.AARP:
      return or(eq(lt, 0, 2, proto), and(is8022, llcPayload(pl, proto)));
    default:
      if (proto <= ETHERMTU) return and(is8022, eq(pl, 0, 1, proto));
      return eq(lt, 0, 2, proto);
  }
}

/** 802.11's payload is always LLC; EtherTypes are found in the SNAP header. */
function llcLinkType(pl: Off, proto: number): Bool {
  if (proto > ETHERMTU && proto !== ETHERTYPE.ATALK && proto !== ETHERTYPE.AARP) {
    return eq(pl, 6, 2, proto);
  }
  return llcPayload(pl, proto);
}

export { ldImm };
