// The default bind registry entries (scapy's bind_layers for the protocols in this package).
import { AHLayer } from '../protocols/ah.js';
import { ARPLayer } from '../protocols/arp.js';
import { DHCPLayer } from '../protocols/dhcp.js';
import { ESPLayer } from '../protocols/esp.js';
import { EtherLayer } from '../protocols/ethernet.js';
import { GENEVELayer } from '../protocols/geneve.js';
import { GRELayer } from '../protocols/gre.js';
import { ICMPLayer } from '../protocols/icmp.js';
import {
  ICMPv6Layer,
  ICMPv6ND_NALayer,
  ICMPv6ND_NSLayer,
  ICMPv6ND_RALayer,
  ICMPv6ND_RSLayer,
} from '../protocols/icmpv6.js';
import { IPv4Layer } from '../protocols/ipv4.js';
import { IPv6Layer } from '../protocols/ipv6.js';
import { IPv6ExtHdrFragmentLayer } from '../protocols/ipv6-fragment.js';
import {
  IPv6ExtHdrDestOptLayer,
  IPv6ExtHdrHopByHopLayer,
  IPv6OptionsLayer,
} from '../protocols/ipv6-options.js';
import { IPv6ExtHdrRoutingLayer } from '../protocols/ipv6-routing.js';
import { LoopbackLayer } from '../protocols/loopback.js';
import { MPLSLayer } from '../protocols/mpls.js';
import { SCTPLayer } from '../protocols/sctp.js';
import { CookedLinuxLayer, CookedLinuxV2Layer } from '../protocols/sll.js';
import { TCPLayer } from '../protocols/tcp.js';
import { UDPLayer } from '../protocols/udp.js';
import { Dot1ADLayer, Dot1QLayer } from '../protocols/vlan.js';
import { VXLANLayer } from '../protocols/vxlan.js';
import { bindLayers } from './bind.js';

let installed = false;

/** Registers the default bindings once (a call, not an import side effect, so bundlers keep it). */
export function installDefaultBindings(): void {
  if (installed) return;
  installed = true;
  // Later bindings win, so the more specific Dot1AD comes after Dot1Q.
  for (const lower of [EtherLayer, Dot1QLayer, CookedLinuxLayer, CookedLinuxV2Layer, GRELayer, GENEVELayer]) {
    const field = lower === EtherLayer || lower === Dot1QLayer ? 'type' : 'proto';
    bindLayers(lower, IPv4Layer, { [field]: 0x0800 });
    bindLayers(lower, IPv6Layer, { [field]: 0x86dd });
    bindLayers(lower, ARPLayer, { [field]: 0x0806 });
    bindLayers(lower, Dot1QLayer, { [field]: 0x8100 });
    bindLayers(lower, Dot1ADLayer, { [field]: 0x88a8 });
    bindLayers(lower, MPLSLayer, { [field]: 0x8847 });
    bindLayers(lower, EtherLayer, { [field]: 0x6558 });
  }
  bindLayers(LoopbackLayer, IPv4Layer, { type: 2 });
  bindLayers(LoopbackLayer, IPv6Layer, { type: 24 });

  const ipUppers: [abstract new () => object, number][] = [
    [TCPLayer, 6],
    [UDPLayer, 17],
    [ICMPLayer, 1],
    [ICMPv6Layer, 58],
    [IPv4Layer, 4],
    [IPv6Layer, 41],
    [GRELayer, 47],
    [SCTPLayer, 132],
    [AHLayer, 51],
    [ESPLayer, 50],
    [MPLSLayer, 137],
    [IPv6ExtHdrHopByHopLayer, 0],
    [IPv6ExtHdrRoutingLayer, 43],
    [IPv6ExtHdrFragmentLayer, 44],
    [IPv6ExtHdrDestOptLayer, 60],
  ];
  for (const [upper, n] of ipUppers) {
    const up = upper as abstract new () => TCPLayer;
    bindLayers(IPv4Layer, up, { proto: n });
    for (const lower of [
      IPv6Layer,
      IPv6OptionsLayer,
      IPv6ExtHdrRoutingLayer,
      IPv6ExtHdrFragmentLayer,
      AHLayer,
    ]) {
      bindLayers(lower as abstract new () => IPv6Layer, up, { nh: n });
    }
  }
  for (const nd of [ICMPv6ND_NSLayer, ICMPv6ND_NALayer, ICMPv6ND_RSLayer, ICMPv6ND_RALayer]) {
    bindLayers(IPv6Layer, nd, { hlim: 255 });
  }
  bindLayers(UDPLayer, VXLANLayer, { dport: 4789 });
  // scapy marks the next protocol (VXLAN-GPE style) when it knows the inner layer.
  bindLayers(VXLANLayer, EtherLayer, { flags: 0x0c, NextProtocol: 3 });
  bindLayers(VXLANLayer, IPv4Layer, { flags: 0x0c, NextProtocol: 1 });
  bindLayers(VXLANLayer, IPv6Layer, { flags: 0x0c, NextProtocol: 2 });
  bindLayers(UDPLayer, GENEVELayer, { dport: 6081 });
  bindLayers(UDPLayer, DHCPLayer, { sport: 68, dport: 67 });
}
