// UDP (RFC 768); checksum over the IPv4 or IPv6 pseudo-header.
import { boundValue } from '../core/bind.js';
import { kindForUdp } from '../core/dispatch.js';
import { K } from '../core/kinds.js';
import { type BuildState, Layer, pseudoHeaderLayer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { hex } from '../util/bytes.js';
import { finish, sum16 } from '../util/checksum.js';

export class UdpView extends View {
  readonly protocol = 'udp';
  readonly kind = K.UDP;
  readonly minLength = 8;
  get sport(): number {
    return this.u16(0);
  }
  get dport(): number {
    return this.u16(2);
  }
  get len(): number {
    return this.u16(4);
  }
  get checksum(): number {
    return this.u16(6);
  }
  protected override parse(): void {
    const l = this.u16(4);
    if (l >= 8) this.s.dend = Math.min(this.s.end, this.s.off + l);
    else if (l !== 0) this.s.malformed = true;
  }
  nextKind(): number {
    if (this.payloadLength === 0) return K.NONE;
    return kindForUdp(this.sport, this.dport);
  }
  fields(out: FieldMap): void {
    if (this.has(0, 2)) out['udp.srcport'] = String(this.sport);
    if (this.has(2, 2)) out['udp.dstport'] = String(this.dport);
    if (this.has(4, 2)) out['udp.length'] = String(this.len);
    if (this.has(6, 2)) out['udp.checksum'] = hex(this.checksum, 4);
  }
  summary(): string {
    return `UDP ${this.sport} > ${this.dport} len ${this.len}`;
  }
  toLayer(): UDPLayer {
    const l = new UDPLayer();
    l.sport = this.sport;
    l.dport = this.dport;
    l.len = this.len;
    l.chksum = this.checksum;
    return l;
  }
}

export class UDPLayer extends Layer {
  readonly kind = 'UDP';
  sport?: number;
  dport?: number;
  len?: number;
  chksum?: number;
  headerLength(): number {
    return 8;
  }
  write(buf: Uint8Array, off: number, pl: number, s: BuildState, i: number): void {
    const up = s.layers[i + 1];
    const sp = this.sport ?? boundValue(this, up, 'sport') ?? 53;
    const dp = this.dport ?? boundValue(this, up, 'dport') ?? 53;
    buf[off] = sp >> 8;
    buf[off + 1] = sp & 255;
    buf[off + 2] = dp >> 8;
    buf[off + 3] = dp & 255;
    const len = this.len ?? 8 + pl;
    buf[off + 4] = (len >> 8) & 255;
    buf[off + 5] = len & 255;
    buf[off + 6] = 0;
    buf[off + 7] = 0;
  }
  override finish(buf: Uint8Array, off: number, pl: number, s: BuildState, i: number): void {
    let c = this.chksum;
    if (c === undefined) {
      const len = 8 + pl;
      const ip = pseudoHeaderLayer(s, i);
      const ph = ip < 0 ? 0 : s.layers[ip]!.pseudoHeaderSum(buf, s.offs[ip]!, 17, len);
      c = finish(sum16(buf, off, len, ph));
      // A computed zero is sent as all ones: zero means "no checksum".
      if (c === 0) c = 0xffff;
    }
    buf[off + 6] = c >> 8;
    buf[off + 7] = c & 255;
  }
}
export const UDP = defineLayer(UDPLayer);
