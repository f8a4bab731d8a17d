// DHCPv4 (RFC 2131): the BOOTP fixed part, the magic cookie and TLV options.
import { K } from '../core/kinds.js';
import { Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { hex, ipv4ToString, macToString, writeIPv4 } from '../util/bytes.js';

export interface DhcpOption {
  code: number;
  data: Uint8Array;
}

export class DhcpView extends View {
  readonly protocol = 'dhcp';
  readonly kind = K.DHCP;
  readonly minLength = 236;
  get op(): number {
    return this.u8(0);
  }
  get htype(): number {
    return this.u8(1);
  }
  /** Hardware address length (BOOTP's hlen). */
  get hwAddrLen(): number {
    return this.u8(2);
  }
  get hops(): number {
    return this.u8(3);
  }
  get xid(): number {
    return this.u32(4);
  }
  get secs(): number {
    return this.u16(8);
  }
  get flags(): number {
    return this.u16(10);
  }
  get ciaddr(): string {
    return ipv4ToString(this.s.buf, this.s.off + 12);
  }
  get yiaddr(): string {
    return ipv4ToString(this.s.buf, this.s.off + 16);
  }
  get siaddr(): string {
    return ipv4ToString(this.s.buf, this.s.off + 20);
  }
  get giaddr(): string {
    return ipv4ToString(this.s.buf, this.s.off + 24);
  }
  get chaddr(): string {
    return macToString(this.s.buf, this.s.off + 28);
  }
  get hasCookie(): boolean {
    return this.has(236, 4) && this.u32(236) === 0x63825363;
  }
  protected override parse(): void {
    this.s.hlen = Math.max(236, this.s.dend - this.s.off);
  }
  nextKind(): number {
    return K.NONE;
  }
  /** Options after the magic cookie, up to End (allocates). */
  options(): DhcpOption[] {
    const out: DhcpOption[] = [];
    if (!this.hasCookie) return out;
    let p = 240;
    while (this.has(p, 1)) {
      const code = this.u8(p);
      if (code === 255) break;
      if (code === 0) {
        p++;
        continue;
      }
      if (!this.has(p + 1, 1)) break;
      const len = this.u8(p + 1);
      if (!this.has(p + 2, len)) {
        this.s.malformed = true;
        break;
      }
      out.push({ code, data: this.copy(p + 2, len) });
      p += 2 + len;
    }
    return out;
  }
  /** DHCP message type (option 53), or 0. */
  get messageType(): number {
    for (const o of this.options()) if (o.code === 53 && o.data.length === 1) return o.data[0]!;
    return 0;
  }
  fields(out: FieldMap): void {
    if (!this.has(0, 236)) return;
    out['dhcp.type'] = String(this.op);
    out['dhcp.hw.type'] = hex(this.htype, 2);
    out['dhcp.hw.len'] = String(this.hwAddrLen);
    out['dhcp.hops'] = String(this.hops);
    out['dhcp.id'] = hex(this.xid, 8);
    out['dhcp.secs'] = String(this.secs);
    out['dhcp.flags'] = hex(this.flags, 4);
    out['dhcp.ip.client'] = this.ciaddr;
    out['dhcp.ip.your'] = this.yiaddr;
    out['dhcp.ip.server'] = this.siaddr;
    out['dhcp.ip.relay'] = this.giaddr;
    if (this.u8(1) === 1 && this.u8(2) === 6) out['dhcp.hw.mac_addr'] = this.chaddr;
    const t = this.messageType;
    if (t) out['dhcp.option.dhcp'] = String(t);
  }
  summary(): string {
    return `DHCP op ${this.op} xid ${hex(this.xid, 8)} type ${this.messageType}`;
  }
  toLayer(): DHCPLayer {
    const l = new DHCPLayer();
    l.op = this.op;
    l.htype = this.htype;
    l.hlen = this.u8(2);
    l.hops = this.hops;
    l.xid = this.xid;
    l.secs = this.secs;
    l.flags = this.flags;
    l.ciaddr = this.ciaddr;
    l.yiaddr = this.yiaddr;
    l.siaddr = this.siaddr;
    l.giaddr = this.giaddr;
    l.chaddr = this.copy(28, 16);
    l.sname = this.copy(44, 64);
    l.file = this.copy(108, 128);
    // Options keep their exact bytes (pad, order, trailing zeros).
    l.rawOptions = this.copy(236, this.s.hlen - 236);
    return l;
  }
}

/** BOOTP header + DHCP options in one layer (scapy splits them into BOOTP / DHCP). */
export class DHCPLayer extends Layer {
  readonly kind = 'DHCP';
  /** 1 request, 2 reply. */
  op?: number;
  htype?: number;
  hlen?: number;
  hops?: number;
  xid?: number;
  secs?: number;
  flags?: number;
  ciaddr?: string;
  yiaddr?: string;
  siaddr?: string;
  giaddr?: string;
  /** 16 bytes; a MAC string fills the first 6. */
  chaddr?: Uint8Array | string;
  sname?: Uint8Array;
  file?: Uint8Array;
  /** Options written after the magic cookie, followed by End. */
  options?: DhcpOption[];
  /** Everything after the 236-byte fixed part, verbatim (decoded packets). */
  rawOptions?: Uint8Array;
  headerLength(): number {
    if (this.rawOptions) return 236 + this.rawOptions.length;
    let n = 240;
    for (const o of this.options ?? []) n += 2 + o.data.length;
    return n + 1;
  }
  write(buf: Uint8Array, off: number): void {
    buf.fill(0, off, off + 236);
    buf[off] = this.op ?? 1;
    buf[off + 1] = this.htype ?? 1;
    buf[off + 2] = this.hlen ?? 6;
    buf[off + 3] = this.hops ?? 0;
    const x = this.xid ?? 0;
    buf[off + 4] = x >>> 24;
    buf[off + 5] = (x >>> 16) & 255;
    buf[off + 6] = (x >>> 8) & 255;
    buf[off + 7] = x & 255;
    const secs = this.secs ?? 0;
    buf[off + 8] = secs >> 8;
    buf[off + 9] = secs & 255;
    const fl = this.flags ?? 0;
    buf[off + 10] = fl >> 8;
    buf[off + 11] = fl & 255;
    writeIPv4(buf, off + 12, this.ciaddr ?? '0.0.0.0');
    writeIPv4(buf, off + 16, this.yiaddr ?? '0.0.0.0');
    writeIPv4(buf, off + 20, this.siaddr ?? '0.0.0.0');
    writeIPv4(buf, off + 24, this.giaddr ?? '0.0.0.0');
    const ch = this.chaddr;
    if (typeof ch === 'string') {
      const parts = ch.split(/[:-]/);
      for (let k = 0; k < 6; k++) buf[off + 28 + k] = Number.parseInt(parts[k] ?? '0', 16) || 0;
    } else if (ch) buf.set(ch.subarray(0, 16), off + 28);
    if (this.sname) buf.set(this.sname.subarray(0, 64), off + 44);
    if (this.file) buf.set(this.file.subarray(0, 128), off + 108);
    if (this.rawOptions) {
      buf.set(this.rawOptions, off + 236);
      return;
    }
    let p = off + 236;
    buf[p++] = 0x63;
    buf[p++] = 0x82;
    buf[p++] = 0x53;
    buf[p++] = 0x63;
    for (const o of this.options ?? []) {
      buf[p++] = o.code;
      buf[p++] = o.data.length;
      buf.set(o.data, p);
      p += o.data.length;
    }
    buf[p] = 255;
  }
}
export const DHCP = defineLayer(DHCPLayer);
