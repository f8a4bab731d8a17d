// @pktkit/pkts: zero-allocation layer views, scapy-style layer building, core protocols.

import { installDefaultBindings } from './core/bindings.js';
import { installInspector } from './core/inspect.js';

installDefaultBindings();
installInspector();

export { bindLayers, boundValue } from './core/bind.js';
export { type DecodeOptions, decode } from './core/decode.js';
export { Decoder, MAX_LAYERS } from './core/decoder.js';
export { BufferTooSmallError, LayerNotFoundError, MalformedPacketError, PktsError } from './core/errors.js';
export { fuzz, type RandomByte } from './core/fuzz.js';
export { linkTypeOf } from './core/inspect.js';
export { K, type Kind } from './core/kinds.js';
export { type BuildState, type Fields, Layer } from './core/layer.js';
export {
  defineLayer,
  type Flatten,
  type LayerFactory,
  type LayerList,
  Packet,
  stack,
} from './core/packet.js';
export { type FieldMap, View } from './core/view.js';
export { AH, AHLayer, AhView } from './protocols/ah.js';
export { ARP, ARPLayer, ArpView } from './protocols/arp.js';
export { DHCP, DHCPLayer, type DhcpOption, DhcpView } from './protocols/dhcp.js';
export { DNS, DNSLayer, type DNSQuestion, type DNSRecord, DnsView } from './protocols/dns.js';
export { ESP, ESPLayer, EspView } from './protocols/esp.js';
export { Ether, EtherLayer, EthernetView } from './protocols/ethernet.js';
export { GENEVE, GENEVELayer, GeneveView } from './protocols/geneve.js';
export { GRE, GRELayer, GreView } from './protocols/gre.js';
export { ICMP, ICMPLayer, IcmpView } from './protocols/icmp.js';
export {
  ICMPv6,
  ICMPv6DestUnreach,
  ICMPv6DestUnreachLayer,
  ICMPv6EchoReply,
  ICMPv6EchoReplyLayer,
  ICMPv6EchoRequest,
  ICMPv6EchoRequestLayer,
  ICMPv6GenericLayer,
  ICMPv6Layer,
  ICMPv6ND_NA,
  ICMPv6ND_NALayer,
  ICMPv6ND_NS,
  ICMPv6ND_NSLayer,
  ICMPv6ND_RA,
  ICMPv6ND_RALayer,
  ICMPv6ND_RS,
  ICMPv6ND_RSLayer,
  ICMPv6PacketTooBig,
  ICMPv6PacketTooBigLayer,
  ICMPv6ParamProblem,
  ICMPv6ParamProblemLayer,
  ICMPv6TimeExceeded,
  ICMPv6TimeExceededLayer,
  Icmpv6View,
} from './protocols/icmpv6.js';
export {
  ICMPv6NDOptDstLLAddr,
  ICMPv6NDOptDstLLAddrLayer,
  ICMPv6NDOptMTU,
  ICMPv6NDOptMTULayer,
  ICMPv6NDOptSrcLLAddr,
  ICMPv6NDOptSrcLLAddrLayer,
} from './protocols/icmpv6-nd-options.js';
export { IP, IPv4, IPv4Layer, IPv4View } from './protocols/ipv4.js';
export { IPv6, IPv6Layer, IPv6View } from './protocols/ipv6.js';
export { IPv6ExtHdrFragment, IPv6ExtHdrFragmentLayer, IPv6FragmentView } from './protocols/ipv6-fragment.js';
export {
  IPv6ExtHdrDestOpt,
  IPv6ExtHdrDestOptLayer,
  IPv6ExtHdrHopByHop,
  IPv6ExtHdrHopByHopLayer,
  IPv6OptionsLayer,
  IPv6OptionsView,
} from './protocols/ipv6-options.js';
export { IPv6ExtHdrRouting, IPv6ExtHdrRoutingLayer, IPv6RoutingView } from './protocols/ipv6-routing.js';
export { Loopback, LoopbackLayer, LoopbackView } from './protocols/loopback.js';
export { MPLS, MPLSLayer, MplsView } from './protocols/mpls.js';
export { Padding, PaddingLayer, Raw, RawLayer, RawView } from './protocols/raw.js';
export { SCTP, SCTPLayer, type SctpChunk, SctpView } from './protocols/sctp.js';
export {
  CookedLinux,
  CookedLinuxLayer,
  CookedLinuxV2,
  CookedLinuxV2Layer,
  Sll2View,
  SllView,
} from './protocols/sll.js';
export { TCP, TCPLayer, type TcpOption, TcpView, tcpFlagString, tcpFlags } from './protocols/tcp.js';
export { UDP, UDPLayer, UdpView } from './protocols/udp.js';
export { Dot1AD, Dot1ADLayer, Dot1Q, Dot1QLayer, VlanView } from './protocols/vlan.js';
export { VXLAN, VXLANLayer, VxlanView } from './protocols/vxlan.js';
// Sequence (defragmentation, TCP reassembly, framing) and Session (connection tracking, request/response).
export * from './sequence/index.js';
export * from './session/index.js';
export { hexdump } from './util/hexdump.js';
