// Static next-layer tables for decoding (switches, so dispatch allocates nothing).
import { K } from './kinds.js';

export function kindForEtherType(t: number): number {
  switch (t) {
    case 0x0800:
      return K.IPV4;
    case 0x86dd:
      return K.IPV6;
    case 0x0806:
    case 0x8035:
      return K.ARP;
    case 0x8100:
    case 0x88a8:
    case 0x9100:
      return K.VLAN;
    case 0x8847:
    case 0x8848:
      return K.MPLS;
    case 0x6558:
      return K.ETH;
    default:
      return K.RAW;
  }
}

export function kindForIpProto(p: number): number {
  switch (p) {
    case 6:
      return K.TCP;
    case 17:
      return K.UDP;
    case 1:
      return K.ICMP;
    case 58:
      return K.ICMPV6;
    case 132:
      return K.SCTP;
    case 47:
      return K.GRE;
    case 4:
      return K.IPV4;
    case 41:
      return K.IPV6;
    case 0:
      return K.IPV6_HOP;
    case 43:
      return K.IPV6_ROUTING;
    case 44:
      return K.IPV6_FRAG;
    case 60:
      return K.IPV6_DEST;
    case 51:
      return K.AH;
    case 50:
      return K.ESP;
    case 137:
      return K.MPLS;
    case 59:
      return K.NONE;
    default:
      return K.RAW;
  }
}

function udpPort(p: number): number {
  switch (p) {
    case 53:
    case 5353:
    case 5355:
      return K.DNS;
    case 67:
    case 68:
      return K.DHCP;
    case 4789:
      return K.VXLAN;
    case 6081:
      return K.GENEVE;
    case 4754:
      return K.GRE;
    default:
      return K.RAW;
  }
}

/** Like Wireshark: the lower port is tried first. */
export function kindForUdp(sport: number, dport: number): number {
  const lo = Math.min(sport, dport);
  const hi = Math.max(sport, dport);
  const k = udpPort(lo);
  return k !== K.RAW ? k : udpPort(hi);
}

export function kindForTcp(sport: number, dport: number): number {
  return sport === 53 || dport === 53 ? K.DNS_TCP : K.RAW;
}

/** Kind of the first layer of a capture link type (LINKTYPE_* numbers). */
export function kindForLink(linkType: number, firstByte: number): number {
  switch (linkType) {
    case 1:
      return K.ETH;
    case 0:
    case 108:
      return K.LOOP;
    case 113:
      return K.SLL;
    case 276:
      return K.SLL2;
    case 228:
      return K.IPV4;
    case 229:
      return K.IPV6;
    case 12:
    case 14:
    case 101: {
      const v = firstByte >> 4;
      return v === 4 ? K.IPV4 : v === 6 ? K.IPV6 : K.RAW;
    }
    default:
      return K.RAW;
  }
}
