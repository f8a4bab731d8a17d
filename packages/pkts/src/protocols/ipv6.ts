// IPv6 fixed header (RFC 8200); extension headers are their own layers.
import { boundValue } from '../core/bind.js';
import { kindForIpProto } from '../core/dispatch.js';
import { K } from '../core/kinds.js';
import { type BuildState, Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { addrMemo, hex, ipv6ToString, writeIPv6Memo } from '../util/bytes.js';
import { sum16 } from '../util/checksum.js';

export class IPv6View extends View {
  readonly protocol = 'ipv6';
  readonly kind = K.IPV6;
  readonly minLength = 40;
  get version(): number {
    return this.u8(0) >> 4;
  }
  get tc(): number {
    return (this.u16(0) >> 4) & 255;
  }
  get fl(): number {
    return this.u32(0) & 0xfffff;
  }
  get plen(): number {
    return this.u16(4);
  }
  get nh(): number {
    return this.u8(6);
  }
  get hlim(): number {
    return this.u8(7);
  }
  get src(): string {
    return ipv6ToString(this.s.buf, this.s.off + 8);
  }
  get dst(): string {
    return ipv6ToString(this.s.buf, this.s.off + 24);
  }
  protected override parse(): void {
    const pl = this.u16(4);
    // Zero payload length with a hop-by-hop header may be a jumbogram (or TSO): trust the capture.
    if (pl !== 0 || this.u8(6) !== 0) {
      this.s.dend = Math.min(this.s.end, this.s.off + 40 + pl);
      this.s.rend = this.s.off + 40 + pl;
    } else this.s.rend = this.s.end;
    if (this.version !== 6) this.s.malformed = true;
  }
  nextKind(): number {
    if (this.s.malformed) return K.RAW;
    return kindForIpProto(this.nh);
  }
  fields(out: FieldMap): void {
    // Wireshark hands a header whose version is not 6 to the data dissector.
    if (!this.has(0, 1)) return;
    out['ip.version'] = String(this.version);
    out['ipv6.version'] = String(this.version);
    if (this.version !== 6) return;
    if (!this.has(0, 40)) return;
    out['ipv6.tclass'] = hex(this.tc, 8);
    out['ipv6.flow'] = hex(this.fl, 6);
    out['ipv6.plen'] = String(this.plen);
    out['ipv6.nxt'] = String(this.nh);
    out['ipv6.hlim'] = String(this.hlim);
    out['ipv6.src'] = this.src;
    out['ipv6.dst'] = this.dst;
  }
  summary(): string {
    return `IPv6 ${this.src} > ${this.dst} nh ${this.nh} hlim ${this.hlim}`;
  }
  toLayer(): IPv6Layer {
    const l = new IPv6Layer();
    l.version = this.version;
    l.tc = this.tc;
    l.fl = this.fl;
    l.plen = this.plen;
    l.nh = this.nh;
    l.hlim = this.hlim;
    l.src = this.src;
    l.dst = this.dst;
    return l;
  }
}

export class IPv6Layer extends Layer {
  readonly kind = 'IPv6';
  version?: number;
  tc?: number;
  fl?: number;
  plen?: number;
  nh?: number;
  hlim?: number;
  src?: string | Uint8Array;
  dst?: string | Uint8Array;
  private readonly _src = addrMemo(16);
  private readonly _dst = addrMemo(16);
  headerLength(): number {
    return 40;
  }
  write(buf: Uint8Array, off: number, pl: number, s: BuildState, i: number): void {
    const tc = this.tc ?? 0;
    const fl = this.fl ?? 0;
    buf[off] = ((this.version ?? 6) << 4) | ((tc >> 4) & 15);
    buf[off + 1] = ((tc & 15) << 4) | ((fl >> 16) & 15);
    buf[off + 2] = (fl >> 8) & 255;
    buf[off + 3] = fl & 255;
    const plen = this.plen ?? pl;
    buf[off + 4] = (plen >> 8) & 255;
    buf[off + 5] = plen & 255;
    // 59 = no next header (scapy's default with nothing above).
    buf[off + 6] = this.nh ?? boundValue(this, s.layers[i + 1], 'nh') ?? 59;
    // Neighbour discovery binds 255 (RFC 4861 requires it; scapy does the same).
    buf[off + 7] = this.hlim ?? boundValue(this, s.layers[i + 1], 'hlim') ?? 64;
    writeIPv6Memo(buf, off + 8, this.src ?? '::1', this._src);
    writeIPv6Memo(buf, off + 24, this.dst ?? '::1', this._dst);
  }
  override pseudoHeaderSum(buf: Uint8Array, off: number, proto: number, len: number): number {
    return sum16(buf, off + 8, 32, proto + (len >>> 16) + (len & 0xffff));
  }
}
export const IPv6 = defineLayer(IPv6Layer);
