// BSD loopback headers: DLT_NULL (address family in host byte order) and DLT_LOOP (network order).
import { boundValue } from '../core/bind.js';
import { K } from '../core/kinds.js';
import { type BuildState, Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';

function familyKind(f: number): number {
  if (f === 2) return K.IPV4;
  if (f === 24 || f === 28 || f === 30 || f === 10) return K.IPV6;
  return K.RAW;
}

export class LoopbackView extends View {
  readonly protocol = 'null';
  readonly kind = K.LOOP;
  readonly minLength = 4;
  /** Set by the decoder: true for DLT_LOOP. */
  networkOrder = false;
  /** The address family, whatever byte order the capturing host used. */
  get family(): number {
    const be = this.u32(0);
    if (this.networkOrder) return be;
    // Host order: a small value stored little-endian reads as its byte swap.
    return (be & 0xffff) === 0
      ? ((this.u8(3) << 24) | (this.u8(2) << 16) | (this.u8(1) << 8) | this.u8(0)) >>> 0
      : be;
  }
  nextKind(): number {
    return familyKind(this.family);
  }
  fields(out: FieldMap): void {
    if (this.has(0, 4)) out['null.family'] = String(this.family);
  }
  summary(): string {
    return `Loopback family ${this.family}`;
  }
  toLayer(): LoopbackLayer {
    const l = new LoopbackLayer();
    l.type = this.family;
    l.littleEndian = !this.networkOrder && (this.u32(0) & 0xffff) === 0;
    return l;
  }
}

export class LoopbackLayer extends Layer {
  readonly kind = 'Loopback';
  /** Address family (2 = IPv4, 24/28/30 = IPv6 depending on the BSD). */
  type?: number;
  /** DLT_NULL from a little-endian host. */
  littleEndian?: boolean;
  headerLength(): number {
    return 4;
  }
  write(buf: Uint8Array, off: number, _pl: number, s: BuildState, i: number): void {
    const v = this.type ?? boundValue(this, s.layers[i + 1], 'type') ?? 2;
    if (this.littleEndian) {
      buf[off] = v & 255;
      buf[off + 1] = (v >>> 8) & 255;
      buf[off + 2] = (v >>> 16) & 255;
      buf[off + 3] = v >>> 24;
    } else {
      buf[off] = v >>> 24;
      buf[off + 1] = (v >>> 16) & 255;
      buf[off + 2] = (v >>> 8) & 255;
      buf[off + 3] = v & 255;
    }
  }
}
export const Loopback = defineLayer(LoopbackLayer);
