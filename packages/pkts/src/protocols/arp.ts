// ARP (RFC 826), any hardware/protocol address sizes; Ethernet/IPv4 ones print as text.
import { K } from '../core/kinds.js';
import { Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { bytesToHex, hex, ipv4ToString, macToString, writeIPv4, writeMac } from '../util/bytes.js';

export class ArpView extends View {
  readonly protocol = 'arp';
  readonly kind = K.ARP;
  readonly minLength = 8;
  get hwtype(): number {
    return this.u16(0);
  }
  get ptype(): number {
    return this.u16(2);
  }
  get hwlen(): number {
    return this.u8(4);
  }
  get plen(): number {
    return this.u8(5);
  }
  get op(): number {
    return this.u16(6);
  }
  private addr(o: number, n: number, ip: boolean): string {
    if (ip && n === 4) return ipv4ToString(this.s.buf, this.s.off + o);
    if (!ip && n === 6 && (this.hwtype === 1 || this.hwtype === 6))
      return macToString(this.s.buf, this.s.off + o);
    return bytesToHex(this.s.buf, this.s.off + o, n);
  }
  get hwsrc(): string {
    return this.addr(8, this.hwlen, false);
  }
  get psrc(): string {
    return this.addr(8 + this.hwlen, this.plen, this.ptype === 0x0800 || this.ptype === 0xcc);
  }
  get hwdst(): string {
    return this.addr(8 + this.hwlen + this.plen, this.hwlen, false);
  }
  get pdst(): string {
    return this.addr(8 + 2 * this.hwlen + this.plen, this.plen, this.ptype === 0x0800 || this.ptype === 0xcc);
  }
  protected override parse(): void {
    this.s.hlen = 8 + 2 * (this.u8(4) + this.u8(5));
    // Whatever follows the addresses is link padding.
    this.s.dend = Math.min(this.s.end, this.s.off + this.s.hlen);
  }
  nextKind(): number {
    return K.NONE;
  }
  fields(out: FieldMap): void {
    // ATM ARP (hardware type 19) has another layout, under Wireshark's atmarp.
    if (!this.has(0, 8) || this.hwtype === 19) return;
    out['arp.hw.type'] = String(this.hwtype);
    out['arp.proto.type'] = hex(this.ptype, 4);
    out['arp.hw.size'] = String(this.hwlen);
    out['arp.proto.size'] = String(this.plen);
    out['arp.opcode'] = String(this.op);
    if (this.truncated) return;
    const h = this.hwlen;
    const p = this.plen;
    // Wireshark's ARP_HW_IS_ETHER / ARP_PRO_IS_IPv4; other addresses print as plain hex.
    const eth = h === 6 && (this.hwtype === 1 || this.hwtype === 6);
    const v4 = p === 4 && (this.ptype === 0x0800 || this.ptype === 0xcc);
    if (h) out[eth ? 'arp.src.hw_mac' : 'arp.src.hw'] = this.hwsrc;
    if (p) out[v4 ? 'arp.src.proto_ipv4' : 'arp.src.proto'] = this.psrc;
    if (h) out[eth ? 'arp.dst.hw_mac' : 'arp.dst.hw'] = this.hwdst;
    if (p) out[v4 ? 'arp.dst.proto_ipv4' : 'arp.dst.proto'] = this.pdst;
  }
  summary(): string {
    return this.op === 1
      ? `ARP who has ${this.pdst} says ${this.psrc}`
      : `ARP ${this.psrc} is at ${this.hwsrc}`;
  }
  toLayer(): ARPLayer {
    const l = new ARPLayer();
    l.hwtype = this.hwtype;
    l.ptype = this.ptype;
    l.hwlen = this.hwlen;
    l.plen = this.plen;
    l.op = this.op;
    const h = this.hwlen;
    const p = this.plen;
    l.hwsrc = h === 6 ? macToString(this.s.buf, this.s.off + 8) : this.copy(8, h);
    l.psrc = p === 4 ? ipv4ToString(this.s.buf, this.s.off + 8 + h) : this.copy(8 + h, p);
    l.hwdst = h === 6 ? macToString(this.s.buf, this.s.off + 8 + h + p) : this.copy(8 + h + p, h);
    l.pdst = p === 4 ? ipv4ToString(this.s.buf, this.s.off + 8 + 2 * h + p) : this.copy(8 + 2 * h + p, p);
    return l;
  }
}

export class ARPLayer extends Layer {
  readonly kind = 'ARP';
  hwtype?: number;
  ptype?: number;
  hwlen?: number;
  plen?: number;
  /** 1 who-has, 2 is-at. */
  op?: number;
  hwsrc?: string | Uint8Array;
  psrc?: string | Uint8Array;
  hwdst?: string | Uint8Array;
  pdst?: string | Uint8Array;
  private sizes(): [number, number] {
    const h = this.hwlen ?? (typeof this.hwsrc === 'object' ? this.hwsrc.length : 6);
    const p = this.plen ?? (typeof this.psrc === 'object' ? this.psrc.length : 4);
    return [h, p];
  }
  headerLength(): number {
    const [h, p] = this.sizes();
    return 8 + 2 * (h + p);
  }
  write(buf: Uint8Array, off: number): void {
    const [h, p] = this.sizes();
    const hw = this.hwtype ?? 1;
    const pt = this.ptype ?? 0x0800;
    const op = this.op ?? 1;
    buf[off] = hw >> 8;
    buf[off + 1] = hw & 255;
    buf[off + 2] = pt >> 8;
    buf[off + 3] = pt & 255;
    buf[off + 4] = h;
    buf[off + 5] = p;
    buf[off + 6] = op >> 8;
    buf[off + 7] = op & 255;
    const hwAddr = (o: number, v: string | Uint8Array | undefined): void => {
      if (typeof v === 'string' && h === 6) writeMac(buf, o, v);
      else for (let k = 0; k < h; k++) buf[o + k] = typeof v === 'object' ? (v[k] ?? 0) : 0;
    };
    const pAddr = (o: number, v: string | Uint8Array | undefined): void => {
      if (typeof v === 'string' && p === 4) writeIPv4(buf, o, v);
      else for (let k = 0; k < p; k++) buf[o + k] = typeof v === 'object' ? (v[k] ?? 0) : 0;
    };
    hwAddr(off + 8, this.hwsrc);
    pAddr(off + 8 + h, this.psrc);
    hwAddr(off + 8 + h + p, this.hwdst);
    pAddr(off + 8 + 2 * h + p, this.pdst);
  }
}
export const ARP = defineLayer(ARPLayer);
