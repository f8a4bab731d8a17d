// VXLAN (RFC 7348): an 8-byte header, then an Ethernet frame.

import { boundValue } from '../core/bind.js';
import { K } from '../core/kinds.js';
import { type BuildState, Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { hex } from '../util/bytes.js';

export class VxlanView extends View {
  readonly protocol = 'vxlan';
  readonly kind = K.VXLAN;
  readonly minLength = 8;
  get flags(): number {
    return this.u8(0);
  }
  get vni(): number {
    return this.u32(4) >>> 8;
  }
  nextKind(): number {
    return K.ETH;
  }
  fields(out: FieldMap): void {
    if (!this.has(0, 8)) return;
    out['vxlan.flags'] = hex(this.u16(0), 4);
    out['vxlan.vni'] = String(this.vni);
  }
  summary(): string {
    return `VXLAN vni ${this.vni}`;
  }
  toLayer(): VXLANLayer {
    const l = new VXLANLayer();
    l.flags = this.flags;
    l.reserved1 = this.u16(1);
    l.NextProtocol = this.u8(3);
    l.vni = this.vni;
    l.reserved2 = this.u8(7);
    return l;
  }
}

export class VXLANLayer extends Layer {
  readonly kind = 'VXLAN';
  /** 0x08: the VNI is valid; 0x04: NextProtocol is set (VXLAN-GPE). Bound like scapy: 0x0c above Ethernet/IP. */
  flags?: number;
  /** Bytes 1-2. */
  reserved1?: number;
  /** Byte 3 (VXLAN-GPE next protocol: 1 IPv4, 2 IPv6, 3 Ethernet). */
  NextProtocol?: number;
  vni?: number;
  reserved2?: number;
  headerLength(): number {
    return 8;
  }
  write(buf: Uint8Array, off: number, _pl: number, s: BuildState, i: number): void {
    const up = s.layers[i + 1];
    buf[off] = this.flags ?? boundValue(this, up, 'flags') ?? 0x08;
    const r1 = this.reserved1 ?? 0;
    buf[off + 1] = (r1 >> 8) & 255;
    buf[off + 2] = r1 & 255;
    buf[off + 3] = this.NextProtocol ?? boundValue(this, up, 'NextProtocol') ?? 0;
    const v = this.vni ?? 0;
    buf[off + 4] = (v >> 16) & 255;
    buf[off + 5] = (v >> 8) & 255;
    buf[off + 6] = v & 255;
    buf[off + 7] = this.reserved2 ?? 0;
  }
}
export const VXLAN = defineLayer(VXLANLayer);
