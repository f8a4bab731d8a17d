// Ethernet II (and 802.3 length frames, whose LLC payload stays raw).
import { boundValue } from '../core/bind.js';
import { kindForEtherType } from '../core/dispatch.js';
import { K } from '../core/kinds.js';
import { type BuildState, Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { addrMemo, hex, macToString, writeMacMemo } from '../util/bytes.js';

export class EthernetView extends View {
  readonly protocol = 'eth';
  readonly kind = K.ETH;
  readonly minLength = 14;

  get dst(): string {
    return macToString(this.s.buf, this.s.off);
  }
  get src(): string {
    return macToString(this.s.buf, this.s.off + 6);
  }
  /** Destination as a 48-bit number (no string allocation). */
  get dstValue(): number {
    return this.u16(0) * 0x100000000 + this.u32(2);
  }
  get srcValue(): number {
    return this.u16(6) * 0x100000000 + this.u32(8);
  }
  /** EtherType, or the 802.3 length when below 0x600. */
  get type(): number {
    return this.u16(12);
  }

  protected override parse(): void {
    const t = this.u16(12);
    // 802.3: the length field bounds the LLC payload; the rest is padding.
    if (t < 0x600 && this.has(12, 2)) this.s.dend = Math.min(this.s.end, this.s.off + 14 + t);
  }
  nextKind(): number {
    const t = this.u16(12);
    return t >= 0x600 ? kindForEtherType(t) : K.RAW;
  }
  fields(out: FieldMap): void {
    if (this.has(0, 6)) out['eth.dst'] = this.dst;
    if (this.has(6, 6)) out['eth.src'] = this.src;
    if (this.has(12, 2)) {
      const t = this.type;
      if (t >= 0x600) out['eth.type'] = hex(t, 4);
      else out['eth.len'] = String(t);
    }
  }
  summary(): string {
    return `Ether ${this.src} > ${this.dst} type ${hex(this.type, 4)}`;
  }
  toLayer(): EtherLayer {
    const l = new EtherLayer();
    l.dst = this.dst;
    l.src = this.src;
    l.type = this.type;
    return l;
  }
}

export class EtherLayer extends Layer {
  readonly kind = 'Ether';
  dst?: string | Uint8Array;
  src?: string | Uint8Array;
  type?: number;
  private readonly _dst = addrMemo(6);
  private readonly _src = addrMemo(6);
  headerLength(): number {
    return 14;
  }
  write(buf: Uint8Array, off: number, _pl: number, s: BuildState, i: number): void {
    writeMacMemo(buf, off, this.dst ?? 'ff:ff:ff:ff:ff:ff', this._dst);
    writeMacMemo(buf, off + 6, this.src ?? '00:00:00:00:00:00', this._src);
    // scapy's default type with nothing above is 0x9000 (loopback).
    const t = this.type ?? boundValue(this, s.layers[i + 1], 'type') ?? 0x9000;
    buf[off + 12] = t >> 8;
    buf[off + 13] = t & 255;
  }
}
export const Ether = defineLayer(EtherLayer);
