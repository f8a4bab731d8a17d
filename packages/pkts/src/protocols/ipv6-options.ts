// IPv6 Hop-by-Hop and Destination Options headers (same TLV format, RFC 8200 §4.3/4.6).
import { boundValue } from '../core/bind.js';
import { kindForIpProto } from '../core/dispatch.js';
import { K } from '../core/kinds.js';
import { type BuildState, Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';

export class IPv6OptionsView extends View {
  readonly protocol: string;
  readonly kind: number;
  readonly minLength = 8;
  constructor(hop: boolean) {
    super();
    this.kind = hop ? K.IPV6_HOP : K.IPV6_DEST;
    this.protocol = hop ? 'ipv6.hopopts' : 'ipv6.dstopts';
  }
  get nh(): number {
    return this.u8(0);
  }
  /** Length in 8-byte units, not counting the first 8 bytes. */
  get len(): number {
    return this.u8(1);
  }
  protected override parse(): void {
    this.s.hlen = (this.u8(1) + 1) * 8;
  }
  nextKind(): number {
    return kindForIpProto(this.nh);
  }
  fields(out: FieldMap): void {
    if (!this.has(0, 2)) return;
    out[`${this.protocol}.nxt`] = String(this.nh);
    out[`${this.protocol}.len`] = String(this.len);
  }
  summary(): string {
    return `${this.kind === K.IPV6_HOP ? 'HopByHop' : 'DestOpts'} nh ${this.nh}`;
  }
  toLayer(): IPv6OptionsLayer {
    const l = this.kind === K.IPV6_HOP ? new IPv6ExtHdrHopByHopLayer() : new IPv6ExtHdrDestOptLayer();
    l.nh = this.nh;
    l.len = this.len;
    l.options = this.copy(2, this.s.hlen - 2);
    l.autopad = false;
    return l;
  }
}

export abstract class IPv6OptionsLayer extends Layer {
  nh?: number;
  len?: number;
  /** Raw option TLVs. */
  options?: Uint8Array;
  /** Pad with Pad1/PadN to a multiple of 8 (scapy's autopad); decoded layers keep their bytes as they are. */
  autopad?: boolean;
  headerLength(): number {
    const n = 2 + (this.options?.length ?? 0);
    return this.len !== undefined && this.autopad === false ? Math.max(n, (this.len + 1) * 8) : (n + 7) & ~7;
  }
  write(buf: Uint8Array, off: number, _pl: number, s: BuildState, i: number): void {
    const hl = this.headerLength();
    buf[off] = this.nh ?? boundValue(this, s.layers[i + 1], 'nh') ?? 59;
    buf[off + 1] = this.len ?? (hl >> 3) - 1;
    const o = this.options ?? new Uint8Array(0);
    buf.set(o, off + 2);
    let p = off + 2 + o.length;
    const pad = off + hl - p;
    if (pad === 1) buf[p] = 0;
    else if (pad > 1) {
      buf[p++] = 1;
      buf[p++] = pad - 2;
      while (p < off + hl) buf[p++] = 0;
    }
  }
}
export class IPv6ExtHdrHopByHopLayer extends IPv6OptionsLayer {
  readonly kind = 'IPv6ExtHdrHopByHop';
}
export class IPv6ExtHdrDestOptLayer extends IPv6OptionsLayer {
  readonly kind = 'IPv6ExtHdrDestOpt';
}
export const IPv6ExtHdrHopByHop = defineLayer(IPv6ExtHdrHopByHopLayer);
export const IPv6ExtHdrDestOpt = defineLayer(IPv6ExtHdrDestOptLayer);
