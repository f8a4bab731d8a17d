// IPv6 Fragment header (RFC 8200 §4.5).
import { boundValue } from '../core/bind.js';
import { kindForIpProto } from '../core/dispatch.js';
import { K } from '../core/kinds.js';
import { type BuildState, Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { hex } from '../util/bytes.js';

export class IPv6FragmentView extends View {
  readonly protocol = 'ipv6.fraghdr';
  readonly kind = K.IPV6_FRAG;
  readonly minLength = 8;
  get nh(): number {
    return this.u8(0);
  }
  /** Offset in 8-byte units. */
  get offset8(): number {
    return this.u16(2) >> 3;
  }
  get m(): number {
    return this.u16(2) & 1;
  }
  get id(): number {
    return this.u32(4);
  }
  nextKind(): number {
    // Only the first fragment holds the upper header.
    return this.offset8 === 0 ? kindForIpProto(this.nh) : K.RAW;
  }
  fields(out: FieldMap): void {
    if (!this.has(0, 8)) return;
    out['ipv6.fraghdr.nxt'] = String(this.nh);
    out['ipv6.fraghdr.offset'] = String(this.offset8);
    out['ipv6.fraghdr.more'] = String(this.m);
    out['ipv6.fraghdr.ident'] = hex(this.id, 8);
  }
  summary(): string {
    return `Fragment id ${hex(this.id, 8)} off ${this.offset8 * 8}${this.m ? ' +' : ''}`;
  }
  toLayer(): IPv6ExtHdrFragmentLayer {
    const l = new IPv6ExtHdrFragmentLayer();
    l.nh = this.nh;
    l.res1 = this.u8(1);
    l.offset = this.offset8;
    l.res2 = (this.u16(2) >> 1) & 3;
    l.m = this.m;
    l.id = this.id;
    return l;
  }
}

export class IPv6ExtHdrFragmentLayer extends Layer {
  readonly kind = 'IPv6ExtHdrFragment';
  nh?: number;
  res1?: number;
  /** Offset in 8-byte units. */
  offset?: number;
  res2?: number;
  m?: number;
  id?: number;
  headerLength(): number {
    return 8;
  }
  write(buf: Uint8Array, off: number, _pl: number, s: BuildState, i: number): void {
    buf[off] = this.nh ?? boundValue(this, s.layers[i + 1], 'nh') ?? 59;
    buf[off + 1] = this.res1 ?? 0;
    const w = (((this.offset ?? 0) & 0x1fff) << 3) | (((this.res2 ?? 0) & 3) << 1) | ((this.m ?? 0) & 1);
    buf[off + 2] = w >> 8;
    buf[off + 3] = w & 255;
    const id = this.id ?? 0;
    buf[off + 4] = id >>> 24;
    buf[off + 5] = (id >>> 16) & 255;
    buf[off + 6] = (id >>> 8) & 255;
    buf[off + 7] = id & 255;
  }
}
export const IPv6ExtHdrFragment = defineLayer(IPv6ExtHdrFragmentLayer);
