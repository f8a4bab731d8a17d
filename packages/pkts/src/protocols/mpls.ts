// MPLS label stack entries (RFC 3032), one layer per label; after bottom-of-stack the payload is
// IPv4/IPv6 by its version nibble.
import { K } from '../core/kinds.js';
import { type BuildState, Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';

export class MplsView extends View {
  readonly protocol = 'mpls';
  readonly kind = K.MPLS;
  readonly minLength = 4;
  get label(): number {
    return this.u32(0) >>> 12;
  }
  get cos(): number {
    return (this.u8(2) >> 1) & 7;
  }
  /** Bottom-of-stack bit. */
  get bottom(): number {
    return this.u8(2) & 1;
  }
  get ttl(): number {
    return this.u8(3);
  }
  nextKind(): number {
    if (!this.bottom) return K.MPLS;
    const v = this.u8(4) >> 4;
    if (!this.has(4, 1)) return K.NONE;
    return v === 4 ? K.IPV4 : v === 6 ? K.IPV6 : K.RAW;
  }
  fields(out: FieldMap): void {
    if (!this.has(0, 4)) return;
    out['mpls.label'] = String(this.label);
    out['mpls.exp'] = String(this.cos);
    out['mpls.bottom'] = String(this.bottom);
    out['mpls.ttl'] = String(this.ttl);
  }
  summary(): string {
    return `MPLS label ${this.label}${this.bottom ? ' (bottom)' : ''} ttl ${this.ttl}`;
  }
  toLayer(): MPLSLayer {
    const l = new MPLSLayer();
    l.label = this.label;
    l.cos = this.cos;
    l.s = this.bottom;
    l.ttl = this.ttl;
    return l;
  }
}

export class MPLSLayer extends Layer {
  readonly kind = 'MPLS';
  label?: number;
  cos?: number;
  /** Bottom of stack; by default set when the next layer is not MPLS. */
  s?: number;
  ttl?: number;
  headerLength(): number {
    return 4;
  }
  write(buf: Uint8Array, off: number, _pl: number, st: BuildState, i: number): void {
    const s = this.s ?? (st.layers[i + 1] instanceof MPLSLayer ? 0 : 1);
    const label = this.label ?? 3;
    buf[off] = (label >>> 12) & 255;
    buf[off + 1] = (label >>> 4) & 255;
    buf[off + 2] = ((label & 15) << 4) | (((this.cos ?? 0) & 7) << 1) | (s & 1);
    buf[off + 3] = this.ttl ?? 0;
  }
}
export const MPLS = defineLayer(MPLSLayer);
