// IPsec ESP (RFC 4303): SPI and sequence number; the encrypted rest stays opaque.
import { K } from '../core/kinds.js';
import { Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { hex } from '../util/bytes.js';

export class EspView extends View {
  readonly protocol = 'esp';
  readonly kind = K.ESP;
  readonly minLength = 8;
  get spi(): number {
    return this.u32(0);
  }
  get seq(): number {
    return this.u32(4);
  }
  protected override parse(): void {
    // The whole datagram is the opaque ESP "header".
    this.s.hlen = Math.max(8, this.s.dend - this.s.off);
  }
  nextKind(): number {
    return K.NONE;
  }
  fields(out: FieldMap): void {
    if (!this.has(0, 8)) return;
    out['esp.spi'] = hex(this.spi, 8);
    out['esp.sequence'] = String(this.seq);
  }
  summary(): string {
    return `ESP spi ${hex(this.spi, 8)} seq ${this.seq}`;
  }
  toLayer(): ESPLayer {
    const l = new ESPLayer();
    l.spi = this.spi;
    l.seq = this.seq;
    l.data = this.copy(8, this.s.hlen - 8);
    return l;
  }
}

export class ESPLayer extends Layer {
  readonly kind = 'ESP';
  spi?: number;
  seq?: number;
  /** Encrypted payload, padding and ICV. */
  data?: Uint8Array;
  headerLength(): number {
    return 8 + (this.data?.length ?? 0);
  }
  write(buf: Uint8Array, off: number): void {
    const w32 = (o: number, v: number): void => {
      buf[off + o] = v >>> 24;
      buf[off + o + 1] = (v >>> 16) & 255;
      buf[off + o + 2] = (v >>> 8) & 255;
      buf[off + o + 3] = v & 255;
    };
    w32(0, this.spi ?? 0);
    w32(4, this.seq ?? 0);
    if (this.data) buf.set(this.data, off + 8);
  }
}
export const ESP = defineLayer(ESPLayer);
