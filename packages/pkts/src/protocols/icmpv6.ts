// ICMPv6 (RFC 4443) and neighbour discovery messages (RFC 4861). ND options follow as their own layers.
import { K } from '../core/kinds.js';
import { type BuildState, Layer, pseudoHeaderLayer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { hex, ipv6ToString, writeIPv6 } from '../util/bytes.js';
import { finish, sum16 } from '../util/checksum.js';

/** Fixed length (after type/code/checksum) of each message type. */
function bodyLength(t: number): number {
  if (t === 135 || t === 136) return 20;
  if (t === 134) return 12;
  if (t === 137) return 36;
  return 4;
}

export class Icmpv6View extends View {
  readonly protocol = 'icmpv6';
  readonly kind = K.ICMPV6;
  readonly minLength = 4;
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
  /** ND target address (NS/NA/redirect). */
  get target(): string {
    return ipv6ToString(this.s.buf, this.s.off + 8);
  }
  protected override parse(): void {
    this.s.hlen = 4 + bodyLength(this.u8(0));
  }
  nextKind(): number {
    const t = this.type;
    if (t >= 1 && t <= 4 && this.payloadLength > 0) return K.IPV6;
    return K.RAW;
  }
  fields(out: FieldMap): void {
    if (!this.has(0, 4)) return;
    out['icmpv6.type'] = String(this.type);
    out['icmpv6.code'] = String(this.code);
    out['icmpv6.checksum'] = hex(this.checksum, 4);
    const t = this.type;
    if ((t === 128 || t === 129) && this.has(4, 4)) {
      out['icmpv6.echo.identifier'] = hex(this.id, 4);
      out['icmpv6.echo.sequence_number'] = String(this.seq);
    }
    if (t === 135 && this.has(8, 16)) out['icmpv6.nd.ns.target_address'] = this.target;
    if (t === 136 && this.has(8, 16)) out['icmpv6.nd.na.target_address'] = this.target;
  }
  summary(): string {
    return `ICMPv6 type ${this.type} code ${this.code}`;
  }
  toLayer(): ICMPv6Layer {
    const t = this.type;
    let l: ICMPv6Layer;
    if (t === 128 || t === 129) {
      const e = t === 128 ? new ICMPv6EchoRequestLayer() : new ICMPv6EchoReplyLayer();
      e.id = this.id;
      e.seq = this.seq;
      l = e;
    } else if (t === 135) {
      const e = new ICMPv6ND_NSLayer();
      e.res = this.u32(4);
      e.tgt = this.target;
      l = e;
    } else if (t === 136) {
      const e = new ICMPv6ND_NALayer();
      const w = this.u32(4);
      e.R = w >>> 31;
      e.S = (w >>> 30) & 1;
      e.O = (w >>> 29) & 1;
      e.res = w & 0x1fffffff;
      e.tgt = this.target;
      l = e;
    } else if (t === 133) {
      const e = new ICMPv6ND_RSLayer();
      e.res = this.u32(4);
      l = e;
    } else if (t === 134) {
      const e = new ICMPv6ND_RALayer();
      e.chlim = this.u8(4);
      const f = this.u8(5);
      e.M = f >> 7;
      e.O = (f >> 6) & 1;
      e.H = (f >> 5) & 1;
      e.prf = (f >> 3) & 3;
      e.P = (f >> 2) & 1;
      e.res = f & 3;
      e.routerlifetime = this.u16(6);
      e.reachabletime = this.u32(8);
      e.retranstimer = this.u32(12);
      l = e;
    } else {
      const e = new ICMPv6GenericLayer();
      e.type = t;
      e.body = this.copy(4, this.s.hlen - 4);
      l = e;
    }
    l.code = this.code;
    l.cksum = this.checksum;
    return l;
  }
}

/** Common part: type, code and the checksum over the IPv6 pseudo-header. */
export abstract class ICMPv6Layer extends Layer {
  code?: number;
  cksum?: number;
  protected abstract typeValue(): number;
  protected abstract bodyLength(): number;
  protected abstract writeBody(buf: Uint8Array, off: number): void;
  headerLength(): number {
    return 4 + this.bodyLength();
  }
  write(buf: Uint8Array, off: number): void {
    buf[off] = this.typeValue();
    buf[off + 1] = this.code ?? 0;
    buf[off + 2] = 0;
    buf[off + 3] = 0;
    this.writeBody(buf, off + 4);
  }
  override finish(buf: Uint8Array, off: number, pl: number, s: BuildState, i: number): void {
    let c = this.cksum;
    if (c === undefined) {
      const len = this.headerLength() + pl;
      const ip = pseudoHeaderLayer(s, i);
      const ph = ip < 0 ? 0 : s.layers[ip]!.pseudoHeaderSum(buf, s.offs[ip]!, 58, len);
      c = finish(sum16(buf, off, len, ph));
    }
    buf[off + 2] = c >> 8;
    buf[off + 3] = c & 255;
  }
}

function w32(buf: Uint8Array, p: number, v: number): void {
  buf[p] = v >>> 24;
  buf[p + 1] = (v >>> 16) & 255;
  buf[p + 2] = (v >>> 8) & 255;
  buf[p + 3] = v & 255;
}

/** Any ICMPv6 type, with the bytes after the checksum raw. */
export class ICMPv6GenericLayer extends ICMPv6Layer {
  readonly kind = 'ICMPv6';
  type?: number;
  body?: Uint8Array;
  protected typeValue(): number {
    return this.type ?? 1;
  }
  protected bodyLength(): number {
    return this.body?.length ?? 4;
  }
  protected writeBody(buf: Uint8Array, off: number): void {
    if (this.body) buf.set(this.body, off);
    else w32(buf, off, 0);
  }
}

abstract class EchoLayer extends ICMPv6Layer {
  id?: number;
  seq?: number;
  protected bodyLength(): number {
    return 4;
  }
  protected writeBody(buf: Uint8Array, off: number): void {
    const id = this.id ?? 0;
    const seq = this.seq ?? 0;
    buf[off] = id >> 8;
    buf[off + 1] = id & 255;
    buf[off + 2] = seq >> 8;
    buf[off + 3] = seq & 255;
  }
}
export class ICMPv6EchoRequestLayer extends EchoLayer {
  readonly kind = 'ICMPv6EchoRequest';
  protected typeValue(): number {
    return 128;
  }
}
export class ICMPv6EchoReplyLayer extends EchoLayer {
  readonly kind = 'ICMPv6EchoReply';
  protected typeValue(): number {
    return 129;
  }
}

export class ICMPv6ND_NSLayer extends ICMPv6Layer {
  readonly kind = 'ICMPv6ND_NS';
  res?: number;
  tgt?: string | Uint8Array;
  protected typeValue(): number {
    return 135;
  }
  protected bodyLength(): number {
    return 20;
  }
  protected writeBody(buf: Uint8Array, off: number): void {
    w32(buf, off, this.res ?? 0);
    writeIPv6(buf, off + 4, this.tgt ?? '::');
  }
}

export class ICMPv6ND_NALayer extends ICMPv6Layer {
  readonly kind = 'ICMPv6ND_NA';
  /** Router flag (scapy default 1). */
  R?: number;
  S?: number;
  /** Override flag (scapy default 1). */
  O?: number;
  res?: number;
  tgt?: string | Uint8Array;
  protected typeValue(): number {
    return 136;
  }
  protected bodyLength(): number {
    return 20;
  }
  protected writeBody(buf: Uint8Array, off: number): void {
    const w =
      (((this.R ?? 1) & 1) << 31) |
      (((this.S ?? 0) & 1) << 30) |
      (((this.O ?? 1) & 1) << 29) |
      ((this.res ?? 0) & 0x1fffffff);
    w32(buf, off, w >>> 0);
    writeIPv6(buf, off + 4, this.tgt ?? '::');
  }
}

export class ICMPv6ND_RSLayer extends ICMPv6Layer {
  readonly kind = 'ICMPv6ND_RS';
  res?: number;
  protected typeValue(): number {
    return 133;
  }
  protected bodyLength(): number {
    return 4;
  }
  protected writeBody(buf: Uint8Array, off: number): void {
    w32(buf, off, this.res ?? 0);
  }
}

export class ICMPv6ND_RALayer extends ICMPv6Layer {
  readonly kind = 'ICMPv6ND_RA';
  chlim?: number;
  M?: number;
  O?: number;
  H?: number;
  /** Router preference (scapy default 1 = medium). */
  prf?: number;
  P?: number;
  res?: number;
  routerlifetime?: number;
  reachabletime?: number;
  retranstimer?: number;
  protected typeValue(): number {
    return 134;
  }
  protected bodyLength(): number {
    return 12;
  }
  protected writeBody(buf: Uint8Array, off: number): void {
    buf[off] = this.chlim ?? 0;
    buf[off + 1] =
      (((this.M ?? 0) & 1) << 7) |
      (((this.O ?? 0) & 1) << 6) |
      (((this.H ?? 0) & 1) << 5) |
      (((this.prf ?? 1) & 3) << 3) |
      (((this.P ?? 0) & 1) << 2) |
      ((this.res ?? 0) & 3);
    const lt = this.routerlifetime ?? 1800;
    buf[off + 2] = lt >> 8;
    buf[off + 3] = lt & 255;
    w32(buf, off + 4, this.reachabletime ?? 0);
    w32(buf, off + 8, this.retranstimer ?? 0);
  }
}

/** Destination unreachable / time exceeded / parameter problem / packet too big: one 32-bit word. */
abstract class ErrorLayer extends ICMPv6Layer {
  protected abstract word(): number;
  protected bodyLength(): number {
    return 4;
  }
  protected writeBody(buf: Uint8Array, off: number): void {
    w32(buf, off, this.word());
  }
}
export class ICMPv6DestUnreachLayer extends ErrorLayer {
  readonly kind = 'ICMPv6DestUnreach';
  unused?: number;
  protected typeValue(): number {
    return 1;
  }
  protected word(): number {
    return this.unused ?? 0;
  }
}
export class ICMPv6PacketTooBigLayer extends ErrorLayer {
  readonly kind = 'ICMPv6PacketTooBig';
  mtu?: number;
  protected typeValue(): number {
    return 2;
  }
  protected word(): number {
    return this.mtu ?? 1280;
  }
}
export class ICMPv6TimeExceededLayer extends ErrorLayer {
  readonly kind = 'ICMPv6TimeExceeded';
  unused?: number;
  protected typeValue(): number {
    return 3;
  }
  protected word(): number {
    return this.unused ?? 0;
  }
}
export class ICMPv6ParamProblemLayer extends ErrorLayer {
  readonly kind = 'ICMPv6ParamProblem';
  ptr?: number;
  protected typeValue(): number {
    return 4;
  }
  protected word(): number {
    return this.ptr ?? 6;
  }
}

export const ICMPv6 = defineLayer(ICMPv6GenericLayer);
export const ICMPv6EchoRequest = defineLayer(ICMPv6EchoRequestLayer);
export const ICMPv6EchoReply = defineLayer(ICMPv6EchoReplyLayer);
export const ICMPv6ND_NS = defineLayer(ICMPv6ND_NSLayer);
export const ICMPv6ND_NA = defineLayer(ICMPv6ND_NALayer);
export const ICMPv6ND_RS = defineLayer(ICMPv6ND_RSLayer);
export const ICMPv6ND_RA = defineLayer(ICMPv6ND_RALayer);
export const ICMPv6DestUnreach = defineLayer(ICMPv6DestUnreachLayer);
export const ICMPv6PacketTooBig = defineLayer(ICMPv6PacketTooBigLayer);
export const ICMPv6TimeExceeded = defineLayer(ICMPv6TimeExceededLayer);
export const ICMPv6ParamProblem = defineLayer(ICMPv6ParamProblemLayer);
