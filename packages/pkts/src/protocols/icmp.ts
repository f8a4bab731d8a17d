// ICMPv4 (RFC 792); error messages carry the offending IPv4 header, decoded as an inner layer.
import { K } from '../core/kinds.js';
import { type BuildState, Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { hex, u32ToIPv4, writeIPv4 } from '../util/bytes.js';
import { finish, sum16 } from '../util/checksum.js';

/** Types whose second word is identifier + sequence. */
function hasIdSeq(t: number): boolean {
  return t === 0 || t === 8 || (t >= 13 && t <= 18);
}
function isError(t: number): boolean {
  return t === 3 || t === 4 || t === 5 || t === 11 || t === 12;
}

export class IcmpView extends View {
  readonly protocol = 'icmp';
  readonly kind = K.ICMP;
  readonly minLength = 8;
  get type(): number {
    return this.u8(0);
  }
  get code(): number {
    return this.u8(1);
  }
  get checksum(): number {
    return this.u16(2);
  }
  get id(): number {
    return this.u16(4);
  }
  get seq(): number {
    return this.u16(6);
  }
  /** The second 32-bit word (gateway, pointer, MTU, unused…). */
  get rest(): number {
    return this.u32(4);
  }
  nextKind(): number {
    return isError(this.type) && this.payloadLength > 0 ? K.IPV4 : K.RAW;
  }
  fields(out: FieldMap): void {
    if (this.has(0, 1)) out['icmp.type'] = String(this.type);
    if (this.has(1, 1)) out['icmp.code'] = String(this.code);
    if (this.has(2, 2)) out['icmp.checksum'] = hex(this.checksum, 4);
    if (hasIdSeq(this.type) && this.has(4, 4)) {
      out['icmp.ident'] = String(this.id);
      out['icmp.seq'] = String(this.seq);
    }
  }
  summary(): string {
    return `ICMP type ${this.type} code ${this.code}${hasIdSeq(this.type) ? ` id ${this.id} seq ${this.seq}` : ''}`;
  }
  toLayer(): ICMPLayer {
    const l = new ICMPLayer();
    l.type = this.type;
    l.code = this.code;
    l.chksum = this.checksum;
    if (hasIdSeq(this.type)) {
      l.id = this.id;
      l.seq = this.seq;
    } else if (this.type === 5) l.gw = u32ToIPv4(this.rest);
    else l.unused = this.rest;
    return l;
  }
}

export class ICMPLayer extends Layer {
  readonly kind = 'ICMP';
  /** 8 echo-request by default. */
  type?: number;
  code?: number;
  chksum?: number;
  /** Echo/timestamp/info/mask types. */
  id?: number;
  seq?: number;
  /** Redirect gateway (type 5). */
  gw?: string;
  /** The second word for other types. */
  unused?: number;
  headerLength(): number {
    return 8;
  }
  write(buf: Uint8Array, off: number): void {
    const t = this.type ?? 8;
    buf[off] = t;
    buf[off + 1] = this.code ?? 0;
    buf[off + 2] = 0;
    buf[off + 3] = 0;
    if (hasIdSeq(t)) {
      const id = this.id ?? 0;
      const seq = this.seq ?? 0;
      buf[off + 4] = id >> 8;
      buf[off + 5] = id & 255;
      buf[off + 6] = seq >> 8;
      buf[off + 7] = seq & 255;
    } else if (t === 5) writeIPv4(buf, off + 4, this.gw ?? '0.0.0.0');
    else {
      const u = this.unused ?? 0;
      buf[off + 4] = u >>> 24;
      buf[off + 5] = (u >>> 16) & 255;
      buf[off + 6] = (u >>> 8) & 255;
      buf[off + 7] = u & 255;
    }
  }
  override finish(buf: Uint8Array, off: number, pl: number, _s: BuildState, _i: number): void {
    const c = this.chksum ?? finish(sum16(buf, off, 8 + pl));
    buf[off + 2] = c >> 8;
    buf[off + 3] = c & 255;
  }
}
export const ICMP = defineLayer(ICMPLayer);
