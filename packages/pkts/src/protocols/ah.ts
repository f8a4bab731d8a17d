// IPsec Authentication Header (RFC 4302), in IPv4 or IPv6.
import { boundValue } from '../core/bind.js';
import { kindForIpProto } from '../core/dispatch.js';
import { K } from '../core/kinds.js';
import { type BuildState, Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { hex } from '../util/bytes.js';

export class AhView extends View {
  readonly protocol = 'ah';
  readonly kind = K.AH;
  readonly minLength = 12;
  get nh(): number {
    return this.u8(0);
  }
  /** Length in 32-bit words minus 2. */
  get payloadlen(): number {
    return this.u8(1);
  }
  get spi(): number {
    return this.u32(4);
  }
  get seq(): number {
    return this.u32(8);
  }
  protected override parse(): void {
    this.s.hlen = Math.max(12, (this.u8(1) + 2) * 4);
  }
  nextKind(): number {
    return kindForIpProto(this.nh);
  }
  fields(out: FieldMap): void {
    if (!this.has(0, 12)) return;
    out['ah.spi'] = hex(this.spi, 8);
    out['ah.sequence'] = String(this.seq);
  }
  summary(): string {
    return `AH spi ${hex(this.spi, 8)} seq ${this.seq}`;
  }
  toLayer(): AHLayer {
    const l = new AHLayer();
    l.nh = this.nh;
    l.payloadlen = this.payloadlen;
    l.reserved = this.u16(2);
    l.spi = this.spi;
    l.seq = this.seq;
    l.icv = this.copy(12, this.s.hlen - 12);
    return l;
  }
}

export class AHLayer extends Layer {
  readonly kind = 'AH';
  nh?: number;
  payloadlen?: number;
  reserved?: number;
  spi?: number;
  seq?: number;
  icv?: Uint8Array;
  headerLength(): number {
    return 12 + (this.icv?.length ?? 0);
  }
  write(buf: Uint8Array, off: number, _pl: number, s: BuildState, i: number): void {
    const hl = this.headerLength();
    buf[off] = this.nh ?? boundValue(this, s.layers[i + 1], 'nh') ?? 59;
    buf[off + 1] = this.payloadlen ?? (hl >> 2) - 2;
    const r = this.reserved ?? 0;
    buf[off + 2] = r >> 8;
    buf[off + 3] = r & 255;
    const w32 = (o: number, v: number): void => {
      buf[off + o] = v >>> 24;
      buf[off + o + 1] = (v >>> 16) & 255;
      buf[off + o + 2] = (v >>> 8) & 255;
      buf[off + o + 3] = v & 255;
    };
    w32(4, this.spi ?? 0);
    w32(8, this.seq ?? 0);
    if (this.icv) buf.set(this.icv, off + 12);
  }
}
export const AH = defineLayer(AHLayer);
