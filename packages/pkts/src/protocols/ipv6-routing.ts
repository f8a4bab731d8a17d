// IPv6 Routing header (RFC 8200 §4.4): type-specific data kept raw.
import { boundValue } from '../core/bind.js';
import { kindForIpProto } from '../core/dispatch.js';
import { K } from '../core/kinds.js';
import { type BuildState, Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { writeIPv6 } from '../util/bytes.js';

export class IPv6RoutingView extends View {
  readonly protocol = 'ipv6.routing';
  readonly kind = K.IPV6_ROUTING;
  readonly minLength = 8;
  get nh(): number {
    return this.u8(0);
  }
  get len(): number {
    return this.u8(1);
  }
  get type(): number {
    return this.u8(2);
  }
  get segleft(): number {
    return this.u8(3);
  }
  protected override parse(): void {
    this.s.hlen = (this.u8(1) + 1) * 8;
  }
  nextKind(): number {
    return kindForIpProto(this.nh);
  }
  fields(out: FieldMap): void {
    if (!this.has(0, 4)) return;
    out['ipv6.routing.nxt'] = String(this.nh);
    out['ipv6.routing.len'] = String(this.len);
    out['ipv6.routing.type'] = String(this.type);
    out['ipv6.routing.segleft'] = String(this.segleft);
  }
  summary(): string {
    return `Routing type ${this.type} segleft ${this.segleft}`;
  }
  toLayer(): IPv6ExtHdrRoutingLayer {
    const l = new IPv6ExtHdrRoutingLayer();
    l.nh = this.nh;
    l.len = this.len;
    l.type = this.type;
    l.segleft = this.segleft;
    l.data = this.copy(4, this.s.hlen - 4);
    return l;
  }
}

export class IPv6ExtHdrRoutingLayer extends Layer {
  readonly kind = 'IPv6ExtHdrRouting';
  nh?: number;
  len?: number;
  type?: number;
  segleft?: number;
  /** Type 0 addresses (written after 4 reserved bytes) when `data` is unset. */
  addresses?: string[];
  /** Everything after the first 4 bytes, raw. */
  data?: Uint8Array;
  headerLength(): number {
    const n = this.data ? this.data.length : 4 + 16 * (this.addresses?.length ?? 0);
    return (4 + n + 7) & ~7;
  }
  write(buf: Uint8Array, off: number, _pl: number, s: BuildState, i: number): void {
    const hl = this.headerLength();
    buf[off] = this.nh ?? boundValue(this, s.layers[i + 1], 'nh') ?? 59;
    buf[off + 1] = this.len ?? (hl >> 3) - 1;
    buf[off + 2] = this.type ?? 0;
    buf[off + 3] = this.segleft ?? this.addresses?.length ?? 0;
    buf.fill(0, off + 4, off + hl);
    if (this.data) buf.set(this.data, off + 4);
    else {
      const addrs = this.addresses ?? [];
      for (let k = 0; k < addrs.length; k++) writeIPv6(buf, off + 8 + 16 * k, addrs[k]!);
    }
  }
}
export const IPv6ExtHdrRouting = defineLayer(IPv6ExtHdrRoutingLayer);
