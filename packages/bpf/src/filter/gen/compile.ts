// Walks the syntax tree in source order (so encapsulation keywords shift later tests, as in
// libpcap) and produces the boolean test tree, validating qualifiers with libpcap's messages.
import { BPF_LD, BPF_LEN, BPF_OR, BPF_W } from '../../opcodes.js';
import { parseIPv4Parts, parseIPv6, parseMac } from '../addr.js';
import type { Expr, IdOperand, Qualifiers } from '../ast.js';
import { fail, SYNTAX_ERROR } from '../errors.js';
import { alu, and, type Bool, FALSE, not, or, relTest, stmt, TRUE, test } from '../ir.js';
import { ETHERTYPES, IP_PROTOCOLS, IPPROTO, LLC_SAPS, lookupPort } from '../names.js';
import { relation } from './arith.js';
import { atmField, atmVc } from './atm.js';
import type { GenContext } from './context.js';
import { geneve, mpls, pppoed, pppoes, vlan, vxlan } from './encap.js';
import { ETHERTYPE, eq, LLCSAP, load } from './link.js';
import { mtp2Type, mtp3Field } from './mtp.js';
import {
  anyIpProto,
  arpHost,
  type Dir,
  ip6Host,
  ip6Proto,
  ip6Test,
  ipHost,
  ipProto,
  ipTest,
  portTest,
} from './net.js';
import { pflog } from './pflog.js';
import { protochain } from './protochain.js';
import { macAt, wlanDstTest, wlanFrame, wlanHost } from './wlan.js';

const WLAN_DLTS = new Set(['IEEE802_11', 'IEEE802_11_RADIO', 'IEEE802_11_RADIO_AVS', 'PRISM_HEADER', 'PPI']);
const WLAN_DIRS = new Set(['addr1', 'addr2', 'addr3', 'addr4', 'ra', 'ta']);

/** Protocols named by keyword, as EtherTypes/SAPs, for `pname` and `ether proto \name`. */
const LINK_PROTOS: Record<string, number> = {
  ip: ETHERTYPE.IP,
  ip6: ETHERTYPE.IPV6,
  arp: ETHERTYPE.ARP,
  rarp: ETHERTYPE.REVARP,
  atalk: ETHERTYPE.ATALK,
  aarp: ETHERTYPE.AARP,
  decnet: ETHERTYPE.DN,
  lat: ETHERTYPE.LAT,
  sca: ETHERTYPE.SCA,
  moprc: ETHERTYPE.MOPRC,
  mopdl: ETHERTYPE.MOPDL,
  stp: LLCSAP.STP,
  ipx: LLCSAP.IPX,
  netbeui: LLCSAP.NETBEUI,
  iso: LLCSAP.ISONS,
};
const IP_ONLY: Record<string, number> = {
  icmp: IPPROTO.ICMP,
  igmp: IPPROTO.IGMP,
  igrp: IPPROTO.IGRP,
  vrrp: IPPROTO.VRRP,
  carp: IPPROTO.VRRP,
};
const IP_ANY: Record<string, number> = {
  tcp: IPPROTO.TCP,
  udp: IPPROTO.UDP,
  sctp: IPPROTO.SCTP,
  pim: IPPROTO.PIM,
  ah: IPPROTO.AH,
  esp: IPPROTO.ESP,
};
const ISO_NLPID: Record<string, number> = { clnp: 0x81, esis: 0x82, isis: 0x83 };
const ISIS_PDUS: Record<string, number[]> = {
  l1: [0x1a, 0x18, 0x12, 0x0f, 0x11],
  l2: [0x1b, 0x19, 0x14, 0x10, 0x11],
  iih: [0x0f, 0x10, 0x11],
  lsp: [0x12, 0x14],
  snp: [0x1b, 0x1a, 0x18, 0x19],
  csnp: [0x18, 0x19],
  psnp: [0x1a, 0x1b],
};
const LLC_CONTROL: Record<string, [number, number]> = {
  ui: [0x03, 0xef],
  ua: [0x63, 0xef],
  disc: [0x43, 0xef],
  dm: [0x0f, 0xef],
  sabme: [0x6f, 0xef],
  test: [0xe3, 0xef],
  xid: [0xaf, 0xef],
  frmr: [0x87, 0xef],
  rr: [0x01, 0x0f],
  rnr: [0x05, 0x0f],
  rej: [0x09, 0x0f],
};

export class Compiler {
  private dirGiven = false;
  constructor(private readonly g: GenContext) {}

  expr(e: Expr): Bool {
    switch (e.k) {
      case 'empty':
        return TRUE;
      case 'and':
        return and(this.expr(e.a), this.expr(e.b));
      case 'or':
        return or(this.expr(e.a), this.expr(e.b));
      case 'not':
        return not(this.expr(e.a));
      case 'pname':
        return this.protoAbbrev(e.proto);
      case 'rel':
        return relation(this.g, e.op, e.l, e.r);
      case 'prim':
        return this.prim(e.q, e.id);
      case 'other':
        return this.other(e.name, e.proto, e.args);
    }
  }

  private protoAbbrev(p: string): Bool {
    const g = this.g;
    if (p === 'link') return fail("'link' cannot be used as an abbreviation");
    if (p === 'radio') return fail("'radio' cannot be used as an abbreviation");
    const lp = LINK_PROTOS[p];
    if (lp !== undefined) return g.linkType(lp);
    const ip = IP_ONLY[p];
    if (ip !== undefined) return ipProto(g, ip);
    const any = IP_ANY[p];
    if (any !== undefined) return anyIpProto(g, any);
    if (p === 'icmp6') return ip6Proto(g, IPPROTO.ICMPV6);
    const nlpid = ISO_NLPID[p];
    if (nlpid !== undefined) return this.isoProto(nlpid);
    const pdus = ISIS_PDUS[p];
    if (pdus !== undefined) {
      return and(this.isoProto(0x83), or(...pdus.map((t) => eq(g.nlNoSnap, 4, 1, t, 0x1f))));
    }
    return fail(`unknown protocol '${p}'`);
  }

  private isoProto(nlpid: number): Bool {
    if (nlpid > 255) fail(`ISO protocol ${nlpid} greater than maximum 255`);
    return and(this.g.linkType(LLCSAP.ISONS), eq(this.g.nlNoSnap, 0, 1, nlpid));
  }

  // ---- primitives with an operand ----

  private prim(q: Qualifiers, id: IdOperand): Bool {
    const g = this.g;
    const proto = q.proto;
    const dir = (q.dir ?? 'src or dst') as Dir | string;
    const addr = q.addr;
    if (WLAN_DIRS.has(dir) && (addr === 'port' || addr === 'portrange')) {
      fail(`'${dir}' is not a valid qualifier for '${addr}'`, id.pos);
    }
    if (WLAN_DIRS.has(dir) && (!WLAN_DLTS.has(g.dlt) || id.kind !== 'eid')) {
      fail(`'${dir}' is valid for 802.11 syntax only`, id.pos);
    }

    switch (addr) {
      case 'port':
      case 'portrange':
        return this.port(proto, dir as Dir, addr, id);
      case 'proto':
        return this.protoQual(proto, id);
      case 'protochain':
        return this.protoQual(proto, id, 'protochain');
      case 'gateway':
        this.dirGiven = q.dir !== undefined;
        return this.gateway(proto, dir, id);
      default:
        return this.hostOrNet(proto, dir, addr, id);
    }
  }

  private port(proto: string | undefined, dir: Dir, addr: string, id: IdOperand): Bool {
    if (id.kind === 'hid')
      fail(
        `'${addr}' qualifier applied to IPv4 address${id.prefix !== undefined ? ' and prefix length' : id.mask ? ' and netmask' : ''}`,
        id.pos,
      );
    if (id.kind === 'hid6')
      fail(
        `'${addr}' qualifier applied to IPv6 address${id.prefix !== undefined ? ' and prefix length' : ''}`,
        id.pos,
      );
    if (id.kind === 'eid' || id.kind === 'aid') fail('Ethernet address used in non-ether expression', id.pos);
    if (proto !== undefined && !['tcp', 'udp', 'sctp'].includes(proto)) {
      fail(`'${proto}' is not a valid qualifier for '${addr}'`, id.pos);
    }
    let ipproto =
      proto === 'tcp'
        ? IPPROTO.TCP
        : proto === 'udp'
          ? IPPROTO.UDP
          : proto === 'sctp'
            ? IPPROTO.SCTP
            : undefined;
    const one = (text: string, isNum: boolean, value: number): number => {
      if (isNum) {
        if (value > 65535) fail(`port number ${value} greater than maximum 65535`, id.pos);
        return value;
      }
      if (/^[0-9]+$/.test(text)) {
        const v = Number(text);
        if (v > 65535) fail(`port number ${v} greater than maximum 65535`, id.pos);
        return v;
      }
      const sp = lookupPort(text);
      if (!sp) fail(`unknown '${addr}' value '${text}'`, id.pos);
      if (ipproto === undefined && sp.proto !== 'any')
        ipproto = sp.proto === 'tcp' ? IPPROTO.TCP : IPPROTO.UDP;
      return sp.port;
    };
    let lo: number;
    let hi: number;
    if (id.kind === 'num') {
      lo = hi = one(id.text, true, id.value);
    } else if (addr === 'portrange' && id.text.includes('-')) {
      const m = /^([A-Za-z0-9_.]+|[^-]+)-(.+)$/.exec(id.text);
      if (!m) return fail(`unknown '${addr}' value '${id.text}'`, id.pos);
      lo = one(m[1]!, false, 0);
      hi = one(m[2]!, false, 0);
      if (lo > hi) [lo, hi] = [hi, lo];
    } else {
      lo = hi = one(id.text, false, 0);
    }
    return portTest(this.g, ipproto, dir, lo, hi);
  }

  private protoQual(proto: string | undefined, id: IdOperand, addr = 'proto'): Bool {
    const g = this.g;
    if (id.kind === 'hid')
      fail(
        `'${addr}' qualifier applied to IPv4 address${id.prefix !== undefined ? ' and prefix length' : id.mask ? ' and netmask' : ''}`,
        id.pos,
      );
    if (id.kind === 'hid6')
      fail(
        `'${addr}' qualifier applied to IPv6 address${id.prefix !== undefined ? ' and prefix length' : ''}`,
        id.pos,
      );
    if (proto === 'decnet') fail(`'decnet' is not a valid qualifier for '${addr}'`, id.pos);
    const isLink = proto === 'link';
    let v: number;
    if (id.kind === 'num') v = id.value;
    else if (id.kind === 'id') {
      const found = isLink
        ? (ETHERTYPES[id.text] ?? LLC_SAPS[id.text])
        : proto === 'iso'
          ? ISO_NLPID[id.text]
          : IP_PROTOCOLS[id.text];
      if (found === undefined)
        return fail(`unknown '${proto ? `${proto} ` : ''}${addr}' value '${id.text}'`, id.pos);
      v = found;
    } else return fail('Ethernet address used in non-ether expression', id.pos);
    if (addr === 'protochain') {
      if (proto !== undefined && proto !== 'ip' && proto !== 'ip6')
        fail(`'${proto}' is not a valid qualifier for 'protochain'`, id.pos);
      if (v > 255) fail(`protocol number ${v} greater than maximum 255`, id.pos);
      if (g.tunnel || g.info.linkPl.reg !== undefined)
        fail("'protochain' not supported with variable length headers", id.pos);
      return protochain(g, proto, v);
    }
    switch (proto) {
      case undefined:
        if (v > 255) fail(`protocol number ${v} greater than maximum 255`, id.pos);
        return anyIpProto(g, v);
      case 'ip':
        if (v > 255) fail(`protocol number ${v} greater than maximum 255`, id.pos);
        return ipProto(g, v);
      case 'ip6':
        if (v > 255) fail(`protocol number ${v} greater than maximum 255`, id.pos);
        return ip6Proto(g, v);
      case 'link':
        if (g.info.family === 'ppp' && v > 65535)
          fail(`PPP protocol ${v} greater than maximum 65535`, id.pos);
        if (g.dlt === 'C_HDLC' && v > 65535) fail(`HDLC protocol ${v} greater than maximum 65535`, id.pos);
        if (v > 65535) fail(`EtherType ${v} greater than maximum 65535`, id.pos);
        return this.linkProto(v, id);
      case 'iso':
        return this.isoProto(v);
      case 'isis':
        if (v > 255) fail(`ISIS PDU type ${v} greater than maximum 255`, id.pos);
        return and(this.isoProto(0x83), eq(g.nlNoSnap, 4, 1, v, 0x1f));
      default:
        return fail(`'${proto}' is not a valid qualifier for 'proto'`, id.pos);
    }
  }

  private linkProto(v: number, id: IdOperand): Bool {
    const g = this.g;
    if (
      (g.info.family === 'ether' ||
        g.info.family === 'llc' ||
        g.info.family === 'sll' ||
        g.info.family === 'sll2' ||
        g.info.family === 'wlan') &&
      v <= 1500 &&
      v > 255
    ) {
      fail(`LLC DSAP ${v} greater than maximum 255`, id.pos);
    }
    if (g.info.family === 'none') fail(`link-layer type filtering not implemented for DLT_${g.dlt}`, id.pos);
    return g.linkType(v);
  }

  private gateway(proto: string | undefined, dir: string, id: IdOperand): Bool {
    if (dir !== 'src or dst' || this.dirGiven) fail(SYNTAX_ERROR, id.pos);
    if (id.kind === 'eid') fail('Ethernet address used in non-ether expression', id.pos);
    if (id.kind !== 'id') {
      const shown =
        id.text + (id.prefix !== undefined ? `/${id.prefix}` : '') + (id.mask ? ` mask ${id.mask}` : '');
      fail(`'gateway' is not a valid qualifier for '${shown}'`, id.pos);
    }
    if (proto !== undefined && !['ip', 'arp', 'rarp'].includes(proto))
      fail(`'${proto}' is not a valid qualifier for 'gateway'`, id.pos);
    if (this.g.mplsDepth > 0) fail("'gateway' cannot be used within MPLS", id.pos);
    if (this.g.tunnel) fail("'gateway' cannot be used within VXLAN or Geneve", id.pos);
    if (!this.g.info.macDst && this.g.info.family !== 'wlan')
      fail(`'gateway' not supported on DLT_${this.g.pppoes ? 'PPP' : this.g.dlt}`, id.pos);
    const r = this.g.options.resolve?.(id.text);
    if (!r?.mac) fail(`unknown Ethernet-like host '${id.text}'`, id.pos);
    if (!r.ipv4?.length) fail(`unknown host '${id.text}'`, id.pos);
    const mac = parseMac(r.mac);
    const hosts = r.ipv4.map((a) => parseIPv4Parts(a).value);
    const ether = this.etherHost('src or dst', mac, id);
    const ipOnly =
      proto === undefined || proto === 'ip'
        ? or(...hosts.map((h) => ipHost(this.g, h, 0xffffffff, 'src or dst')))
        : FALSE;
    return and(ether, not(ipOnly));
  }

  private etherHost(dir: string, mac: Uint8Array, id: IdOperand): Bool {
    const g = this.g;
    if (g.info.family === 'wlan') return wlanHost(g, dir, mac);
    const { macDst, macSrc } = g.info;
    if (!macDst || !macSrc) {
      const shown = id.kind === 'eid' ? 'XX:XX:XX:XX:XX:XX' : id.kind === 'aid' ? '$XX' : 'NAME';
      return fail(`'link host ${shown}' not supported on DLT_${g.pppoes ? 'PPP' : g.dlt}`, id.pos);
    }
    const src = () => macAt(macSrc, 0, mac);
    const dst = () => macAt(macDst, 0, mac);
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

  private hostOrNet(proto: string | undefined, dir: string, addr: string | undefined, id: IdOperand): Bool {
    const g = this.g;
    const isNet = addr === 'net';
    switch (id.kind) {
      case 'eid': {
        if ((proto !== undefined && proto !== 'link') || isNet)
          fail('Ethernet address used in non-ether expression', id.pos);
        return this.etherHost(dir, parseMac(id.text, id.pos), id);
      }
      case 'aid':
        if (proto !== undefined && proto !== 'link')
          fail(`'link' is the only valid proto qualifier for 'host $XX'`, id.pos);
        return fail(`'link host $XX' not supported on DLT_${g.dlt}`, id.pos);
      case 'hid6': {
        const a = parseIPv6(id.text);
        if (!a) {
          // libpcap's scanner only lexes well-formed IPv6; a bad embedded IPv4 part is the one it reports.
          if (/\d+\.\d+\.\d+\.\d+$/.test(id.text)) return fail(`invalid IPv6 address ${id.text}`, id.pos);
          return fail(SYNTAX_ERROR, id.pos);
        }
        const prefix = id.prefix ?? 128;
        if (prefix > 128) fail('mask length must be <= 128', id.pos);
        if (id.prefix !== undefined && addr === 'host' && prefix !== 128)
          fail(`'host' is not a valid qualifier for '${id.text}/${prefix}'`, id.pos);
        if (proto !== undefined && proto !== 'ip6') {
          fail(
            `'${proto}' is not a valid qualifier for '${isNet || (id.prefix !== undefined && addr !== 'host') ? 'net <IPv6 prefix>' : 'host <IPv6 address>'}'`,
            id.pos,
          );
        }
        if (id.prefix !== undefined) {
          for (let b = prefix; b < 128; b++) {
            if (a[b >> 3]! & (0x80 >> (b & 7)))
              fail(`non-network bits set in "${id.text}/${prefix}"`, id.pos);
          }
        }
        return ip6Host(g, a, prefix, dir as Dir);
      }
      case 'num':
      case 'hid': {
        if (addr === 'host' && (id.prefix !== undefined || id.mask !== undefined)) {
          fail(
            `'host' is not a valid qualifier for '${id.text}${id.prefix !== undefined ? `/${id.prefix}` : ` mask ${id.mask}`}'`,
            id.pos,
          );
        }
        if (proto === 'link') fail(`illegal link-layer address '${id.text}'`, id.pos);
        if (proto === 'decnet') {
          if (isNet) fail("'decnet' is not a valid qualifier for 'net'", id.pos);
          if (id.prefix !== undefined || id.mask !== undefined)
            fail("'decnet' is not a valid qualifier for 'host'", id.pos);
          return this.decnetHost(dir as Dir, id);
        }
        let value: number;
        let mask: number;
        if (id.kind === 'num' && id.prefix === undefined && id.mask === undefined) {
          value = id.value;
          mask = 0xffffffff;
          if (isNet) {
            // Promote a short net number: `net 10` is 10.0.0.0/8.
            while (value !== 0 && (value & 0xff000000) === 0) {
              value = (value << 8) >>> 0;
              mask = (mask << 8) >>> 0;
            }
          }
        } else {
          const p = id.kind === 'num' ? { value: id.value, bits: 32 } : parseIPv4Parts(id.text, id.pos);
          value = p.bits === 32 ? p.value : (p.value * 2 ** (32 - p.bits)) >>> 0;
          mask = p.bits === 32 ? 0xffffffff : (0xffffffff << (32 - p.bits)) >>> 0;
          if (id.prefix !== undefined) {
            if (id.prefix > 32) fail(`netmask length ${id.prefix} greater than maximum 32`, id.pos);
            mask = id.prefix === 0 ? 0 : (0xffffffff << (32 - id.prefix)) >>> 0;
          } else if (id.mask !== undefined) {
            const m = parseIPv4Parts(id.mask, id.pos);
            mask = (m.value * 2 ** (32 - m.bits)) >>> 0;
          }
          if ((id.prefix !== undefined || id.mask !== undefined) && (value & ~mask) !== 0) {
            fail(
              `non-network bits set in "${id.text}${id.prefix !== undefined ? `/${id.prefix}` : ` mask ${id.mask}`}"`,
              id.pos,
            );
          }
          if ((id.prefix !== undefined || id.mask !== undefined) && addr === 'host') {
            fail(
              `'host' is not a valid qualifier for '${id.text}${id.prefix !== undefined ? `/${id.prefix}` : ` mask ${id.mask}`}'`,
              id.pos,
            );
          }
        }
        return this.ipv4Host(
          proto,
          dir as Dir,
          value,
          mask,
          isNet || id.prefix !== undefined || id.mask !== undefined,
          id,
        );
      }
      case 'id':
        return this.hostName(proto, dir, isNet, id);
    }
  }

  /** DECnet Phase IV routing header: short/long form, with or without one pad byte. */
  private decnetHost(dir: Dir, id: IdOperand): Bool {
    const m = /^(\d+)\.(\d+)$/.exec(id.text);
    if (id.kind !== 'hid' || !m || Number(m[1]) > 63 || Number(m[2]) > 1023) {
      return fail(`invalid DECnet address '${id.text}'`, id.pos);
    }
    const a = (Number(m[1]) << 10) | Number(m[2]);
    const swapped = ((a & 0xff) << 8) | (a >> 8);
    const pl = this.g.info.linkPl;
    const one = (sh: number, lh: number): Bool =>
      or(
        and(eq(pl, 2, 2, 0x8106, 0xff07), eq(pl, 3 + lh, 2, swapped)),
        and(eq(pl, 2, 1, 0x06, 0x07), eq(pl, 2 + lh, 2, swapped)),
        // The short-header destination sits right after the flags: libpcap compares both as one word.
        sh === 1
          ? eq(pl, 2, 4, (0x81020000 | swapped) >>> 0, 0xff07ffff)
          : and(eq(pl, 2, 2, 0x8102, 0xff07), eq(pl, 3 + sh, 2, swapped)),
        sh === 1
          ? eq(pl, 2, 4, (0x02000000 | (swapped << 8)) >>> 0, 0x07ffff00)
          : and(eq(pl, 2, 1, 0x02, 0x07), eq(pl, 2 + sh, 2, swapped)),
      );
    const body =
      dir === 'src'
        ? one(3, 15)
        : dir === 'dst'
          ? one(1, 7)
          : dir === 'src and dst'
            ? and(one(3, 15), one(1, 7))
            : or(one(3, 15), one(1, 7));
    return and(this.g.linkType(ETHERTYPE.DN), body);
  }

  private ipv4Host(
    proto: string | undefined,
    dir: Dir,
    value: number,
    mask: number,
    isNet: boolean,
    id: IdOperand,
  ): Bool {
    const g = this.g;
    switch (proto) {
      case undefined:
        return or(
          ipHost(g, value, mask, dir),
          arpHost(g, ETHERTYPE.ARP, value, mask, dir),
          arpHost(g, ETHERTYPE.REVARP, value, mask, dir),
        );
      case 'ip':
        return ipHost(g, value, mask, dir);
      case 'arp':
        return arpHost(g, ETHERTYPE.ARP, value, mask, dir);
      case 'rarp':
        return arpHost(g, ETHERTYPE.REVARP, value, mask, dir);
      default:
        return fail(
          `'${proto}' is not a valid qualifier for '${isNet ? (id.prefix !== undefined || id.mask !== undefined ? 'net <IPv4 prefix>' : 'net <IPv4 address>') : 'host <IPv4 address>'}'`,
          id.pos,
        );
    }
  }

  private hostName(proto: string | undefined, dir: string, isNet: boolean, id: IdOperand): Bool {
    const g = this.g;
    if (proto === 'decnet')
      return fail(`'decnet' is not a valid qualifier for '${isNet ? 'net' : 'host'}'`, id.pos);
    if (isNet) {
      if (proto !== undefined && !['ip', 'arp', 'rarp'].includes(proto))
        fail(`'${proto}' is not a valid qualifier for 'net <IPv4 network name>'`, id.pos);
      return fail(`unknown network '${id.text}'`, id.pos);
    }
    if (proto !== undefined && !['ip', 'ip6', 'arp', 'rarp', 'link'].includes(proto)) {
      fail(`'${proto}' is not a valid qualifier for 'host <Internet hostname>'`, id.pos);
    }
    if (id.escaped) fail(SYNTAX_ERROR, id.pos);
    const r = g.options.resolve?.(id.text);
    if (proto === 'link') {
      if (!r?.mac) return fail(`unknown Ethernet-like host '${id.text}'`, id.pos);
      return this.etherHost(dir, parseMac(r.mac), id);
    }
    const v4 = (r?.ipv4 ?? []).map((a) => parseIPv4Parts(a).value);
    const v6 = (r?.ipv6 ?? []).map((a) => parseIPv6(a)).filter((a): a is Uint8Array => a !== undefined);
    if (v4.length === 0 && v6.length === 0) return fail(`unknown host '${id.text}'`, id.pos);
    const parts: Bool[] = [];
    const use4 = proto === undefined || proto === 'ip' || proto === 'arp' || proto === 'rarp';
    const use6 = proto === undefined || proto === 'ip6';
    if (!use4 && !use6) fail(`'${proto}' is not a valid qualifier for 'host'`, id.pos);
    if (use4) for (const a of v4) parts.push(this.ipv4Host(proto, dir as Dir, a, 0xffffffff, false, id));
    if (use6) for (const a of v6) parts.push(ip6Host(g, a, 128, dir as Dir));
    if (parts.length === 0) fail(`unknown host '${id.text}' for specified address family`, id.pos);
    return or(...parts);
  }

  // ---- keyword primitives ----

  private other(name: string, proto: string | undefined, args: readonly IdOperand[]): Bool {
    const g = this.g;
    const n = args[0]?.value;
    switch (name) {
      case 'broadcast':
        return this.broadcast(proto);
      case 'multicast':
        return this.multicast(proto);
      case 'less':
        return relTest([stmt(BPF_LD | BPF_W | BPF_LEN)], '<=', n!);
      case 'greater':
        return relTest([stmt(BPF_LD | BPF_W | BPF_LEN)], '>=', n!);
      case 'byte': {
        const [idx, op, val] = [args[0]!.value, args[1]!.text, args[2]!.value];
        if (val > 255) fail(`byte argument ${val} greater than maximum 255`);
        const s = load(g.info.linkPl, idx, 1);
        if (op === '&') return test(s, 'jset', val);
        if (op === '|') return not(test([...s, alu(BPF_OR, val)], 'jeq', 0));
        return relTest(s, op === '==' ? '=' : op, val);
      }
      case 'vlan':
        return vlan(g, n);
      case 'mpls':
        return mpls(g, n);
      case 'pppoed':
        return pppoed(g);
      case 'pppoes':
        return pppoes(g, n);
      case 'inbound':
      case 'outbound':
        return this.direction(name === 'inbound');
      case 'ifindex':
        if (g.dlt === 'LINUX_SLL2') return eq({ k: 0 }, 4, 4, n!);
        return fail(`not a live capture, 'ifindex' not supported on DLT_${g.dlt}`);
      case 'llc':
        return this.llc(args[0]?.text);
      case 'type':
      case 'subtype':
      case 'type-subtype':
      case 'dir':
        if (!WLAN_DLTS.has(g.dlt))
          fail(`'${name === 'dir' ? 'dir' : 'type/subtype'}' not supported on DLT_${g.dlt}`);
        if (g.info.family !== 'wlan') fail(`unsupported link type DLT_${g.dlt}`);
        return wlanFrame(g, name, args);
      case 'vxlan':
        return vxlan(g, n);
      case 'geneve':
        return geneve(g, n);
      case 'vpi':
      case 'vci':
        return atmField(
          g,
          name,
          args[0]!.text,
          args.slice(1).map((a) => a.value),
        );
      case 'oam':
      case 'oamf4':
      case 'oamf4ec':
      case 'oamf4sc':
      case 'sc':
      case 'ilmic':
      case 'metac':
      case 'bcc':
        return atmVc(g, name);
      case 'lane':
      case 'connectmsg':
      case 'metaconnect':
        return fail(`'${name}' supported only on SUNATM`);
      case 'on':
      case 'rnr':
      case 'srnr':
      case 'reason':
      case 'rset':
      case 'action':
        return pflog(g, name, args[0]!);
      default:
        if (/^h?(fisu|lssu|msu|lsu)$/.test(name)) return mtp2Type(g, name);
        if (/^h?(sio|opc|dpc|sls)$/.test(name)) {
          return mtp3Field(
            g,
            name,
            args[0]!.text,
            args.slice(1).map((a) => a.value),
          );
        }
        return fail(`'${name}' is not supported`);
    }
  }

  private direction(inbound: boolean): Bool {
    const g = this.g;
    let outgoing: Bool;
    if (g.dlt === 'LINUX_SLL') outgoing = eq({ k: 0 }, 0, 2, 4);
    else if (g.dlt === 'LINUX_SLL2') outgoing = eq({ k: 0 }, 10, 1, 4);
    else
      return fail(`not a live capture, '${inbound ? 'inbound' : 'outbound'}' not supported on DLT_${g.dlt}`);
    return inbound ? not(outgoing) : outgoing;
  }

  private llc(kind: string | undefined): Bool {
    const g = this.g;
    let base: Bool;
    if (g.info.family === 'ether' && (g.dlt === 'EN10MB' || g.dlt.startsWith('DSA_TAG'))) {
      base = and(not(test(load(g.info.linkType!, 0, 2), 'jgt', 1500)), not(eq(g.info.linkPl, 0, 2, 0xffff)));
    } else if (g.info.family === 'wlan') {
      base = eq(g.info.wlanHdr ?? g.info.linkHdr, 0, 1, 0x08, 0x0c);
    } else if (g.info.family === 'sll' || g.info.family === 'sll2') {
      base = eq(g.info.linkType!, 0, 2, 0x0004);
    } else return fail(`'llc' not supported on DLT_${g.dlt}`);
    if (kind === undefined) return base;
    const ctl = g.info.linkPl;
    switch (kind) {
      case 'i':
        return and(base, not(test(load(ctl, 2, 1), 'jset', 0x01)));
      case 's':
        return and(base, eq(ctl, 2, 1, 0x01, 0x03));
      case 'u':
        return and(base, eq(ctl, 2, 1, 0x03, 0x03));
      default: {
        const c = LLC_CONTROL[kind];
        if (!c) return fail(`unknown LLC type name '${kind}'`);
        return and(base, eq(ctl, 2, 1, c[0], c[1]));
      }
    }
  }

  private broadcast(proto: string | undefined): Bool {
    const g = this.g;
    if (proto === undefined || proto === 'link') {
      const ff = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
      if (g.info.family === 'wlan') return wlanDstTest(g, (h, rel) => macAt(h, rel, ff));
      if (g.info.macDst) return macAt(g.info.macDst, 0, ff);
      return fail(`'broadcast' not supported on DLT_${g.dlt}`);
    }
    if (proto === 'ip') {
      if (g.options.netmask === undefined) fail("netmask not known, so 'ip broadcast' not supported");
      const host = ~g.options.netmask >>> 0;
      return and(ipTest(g), or(eq(g.nl, 16, 4, 0, host), eq(g.nl, 16, 4, host, host)));
    }
    return fail(`'${proto}' is not a valid qualifier for 'broadcast'`);
  }

  private multicast(proto: string | undefined): Bool {
    const g = this.g;
    if (proto === undefined || proto === 'link') {
      if (g.info.family === 'wlan') return wlanDstTest(g, (h, rel) => test(load(h, rel, 1), 'jset', 0x01));
      if (g.info.macDst) return test(load(g.info.macDst, 0, 1), 'jset', 0x01);
      return fail(`'multicast' not supported on DLT_${g.dlt}`);
    }
    if (proto === 'ip') return and(ipTest(g), eq(g.nl, 16, 1, 0xe0, 0xf0));
    if (proto === 'ip6') return and(ip6Test(g), eq(g.nl, 24, 1, 0xff));
    return fail(`'${proto}' is not a valid qualifier for 'multicast'`);
  }
}
