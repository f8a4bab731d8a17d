// Linux "cooked" capture headers: SLL (v1, 16 bytes) and SLL2 (20 bytes).
import { boundValue } from '../core/bind.js';
import { kindForEtherType } from '../core/dispatch.js';
import { K } from '../core/kinds.js';
import { type BuildState, Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { bytesToColonHex, hex } from '../util/bytes.js';

function sllNext(protocol: number, hatype: number): number {
  // ARPHRD_NETLINK, CAN and the 802.2/802.3 pseudo-protocols are not IP: leave them raw.
  if (hatype === 824 || hatype === 280) return K.RAW;
  return protocol >= 0x600 ? kindForEtherType(protocol) : K.RAW;
}

export class SllView extends View {
  readonly protocol = 'sll';
  readonly kind = K.SLL;
  readonly minLength = 16;
  get pkttype(): number {
    return this.u16(0);
  }
  get hatype(): number {
    return this.u16(2);
  }
  get halen(): number {
    return this.u16(4);
  }
  get addr(): string {
    return bytesToColonHex(this.s.buf, this.s.off + 6, Math.min(8, this.halen));
  }
  get proto(): number {
    return this.u16(14);
  }
  nextKind(): number {
    return sllNext(this.proto, this.hatype);
  }
  fields(out: FieldMap): void {
    if (this.has(0, 16)) {
      out['sll.pkttype'] = String(this.pkttype);
      out['sll.hatype'] = String(this.hatype);
      out['sll.halen'] = String(this.halen);
      out['sll.etype'] = hex(this.proto, 4);
    }
  }
  summary(): string {
    return `SLL ${this.addr} proto ${hex(this.proto, 4)}`;
  }
  toLayer(): CookedLinuxLayer {
    const l = new CookedLinuxLayer();
    l.pkttype = this.pkttype;
    l.lladdrtype = this.hatype;
    l.lladdrlen = this.halen;
    l.src = this.copy(6, 8);
    l.proto = this.proto;
    return l;
  }
}

/** scapy's CookedLinux. */
export class CookedLinuxLayer extends Layer {
  readonly kind = 'CookedLinux';
  pkttype?: number;
  lladdrtype?: number;
  lladdrlen?: number;
  /** 8 address bytes (shorter is zero padded). */
  src?: Uint8Array;
  proto?: number;
  headerLength(): number {
    return 16;
  }
  write(buf: Uint8Array, off: number, _pl: number, s: BuildState, i: number): void {
    const w16 = (o: number, v: number): void => {
      buf[off + o] = v >> 8;
      buf[off + o + 1] = v & 255;
    };
    w16(0, this.pkttype ?? 0);
    w16(2, this.lladdrtype ?? 512);
    w16(4, this.lladdrlen ?? 0);
    for (let k = 0; k < 8; k++) buf[off + 6 + k] = this.src?.[k] ?? 0;
    w16(14, this.proto ?? boundValue(this, s.layers[i + 1], 'proto') ?? 0);
  }
}
export const CookedLinux = defineLayer(CookedLinuxLayer);

export class Sll2View extends View {
  readonly protocol = 'sll';
  readonly kind = K.SLL2;
  readonly minLength = 20;
  get proto(): number {
    return this.u16(0);
  }
  get ifindex(): number {
    return this.u32(4);
  }
  get hatype(): number {
    return this.u16(8);
  }
  get pkttype(): number {
    return this.u8(10);
  }
  get halen(): number {
    return this.u8(11);
  }
  nextKind(): number {
    return sllNext(this.proto, this.hatype);
  }
  fields(out: FieldMap): void {
    if (this.has(0, 20)) {
      out['sll.etype'] = hex(this.proto, 4);
      out['sll.ifindex'] = String(this.ifindex);
      out['sll.hatype'] = String(this.hatype);
      out['sll.pkttype'] = String(this.pkttype);
      out['sll.halen'] = String(this.halen);
    }
  }
  summary(): string {
    return `SLL2 if ${this.ifindex} proto ${hex(this.proto, 4)}`;
  }
  toLayer(): CookedLinuxV2Layer {
    const l = new CookedLinuxV2Layer();
    l.proto = this.proto;
    l.reserved = this.u16(2);
    l.ifindex = this.ifindex;
    l.lladdrtype = this.hatype;
    l.pkttype = this.pkttype;
    l.lladdrlen = this.halen;
    l.src = this.copy(12, 8);
    return l;
  }
}

/** scapy's CookedLinuxV2. */
export class CookedLinuxV2Layer extends Layer {
  readonly kind = 'CookedLinuxV2';
  proto?: number;
  reserved?: number;
  ifindex?: number;
  lladdrtype?: number;
  pkttype?: number;
  lladdrlen?: number;
  src?: Uint8Array;
  headerLength(): number {
    return 20;
  }
  write(buf: Uint8Array, off: number, _pl: number, s: BuildState, i: number): void {
    const p = this.proto ?? boundValue(this, s.layers[i + 1], 'proto') ?? 0;
    buf[off] = p >> 8;
    buf[off + 1] = p & 255;
    const r = this.reserved ?? 0;
    buf[off + 2] = r >> 8;
    buf[off + 3] = r & 255;
    const ix = this.ifindex ?? 0;
    buf[off + 4] = ix >>> 24;
    buf[off + 5] = (ix >>> 16) & 255;
    buf[off + 6] = (ix >>> 8) & 255;
    buf[off + 7] = ix & 255;
    const h = this.lladdrtype ?? 1;
    buf[off + 8] = h >> 8;
    buf[off + 9] = h & 255;
    buf[off + 10] = this.pkttype ?? 0;
    buf[off + 11] = this.lladdrlen ?? 0;
    for (let k = 0; k < 8; k++) buf[off + 12 + k] = this.src?.[k] ?? 0;
  }
}
export const CookedLinuxV2 = defineLayer(CookedLinuxV2Layer);
