// Neighbour discovery options (RFC 4861 §4.6) for building: source/target link-layer address, MTU, any other.
import { Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { writeMac } from '../util/bytes.js';

abstract class LLAddrLayer extends Layer {
  len?: number;
  lladdr?: string | Uint8Array;
  protected abstract typeValue(): number;
  headerLength(): number {
    return 8;
  }
  write(buf: Uint8Array, off: number): void {
    buf[off] = this.typeValue();
    buf[off + 1] = this.len ?? 1;
    writeMac(buf, off + 2, this.lladdr ?? '00:00:00:00:00:00');
  }
}
export class ICMPv6NDOptSrcLLAddrLayer extends LLAddrLayer {
  readonly kind = 'ICMPv6NDOptSrcLLAddr';
  protected typeValue(): number {
    return 1;
  }
}
export class ICMPv6NDOptDstLLAddrLayer extends LLAddrLayer {
  readonly kind = 'ICMPv6NDOptDstLLAddr';
  protected typeValue(): number {
    return 2;
  }
}
export class ICMPv6NDOptMTULayer extends Layer {
  readonly kind = 'ICMPv6NDOptMTU';
  len?: number;
  res?: number;
  mtu?: number;
  headerLength(): number {
    return 8;
  }
  write(buf: Uint8Array, off: number): void {
    buf[off] = 5;
    buf[off + 1] = this.len ?? 1;
    const r = this.res ?? 0;
    buf[off + 2] = r >> 8;
    buf[off + 3] = r & 255;
    const m = this.mtu ?? 1280;
    buf[off + 4] = m >>> 24;
    buf[off + 5] = (m >>> 16) & 255;
    buf[off + 6] = (m >>> 8) & 255;
    buf[off + 7] = m & 255;
  }
}
export const ICMPv6NDOptSrcLLAddr = defineLayer(ICMPv6NDOptSrcLLAddrLayer);
export const ICMPv6NDOptDstLLAddr = defineLayer(ICMPv6NDOptDstLLAddrLayer);
export const ICMPv6NDOptMTU = defineLayer(ICMPv6NDOptMTULayer);
