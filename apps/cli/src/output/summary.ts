// tcpdump-style one-line summaries from a pkts Decoder (numeric addresses and ports, as with -n).
import type { Decoder } from '@pktkit/pkts';
import type { Style } from '../tty.js';

export interface SummaryOptions {
  /** -e: link-level header. */
  link: boolean;
  /** -v: IP header details. */
  verbose: boolean;
}

const TCP_FLAG_CHARS: [number, string][] = [
  [0x02, 'S'],
  [0x01, 'F'],
  [0x08, 'P'],
  [0x04, 'R'],
  [0x20, 'U'],
  [0x40, 'E'],
  [0x80, 'W'],
];

/** tcpdump's flag string: S F P R U E W, then '.' for ACK. */
export function tcpFlagText(flags: number): string {
  let out = '';
  for (const [bit, ch] of TCP_FLAG_CHARS) if (flags & bit) out += ch;
  if (flags & 0x10) out += '.';
  return out === '' ? 'none' : out;
}

const ICMP_TYPES: Record<number, string> = {
  0: 'echo reply',
  3: 'unreachable',
  5: 'redirect',
  8: 'echo request',
  11: 'time exceeded',
};

const ICMP6_TYPES: Record<number, string> = {
  1: 'destination unreachable',
  2: 'packet too big',
  3: 'time exceeded',
  128: 'echo request',
  129: 'echo reply',
  133: 'router solicitation',
  134: 'router advertisement',
  135: 'neighbor solicitation',
  136: 'neighbor advertisement',
};

const ETHERTYPES: Record<number, string> = {
  2048: 'IPv4',
  2054: 'ARP',
  34525: 'IPv6',
  33024: '802.1Q',
  34984: '802.1Q-QinQ',
  34887: 'MPLS unicast',
};

function hex4(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

/** `HH:MM:SS.ffffff` in local time, from integer seconds and nanoseconds (tcpdump's default). */
export function timeOfDay(sec: number, nsec: number, nano = false): string {
  const d = new Date(sec * 1000);
  const hh = String(d.getHours()).padStart(2, '0');
  const mm = String(d.getMinutes()).padStart(2, '0');
  const ss = String(d.getSeconds()).padStart(2, '0');
  const frac = nano ? String(nsec).padStart(9, '0') : String(Math.floor(nsec / 1000)).padStart(6, '0');
  return `${hh}:${mm}:${ss}.${frac}`;
}

function transport(d: Decoder, src: string, dst: string, ipPayload: number, s: Style): string {
  const tcp = d.tcp;
  if (tcp) {
    const dataLength = Math.max(0, ipPayload - tcp.dataofs * 4);
    let text = `${s.addr(`${src}.${tcp.sport}`)} > ${s.addr(`${dst}.${tcp.dport}`)}: ${s.proto('Flags')} [${tcpFlagText(tcp.flags)}]`;
    const seq = tcp.seq;
    text += dataLength > 0 ? `, seq ${seq}:${(seq + dataLength) % 2 ** 32}` : `, seq ${seq}`;
    if (tcp.flags & 0x10) text += `, ack ${tcp.ack}`;
    return `${text}, win ${tcp.window}, length ${dataLength}`;
  }
  const udp = d.udp;
  if (udp) {
    return `${s.addr(`${src}.${udp.sport}`)} > ${s.addr(`${dst}.${udp.dport}`)}: ${s.proto('UDP')}, length ${Math.max(0, udp.len - 8)}`;
  }
  const icmp = d.icmp;
  if (icmp) {
    const name = ICMP_TYPES[icmp.type] ?? `type ${icmp.type}`;
    const echo = icmp.type === 0 || icmp.type === 8 ? `, id ${icmp.id}, seq ${icmp.seq}` : '';
    return `${s.addr(src)} > ${s.addr(dst)}: ${s.proto('ICMP')} ${name}${echo}, length ${ipPayload}`;
  }
  const icmp6 = d.icmpv6;
  if (icmp6) {
    const name = ICMP6_TYPES[icmp6.type] ?? `type ${icmp6.type}`;
    const echo = icmp6.type === 128 || icmp6.type === 129 ? `, id ${icmp6.id}, seq ${icmp6.seq}` : '';
    return `${s.addr(src)} > ${s.addr(dst)}: ${s.proto('ICMP6')}, ${name}${echo}, length ${ipPayload}`;
  }
  return `${s.addr(src)} > ${s.addr(dst)}: ip-proto-${d.ipv4?.proto ?? d.ipv6?.nh}, length ${ipPayload}`;
}

function ipv4Verbose(d: Decoder): string {
  const ip = d.ipv4!;
  const flags: string[] = [];
  if (ip.flags & 0x2) flags.push('DF');
  if (ip.flags & 0x1) flags.push('+');
  return ` (tos 0x${ip.tos.toString(16)}, ttl ${ip.ttl}, id ${ip.id}, offset ${ip.fragOffset * 8}, flags [${flags.length ? flags.join('') : 'none'}], proto ${ip.proto}, length ${ip.totalLength})`;
}

/** The text after the timestamp (and link header): what tcpdump -n prints for the network layer. */
export function networkSummary(d: Decoder, wireLength: number, o: SummaryOptions, s: Style): string {
  const ip4 = d.ipv4;
  if (ip4) {
    const payload = ip4.totalLength - ip4.ihl * 4;
    return `${s.proto('IP')}${o.verbose ? ipv4Verbose(d) : ''} ${transport(d, ip4.src, ip4.dst, payload, s)}`;
  }
  const ip6 = d.ipv6;
  if (ip6) {
    const verbose = o.verbose
      ? ` (hlim ${ip6.hlim}, next-header ${ip6.nh}, payload length: ${ip6.plen})`
      : '';
    return `${s.proto('IP6')}${verbose} ${transport(d, ip6.src, ip6.dst, ip6.plen, s)}`;
  }
  const arp = d.arp;
  if (arp) {
    if (arp.op === 1)
      return `${s.proto('ARP')}, Request who-has ${arp.pdst} tell ${arp.psrc}, length ${wireLength - 14}`;
    if (arp.op === 2)
      return `${s.proto('ARP')}, Reply ${arp.psrc} is-at ${arp.hwsrc}, length ${wireLength - 14}`;
    return `${s.proto('ARP')}, op ${arp.op}, length ${wireLength - 14}`;
  }
  const eth = d.eth;
  if (eth) return `ethertype ${ETHERTYPES[eth.type] ?? 'Unknown'} (${hex4(eth.type)}), length ${wireLength}`;
  return `${d.summary()}, length ${wireLength}`;
}

/** -e: `src > dst, ethertype IPv4 (0x0800), length N: ` */
export function linkSummary(d: Decoder, wireLength: number): string {
  const eth = d.eth;
  if (!eth) return '';
  const vlan = d.vlan;
  const outer = vlan ? 0x8100 : eth.type;
  let text = `${eth.src} > ${eth.dst}, ethertype ${ETHERTYPES[outer] ?? 'Unknown'} (${hex4(outer)}), length ${wireLength}: `;
  if (vlan)
    text += `vlan ${vlan.vlan}, p ${vlan.prio}, ethertype ${ETHERTYPES[vlan.type] ?? 'Unknown'} (${hex4(vlan.type)}), `;
  return text;
}
