// Name tables the language resolves without the OS: named numeric constants (scanner.l),
// EtherTypes and LLC SAPs (libpcap's own tables), IP protocol names (/etc/protocols) and
// service names (services.ts), so compilation is identical in the browser and in Node.
import { SERVICES_TEXT } from './services.js';

const ICMP_TYPES: Record<string, number> = {
  'icmp-echoreply': 0,
  'icmp-unreach': 3,
  'icmp-sourcequench': 4,
  'icmp-redirect': 5,
  'icmp-echo': 8,
  'icmp-routeradvert': 9,
  'icmp-routersolicit': 10,
  'icmp-timxceed': 11,
  'icmp-paramprob': 12,
  'icmp-tstamp': 13,
  'icmp-tstampreply': 14,
  'icmp-ireq': 15,
  'icmp-ireqreply': 16,
  'icmp-maskreq': 17,
  'icmp-maskreply': 18,
};
const ICMP6_TYPES: Record<string, number> = {
  'icmp6-destinationunreach': 1,
  'icmp6-packettoobig': 2,
  'icmp6-timeexceeded': 3,
  'icmp6-parameterproblem': 4,
  'icmp6-echo': 128,
  'icmp6-echoreply': 129,
  'icmp6-multicastlistenerquery': 130,
  'icmp6-multicastlistenerreportv1': 131,
  'icmp6-multicastlistenerdone': 132,
  'icmp6-routersolicit': 133,
  'icmp6-routeradvert': 134,
  'icmp6-neighborsolicit': 135,
  'icmp6-neighboradvert': 136,
  'icmp6-redirect': 137,
  'icmp6-routerrenum': 138,
  'icmp6-nodeinformationquery': 139,
  'icmp6-nodeinformationresponse': 140,
  'icmp6-ineighbordiscoverysolicit': 141,
  'icmp6-ineighbordiscoveryadvert': 142,
  'icmp6-multicastlistenerreportv2': 143,
  'icmp6-homeagentdiscoveryrequest': 144,
  'icmp6-homeagentdiscoveryreply': 145,
  'icmp6-mobileprefixsolicit': 146,
  'icmp6-mobileprefixadvert': 147,
  'icmp6-certpathsolicit': 148,
  'icmp6-certpathadvert': 149,
  'icmp6-multicastrouteradvert': 151,
  'icmp6-multicastroutersolicit': 152,
  'icmp6-multicastrouterterm': 153,
};

/** Identifiers the scanner turns straight into numbers. */
export const NAMED_NUMBERS: Record<string, number> = {
  icmptype: 0,
  icmpcode: 1,
  icmp6type: 0,
  icmp6code: 1,
  tcpflags: 13,
  'tcp-fin': 0x01,
  'tcp-syn': 0x02,
  'tcp-rst': 0x04,
  'tcp-push': 0x08,
  'tcp-ack': 0x10,
  'tcp-urg': 0x20,
  'tcp-ece': 0x40,
  'tcp-cwr': 0x80,
  ...ICMP_TYPES,
  ...ICMP6_TYPES,
};

/** EtherType names (libpcap's eproto_db). */
export const ETHERTYPES: Record<string, number> = {
  aarp: 0x80f3,
  arp: 0x0806,
  atalk: 0x809b,
  decnet: 0x6003,
  ip: 0x0800,
  ip6: 0x86dd,
  lat: 0x6004,
  loopback: 0x9000,
  mopdl: 0x6001,
  moprc: 0x6002,
  rarp: 0x8035,
  sca: 0x6007,
  pup: 0x0200,
  lldp: 0x88cc,
  slow: 0x8809,
};

/** LLC SAP names (libpcap's llc_db); these make `ether proto \NAME` an 802.2 test. */
export const LLC_SAPS: Record<string, number> = { iso: 0xfe, stp: 0x42, ipx: 0xe0, netbeui: 0xf0 };

/** IP protocol names, as getprotobyname on a typical system. */
export const IP_PROTOCOLS: Record<string, number> = {
  ip: 0,
  hopopt: 0,
  icmp: 1,
  igmp: 2,
  ggp: 3,
  ipencap: 4,
  st: 5,
  tcp: 6,
  egp: 8,
  igp: 9,
  pup: 12,
  udp: 17,
  hmp: 20,
  'xns-idp': 22,
  rdp: 27,
  'iso-tp4': 29,
  dccp: 33,
  xtp: 36,
  ddp: 37,
  'idpr-cmtp': 38,
  ipv6: 41,
  'ipv6-route': 43,
  'ipv6-frag': 44,
  idrp: 45,
  rsvp: 46,
  gre: 47,
  esp: 50,
  ah: 51,
  skip: 57,
  'ipv6-icmp': 58,
  'ipv6-nonxt': 59,
  'ipv6-opts': 60,
  rspf: 73,
  vmtp: 81,
  eigrp: 88,
  ospf: 89,
  'ax.25': 93,
  ipip: 94,
  etherip: 97,
  encap: 98,
  pim: 103,
  ipcomp: 108,
  vrrp: 112,
  l2tp: 115,
  isis: 124,
  sctp: 132,
  fc: 133,
  'mobility-header': 135,
  udplite: 136,
  'mpls-in-ip': 137,
  manet: 138,
  hip: 139,
  shim6: 140,
  wesp: 141,
  rohc: 142,
  ethernet: 143,
  icmp6: 58,
  ip6: 41,
};

/** Transport protocol numbers the port primitives distinguish. */
export const IPPROTO = {
  ICMP: 1,
  IGMP: 2,
  IPIP: 4,
  TCP: 6,
  UDP: 17,
  IPV6: 41,
  ROUTING: 43,
  FRAGMENT: 44,
  ESP: 50,
  AH: 51,
  ICMPV6: 58,
  NONE: 59,
  DSTOPTS: 60,
  PIM: 103,
  VRRP: 112,
  SCTP: 132,
  HOPOPTS: 0,
  IGRP: 9,
} as const;

export interface ServicePort {
  port: number;
  /** Protocols the name is defined for (tcp/udp/sctp). */
  protos: Set<string>;
}

let services: Map<string, Map<string, number>> | undefined;
function serviceTable(): Map<string, Map<string, number>> {
  if (services) return services;
  services = new Map();
  for (const entry of SERVICES_TEXT.split(' ')) {
    if (!entry) continue;
    const [name, defs] = entry.split('=') as [string, string];
    const m = new Map<string, number>();
    for (const d of defs.split(',')) {
      const [proto, port] = d.split(':') as [string, string];
      m.set(proto, Number(port));
    }
    services.set(name, m);
  }
  return services;
}

/**
 * Looks a service name up as libpcap's pcap_nametoport does: the TCP and UDP numbers, which must
 * agree when both exist. Returns undefined for unknown names.
 */
export function lookupPort(name: string): { port: number; proto: 'tcp' | 'udp' | 'any' } | undefined {
  const m = serviceTable().get(name);
  if (!m) return undefined;
  const tcp = m.get('tcp');
  const udp = m.get('udp');
  if (tcp !== undefined && udp !== undefined) return { port: tcp, proto: tcp === udp ? 'any' : 'tcp' };
  if (tcp !== undefined) return { port: tcp, proto: 'tcp' };
  if (udp !== undefined) return { port: udp, proto: 'udp' };
  const sctp = m.get('sctp');
  if (sctp !== undefined) return { port: sctp, proto: 'any' };
  return undefined;
}
