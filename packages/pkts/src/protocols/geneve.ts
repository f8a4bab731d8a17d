// Geneve (RFC 8926): header, raw TLV options, then the protocol named by an EtherType.
import { boundValue } from '../core/bind.js';
import { kindForEtherType } from '../core/dispatch.js';
import { K } from '../core/kinds.js';
import { type BuildState, Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { hex } from '../util/bytes.js';

export class GeneveView extends View {
  readonly protocol = 'geneve';
  readonly kind = K.GENEVE;
  readonly minLength = 8;
  get version(): number {
    return this.u8(0) >> 6;
  }
  /** Options length in 32-bit words. */
  get optlen(): number {
    return this.u8(0) & 63;
  }
  get proto(): number {
    return this.u16(2);
  }
  get vni(): number {
    return this.u32(4) >>> 8;
  }
  protected override parse(): void {
    this.s.hlen = 8 + (this.u8(0) & 63) * 4;
  }
  nextKind(): number {
    return kindForEtherType(this.proto);
  }
  fields(out: FieldMap): void {
    if (!this.has(0, 8)) return;
    out['geneve.version'] = String(this.version);
    out['geneve.proto_type'] = hex(this.proto, 4);
    out['geneve.vni'] = hex(this.vni, 6);
  }
  summary(): string {
    return `Geneve vni ${this.vni} proto ${hex(this.proto, 4)}`;
  }
  toLayer(): GENEVELayer {
    const l = new GENEVELayer();
    l.version = this.version;
    l.optionlen = this.optlen;
    l.oam = this.u8(1) >> 7;
    l.critical = (this.u8(1) >> 6) & 1;
    l.reserved = this.u8(1) & 63;
    l.proto = this.proto;
    l.vni = this.vni;
    l.reserved2 = this.u8(7);
    l.options = this.copy(8, this.s.hlen - 8);
    return l;
  }
}

export class GENEVELayer extends Layer {
  readonly kind = 'GENEVE';
  version?: number;
  optionlen?: number;
  oam?: number;
  critical?: number;
  reserved?: number;
  proto?: number;
  vni?: number;
  reserved2?: number;
  /** Raw option TLVs (a multiple of 4 bytes). */
  options?: Uint8Array;
  headerLength(): number {
    return 8 + (((this.options?.length ?? 0) + 3) & ~3);
  }
  write(buf: Uint8Array, off: number, _pl: number, s: BuildState, i: number): void {
    const hl = this.headerLength();
    buf[off] = (((this.version ?? 0) & 3) << 6) | ((this.optionlen ?? (hl - 8) >> 2) & 63);
    buf[off + 1] =
      (((this.oam ?? 0) & 1) << 7) | (((this.critical ?? 0) & 1) << 6) | ((this.reserved ?? 0) & 63);
    const p = this.proto ?? boundValue(this, s.layers[i + 1], 'proto') ?? 0x6558;
    buf[off + 2] = p >> 8;
    buf[off + 3] = p & 255;
    const v = this.vni ?? 0;
    buf[off + 4] = (v >> 16) & 255;
    buf[off + 5] = (v >> 8) & 255;
    buf[off + 6] = v & 255;
    buf[off + 7] = this.reserved2 ?? 0;
    buf.fill(0, off + 8, off + hl);
    if (this.options) buf.set(this.options, off + 8);
  }
}
export const GENEVE = defineLayer(GENEVELayer);
