// The reusable decoder: re-points pooled views at (buffer, offset, length, linkType); no per-packet allocation.
import { AhView } from '../protocols/ah.js';
import { ArpView } from '../protocols/arp.js';
import { DhcpView } from '../protocols/dhcp.js';
import { DnsView } from '../protocols/dns.js';
import { EspView } from '../protocols/esp.js';
import { EthernetView } from '../protocols/ethernet.js';
import { GeneveView } from '../protocols/geneve.js';
import { GreView } from '../protocols/gre.js';
import { IcmpView } from '../protocols/icmp.js';
import { Icmpv6View } from '../protocols/icmpv6.js';
import { IPv4View } from '../protocols/ipv4.js';
import { IPv6View } from '../protocols/ipv6.js';
import { IPv6FragmentView } from '../protocols/ipv6-fragment.js';
import { IPv6OptionsView } from '../protocols/ipv6-options.js';
import { IPv6RoutingView } from '../protocols/ipv6-routing.js';
import { LoopbackView } from '../protocols/loopback.js';
import { MplsView } from '../protocols/mpls.js';
import { PaddingLayer, RawLayer, RawView } from '../protocols/raw.js';
import { SctpView } from '../protocols/sctp.js';
import { Sll2View, SllView } from '../protocols/sll.js';
import { TcpView } from '../protocols/tcp.js';
import { UdpView } from '../protocols/udp.js';
import { VlanView } from '../protocols/vlan.js';
import { VxlanView } from '../protocols/vxlan.js';
import { hexdump } from '../util/hexdump.js';
import { kindForLink } from './dispatch.js';
import { MalformedPacketError } from './errors.js';
import { K, KIND_COUNT } from './kinds.js';
import type { Layer } from './layer.js';
import { Packet } from './packet.js';
import { EMPTY, type FieldMap, type View, type ViewState } from './view.js';

/** Most layers one packet may have; deeper nesting is left raw. */
export const MAX_LAYERS = 32;
/** Views per kind (tunnels repeat IP/UDP/Ethernet). */
const PER_KIND = 4;

export function makeView(kind: number): View {
  switch (kind) {
    case K.ETH:
      return new EthernetView();
    case K.VLAN:
      return new VlanView();
    case K.SLL:
      return new SllView();
    case K.SLL2:
      return new Sll2View();
    case K.LOOP:
      return new LoopbackView();
    case K.ARP:
      return new ArpView();
    case K.IPV4:
      return new IPv4View();
    case K.IPV6:
      return new IPv6View();
    case K.IPV6_HOP:
      return new IPv6OptionsView(true);
    case K.IPV6_DEST:
      return new IPv6OptionsView(false);
    case K.IPV6_ROUTING:
      return new IPv6RoutingView();
    case K.IPV6_FRAG:
      return new IPv6FragmentView();
    case K.AH:
      return new AhView();
    case K.ESP:
      return new EspView();
    case K.ICMP:
      return new IcmpView();
    case K.ICMPV6:
      return new Icmpv6View();
    case K.TCP:
      return new TcpView();
    case K.UDP:
      return new UdpView();
    case K.SCTP:
      return new SctpView();
    case K.GRE:
      return new GreView();
    case K.VXLAN:
      return new VxlanView();
    case K.GENEVE:
      return new GeneveView();
    case K.MPLS:
      return new MplsView();
    case K.DNS:
      return new DnsView(false);
    case K.DNS_TCP:
      return new DnsView(true);
    case K.DHCP:
      return new DhcpView();
    default:
      return new RawView();
  }
}

export class Decoder {
  /** Views of the current packet, bottom-up; entries past `count` are stale. */
  readonly views: View[] = [];
  count = 0;
  buf: Uint8Array = EMPTY;
  offset = 0;
  length = 0;
  linkType = 1;
  /** Where bytes after the innermost datagram (link padding) start; equals the end when there are none. */
  trailerOffset = 0;
  private readonly pools: View[][] = [];
  private readonly used = new Uint8Array(KIND_COUNT);
  /** Kind of each layer of the current packet. */
  private readonly kinds = new Uint8Array(MAX_LAYERS);
  private readonly firstIdx = new Int8Array(KIND_COUNT).fill(-1);
  /** First view of each kind in this packet (undefined when absent): one load per accessor. */
  private readonly firsts: (View | undefined)[] = new Array<View | undefined>(KIND_COUNT).fill(undefined);

  constructor() {
    // Views are created on first use of a kind, then reused forever.
    for (let k = 0; k < KIND_COUNT; k++) this.pools.push([]);
    const raw = makeView(K.RAW);
    this.pools[K.RAW]!.push(raw);
    for (let i = 0; i < MAX_LAYERS; i++) this.views.push(raw);
  }

  /** Decodes one packet; the views stay valid until the next call. Never throws on bad bytes. */
  decode(buf: Uint8Array, offset = 0, length = buf.length - offset, linkType = 1): this {
    this.buf = buf;
    this.offset = offset;
    this.length = length;
    this.linkType = linkType;
    // Reset only the kinds the previous packet used (cheaper than clearing every table).
    for (let i = 0; i < this.count; i++) {
      const k = this.kinds[i]!;
      this.used[k] = 0;
      this.firstIdx[k] = -1;
      this.firsts[k] = undefined;
    }
    this.count = 0;
    const end = offset + length;
    let pos = offset;
    let limit = end;
    let rlimit = end;
    let kind = length > 0 ? kindForLink(linkType, buf[offset]!) : K.NONE;
    let dataEnd = end;
    while (kind !== K.NONE && this.count < MAX_LAYERS - 1) {
      if (kind === K.RAW) {
        if (pos < limit) this.push(K.RAW, buf, pos, limit, limit);
        break;
      }
      const u = this.used[kind]!;
      if (u >= PER_KIND) {
        if (pos < limit) this.push(K.RAW, buf, pos, limit, limit);
        break;
      }
      const v = this.take(kind);
      // One call site per common protocol: each sees a single class, so V8 inlines attach/parse/nextKind.
      let next: number;
      let st: ViewState;
      switch (kind) {
        case K.ETH: {
          const x = v as EthernetView;
          x.attach(buf, pos, limit, rlimit);
          next = x.nextKind();
          st = x.s;
          break;
        }
        case K.VLAN: {
          const x = v as VlanView;
          x.attach(buf, pos, limit, rlimit);
          next = x.nextKind();
          st = x.s;
          break;
        }
        case K.IPV4: {
          const x = v as IPv4View;
          x.attach(buf, pos, limit, rlimit);
          next = x.nextKind();
          st = x.s;
          break;
        }
        case K.IPV6: {
          const x = v as IPv6View;
          x.attach(buf, pos, limit, rlimit);
          next = x.nextKind();
          st = x.s;
          break;
        }
        case K.TCP: {
          const x = v as TcpView;
          x.attach(buf, pos, limit, rlimit);
          next = x.nextKind();
          st = x.s;
          break;
        }
        case K.UDP: {
          const x = v as UdpView;
          x.attach(buf, pos, limit, rlimit);
          next = x.nextKind();
          st = x.s;
          break;
        }
        case K.ICMP: {
          const x = v as IcmpView;
          x.attach(buf, pos, limit, rlimit);
          next = x.nextKind();
          st = x.s;
          break;
        }
        case K.ICMPV6: {
          const x = v as Icmpv6View;
          x.attach(buf, pos, limit, rlimit);
          next = x.nextKind();
          st = x.s;
          break;
        }
        default:
          v.attach(buf, pos, limit, rlimit);
          next = -1;
          st = v.s;
      }
      if (kind === K.LOOP) {
        (v as LoopbackView).networkOrder = linkType === 108;
      } else if (kind === K.DNS) {
        // mDNS folds a flag into the class field; the UDP ports below say which it is.
        const u4 = (this.count > 1 ? this.views[this.count - 2] : undefined) as UdpView | undefined;
        (v as DnsView).mdns = u4?.kind === K.UDP && (u4.sport === 5353 || u4.dport === 5353);
      }
      dataEnd = st.dend;
      if (st.off + st.hlen > st.end) break;
      pos = st.off + st.hlen;
      limit = st.dend;
      rlimit = st.rend;
      kind = next >= 0 ? next : v.nextKind();
      // An IPv6 header behind an IPv4 EtherType (and back) is dissected by its version, like Wireshark.
      if (kind === K.IPV4 && pos < limit && buf[pos]! >> 4 === 6) kind = K.IPV6;
      if (kind === K.NONE && pos < limit) kind = K.RAW;
    }
    this.trailerOffset = Math.min(dataEnd, end);
    return this;
  }

  private push(kind: number, buf: Uint8Array, pos: number, limit: number, rlimit: number): View {
    return this.take(kind).attach(buf, pos, limit, rlimit);
  }

  /** The next free view of a kind, recorded as the packet's next layer (attached by the caller). */
  private take(kind: number): View {
    const u = this.used[kind]!;
    const pool = this.pools[kind]!;
    const v = u < pool.length ? pool[u]! : this.grow(kind);
    this.used[kind] = u + 1;
    if (this.firstIdx[kind]! < 0) {
      this.firstIdx[kind] = this.count;
      this.firsts[kind] = v;
    }
    this.kinds[this.count] = kind;
    this.views[this.count++] = v;
    return v;
  }

  private grow(kind: number): View {
    const v = makeView(kind);
    this.pools[kind]!.push(v);
    return v;
  }

  /** Throws MalformedPacketError for the first truncated or malformed layer (opt-in strictness). */
  check(): this {
    for (let i = 0; i < this.count; i++) {
      const v = this.views[i]!;
      if (v.truncated) throw new MalformedPacketError(v.protocol, v.off - this.offset, 'truncated');
      if (v.malformed) throw new MalformedPacketError(v.protocol, v.off - this.offset, 'malformed');
    }
    return this;
  }

  /** The first view of a kind (see `K`), or undefined. */
  first(kind: number): View | undefined {
    return this.firsts[kind];
  }
  /** The n-th (0-based) view of a kind, for tunnels. */
  nth(kind: number, n: number): View | undefined {
    for (let i = 0; i < this.count; i++) {
      const v = this.views[i]!;
      if (v.kind === kind && n-- === 0) return v;
    }
    return undefined;
  }
  layer(i: number): View | undefined {
    return i < this.count ? this.views[i] : undefined;
  }

  get eth(): EthernetView | undefined {
    return this.firsts[K.ETH] as EthernetView | undefined;
  }
  get vlan(): VlanView | undefined {
    return this.firsts[K.VLAN] as VlanView | undefined;
  }
  get sll(): SllView | undefined {
    return this.firsts[K.SLL] as SllView | undefined;
  }
  get sll2(): Sll2View | undefined {
    return this.firsts[K.SLL2] as Sll2View | undefined;
  }
  get loopback(): LoopbackView | undefined {
    return this.firsts[K.LOOP] as LoopbackView | undefined;
  }
  get arp(): ArpView | undefined {
    return this.firsts[K.ARP] as ArpView | undefined;
  }
  get ipv4(): IPv4View | undefined {
    return this.firsts[K.IPV4] as IPv4View | undefined;
  }
  get ipv6(): IPv6View | undefined {
    return this.firsts[K.IPV6] as IPv6View | undefined;
  }
  get fragment6(): IPv6FragmentView | undefined {
    return this.firsts[K.IPV6_FRAG] as IPv6FragmentView | undefined;
  }
  get tcp(): TcpView | undefined {
    return this.firsts[K.TCP] as TcpView | undefined;
  }
  get udp(): UdpView | undefined {
    return this.firsts[K.UDP] as UdpView | undefined;
  }
  get icmp(): IcmpView | undefined {
    return this.firsts[K.ICMP] as IcmpView | undefined;
  }
  get icmpv6(): Icmpv6View | undefined {
    return this.firsts[K.ICMPV6] as Icmpv6View | undefined;
  }
  get sctp(): SctpView | undefined {
    return this.firsts[K.SCTP] as SctpView | undefined;
  }
  get gre(): GreView | undefined {
    return this.firsts[K.GRE] as GreView | undefined;
  }
  get vxlan(): VxlanView | undefined {
    return this.firsts[K.VXLAN] as VxlanView | undefined;
  }
  get geneve(): GeneveView | undefined {
    return this.firsts[K.GENEVE] as GeneveView | undefined;
  }
  get mpls(): MplsView | undefined {
    return this.firsts[K.MPLS] as MplsView | undefined;
  }
  get dns(): DnsView | undefined {
    return (this.first(K.DNS) ?? this.first(K.DNS_TCP)) as DnsView | undefined;
  }
  get dhcp(): DhcpView | undefined {
    return this.firsts[K.DHCP] as DhcpView | undefined;
  }

  /** Wireshark-named fields, first occurrence of each (like `tshark -T fields -E occurrence=f`). */
  toJSON(): Record<string, string> {
    const out: FieldMap = {};
    for (let i = 0; i < this.count; i++) {
      const one: FieldMap = {};
      this.views[i]!.fields(one);
      for (const k in one) if (!(k in out)) out[k] = one[k]!;
    }
    return out;
  }
  /** Fields per layer, in order (tunnels keep their inner copies). */
  layersJSON(): { protocol: string; fields: Record<string, string> }[] {
    const res: { protocol: string; fields: Record<string, string> }[] = [];
    for (let i = 0; i < this.count; i++) {
      const v = this.views[i]!;
      const fields: FieldMap = {};
      v.fields(fields);
      res.push({ protocol: v.protocol, fields });
    }
    return res;
  }
  summary(): string {
    const parts: string[] = [];
    for (let i = 0; i < this.count; i++) {
      const v = this.views[i]!;
      parts.push(v.truncated ? `${v.summary()} [truncated, ${v.missing} bytes missing]` : v.summary());
    }
    return parts.join(' / ');
  }
  show(): string {
    const lines: string[] = [];
    for (const { protocol, fields } of this.layersJSON()) {
      lines.push(`###[ ${protocol} ]###`);
      for (const [k, v] of Object.entries(fields)) lines.push(`  ${k.padEnd(32)} = ${v}`);
    }
    return lines.join('\n');
  }
  hexdump(): string {
    return hexdump(this.buf.subarray(this.offset, this.offset + this.length));
  }

  /** A buildable packet with every field as decoded; building it reproduces the bytes. */
  toPacket(): Packet<Layer[]> {
    const layers: Layer[] = [];
    for (let i = 0; i < this.count; i++) {
      const v = this.views[i]!;
      // A header cut short cannot be rebuilt from fields: keep its bytes.
      if (v.truncated) {
        const r = new RawLayer();
        r.load = this.buf.slice(v.off, v.end);
        layers.push(r);
        break;
      }
      layers.push(v.toLayer());
    }
    const end = this.offset + this.length;
    if (this.trailerOffset < end) {
      const p = new PaddingLayer();
      p.load = this.buf.slice(this.trailerOffset, end);
      layers.push(p);
    }
    return new Packet(layers);
  }
}
