// IEEE 802.1Q / 802.1ad VLAN tags (stacked tags are consecutive layers).
import { boundValue } from '../core/bind.js';
import { kindForEtherType } from '../core/dispatch.js';
import { K } from '../core/kinds.js';
import { type BuildState, Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { hex } from '../util/bytes.js';

export class VlanView extends View {
  readonly protocol = 'vlan';
  readonly kind = K.VLAN;
  readonly minLength = 4;

  get prio(): number {
    return this.u8(0) >> 5;
  }
  get dei(): number {
    return (this.u8(0) >> 4) & 1;
  }
  get vlan(): number {
    return this.u16(0) & 0x0fff;
  }
  get type(): number {
    return this.u16(2);
  }
  protected override parse(): void {
    const t = this.u16(2);
    if (t < 0x600 && this.has(2, 2)) this.s.dend = Math.min(this.s.end, this.s.off + 4 + t);
  }
  nextKind(): number {
    const t = this.type;
    return t >= 0x600 ? kindForEtherType(t) : K.RAW;
  }
  fields(out: FieldMap): void {
    if (this.has(0, 2)) {
      out['vlan.priority'] = String(this.prio);
      out['vlan.dei'] = String(this.dei);
      out['vlan.id'] = String(this.vlan);
    }
    if (this.has(2, 2)) {
      if (this.type >= 0x600) out['vlan.etype'] = hex(this.type, 4);
      else out['vlan.len'] = String(this.type);
    }
  }
  summary(): string {
    return `802.1Q vlan ${this.vlan} prio ${this.prio}`;
  }
  toLayer(): Dot1QLayer {
    const l = new Dot1QLayer();
    l.prio = this.prio;
    l.dei = this.dei;
    l.vlan = this.vlan;
    l.type = this.type;
    return l;
  }
}

export class Dot1QLayer extends Layer {
  readonly kind: string = 'Dot1Q';
  prio?: number;
  /** Drop eligible indicator (scapy's `id`). */
  dei?: number;
  vlan?: number;
  type?: number;
  headerLength(): number {
    return 4;
  }
  write(buf: Uint8Array, off: number, _pl: number, s: BuildState, i: number): void {
    const tci = (((this.prio ?? 0) & 7) << 13) | (((this.dei ?? 0) & 1) << 12) | ((this.vlan ?? 1) & 0xfff);
    buf[off] = tci >> 8;
    buf[off + 1] = tci & 255;
    const t = this.type ?? boundValue(this, s.layers[i + 1], 'type') ?? 0x9000;
    buf[off + 2] = t >> 8;
    buf[off + 3] = t & 255;
  }
}
/** The 802.1ad service tag: the same format; Ether.type becomes 0x88a8 under it. */
export class Dot1ADLayer extends Dot1QLayer {
  override readonly kind: string = 'Dot1AD';
}
export const Dot1Q = defineLayer(Dot1QLayer);
export const Dot1AD = defineLayer(Dot1ADLayer);
