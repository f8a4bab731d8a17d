// IPv4 (RFC 791) with options kept as raw bytes.
import { boundValue } from '../core/bind.js';
import { kindForIpProto } from '../core/dispatch.js';
import { K } from '../core/kinds.js';
import { type BuildState, Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { addrMemo, hex, parseIPv4, u32ToIPv4, writeIPv4Memo } from '../util/bytes.js';
import { finish, sum16 } from '../util/checksum.js';

export class IPv4View extends View {
  readonly protocol = 'ip';
  readonly kind = K.IPV4;
  readonly minLength = 20;
  get version(): number {
    return this.u8(0) >> 4;
  }
  /** Header length in 32-bit words. */
  get ihl(): number {
    return this.u8(0) & 15;
  }
  get tos(): number {
    return this.u8(1);
  }
  get totalLength(): number {
    return this.u16(2);
  }
  get id(): number {
    return this.u16(4);
  }
  /** The 3 flag bits (4 reserved, 2 DF, 1 MF). */
  get flags(): number {
    return this.u8(6) >> 5;
  }
  /** Fragment offset in 8-byte units. */
  get fragOffset(): number {
    return this.u16(6) & 0x1fff;
  }
  get ttl(): number {
    return this.u8(8);
  }
  get proto(): number {
    return this.u8(9);
  }
  get checksum(): number {
    return this.u16(10);
  }
  /** Source as an unsigned 32-bit number (no allocation). */
  get srcValue(): number {
    return this.u32(12);
  }
  get dstValue(): number {
    return this.u32(16);
  }
  get src(): string {
    return u32ToIPv4(this.u32(12));
  }
  get dst(): string {
    return u32ToIPv4(this.u32(16));
  }
  /** Whether the stored header checksum is right (false when truncated). */
  get checksumValid(): boolean {
    return !this.truncated && finish(sum16(this.s.buf, this.s.off, this.s.hlen)) === 0;
  }

  protected override parse(): void {
    const ihl = (this.u8(0) & 15) * 4;
    if (ihl < 20) {
      this.s.malformed = true;
      return;
    }
    this.s.hlen = ihl;
    const tl = this.u16(2);
    // A zero total length is TCP segmentation offload: trust the capture.
    if (tl === 0) {
      this.s.rend = this.s.end;
      return;
    }
    if (tl < ihl) {
      this.s.malformed = true;
      return;
    }
    this.s.dend = Math.min(this.s.end, this.s.off + tl);
    this.s.rend = this.s.off + tl;
  }
  nextKind(): number {
    if (this.s.malformed || this.version !== 4) return K.RAW;
    // Later fragments carry no upper header.
    if (this.fragOffset !== 0) return K.RAW;
    return kindForIpProto(this.proto);
  }
  fields(out: FieldMap): void {
    if (!this.has(0, 1)) return;
    out['ip.version'] = String(this.version);
    out['ip.hdr_len'] = String(this.ihl * 4);
    if (this.ihl < 5) return;
    if (this.has(1, 1)) out['ip.dsfield'] = hex(this.tos, 2);
    if (!this.has(2, 2)) return;
    const tl = this.totalLength;
    // Zero is TCP segmentation offload; Wireshark then shows the length actually present.
    out['ip.len'] = String(tl === 0 ? this.s.end - this.s.off : tl);
    if (tl !== 0 && tl < this.ihl * 4) return;
    if (this.has(4, 2)) out['ip.id'] = hex(this.id, 4);
    if (this.has(6, 2)) {
      out['ip.flags'] = hex(this.flags, 2);
      out['ip.frag_offset'] = String(this.fragOffset);
    }
    if (this.has(8, 1)) out['ip.ttl'] = String(this.ttl);
    if (this.has(9, 1)) out['ip.proto'] = String(this.proto);
    if (this.has(10, 2)) out['ip.checksum'] = hex(this.checksum, 4);
    if (this.has(12, 4)) out['ip.src'] = this.src;
    if (this.has(16, 4)) out['ip.dst'] = this.dst;
  }
  summary(): string {
    return `IP ${this.src} > ${this.dst} proto ${this.proto} ttl ${this.ttl} len ${this.totalLength}`;
  }
  toLayer(): IPv4Layer {
    const l = new IPv4Layer();
    l.version = this.version;
    l.ihl = this.ihl;
    l.tos = this.tos;
    l.len = this.totalLength;
    l.id = this.id;
    l.flags = this.flags;
    l.frag = this.fragOffset;
    l.ttl = this.ttl;
    l.proto = this.proto;
    l.chksum = this.checksum;
    l.src = this.src;
    l.dst = this.dst;
    if (this.s.hlen > 20) l.options = this.copy(20, this.s.hlen - 20);
    return l;
  }
}

/** Flag names as scapy spells them. */
function flagBits(f: number | string): number {
  if (typeof f === 'number') return f;
  let v = 0;
  for (const part of f.split(/[+|, ]+/)) {
    if (part === 'MF') v |= 1;
    else if (part === 'DF') v |= 2;
    else if (part === 'evil') v |= 4;
  }
  return v;
}

export class IPv4Layer extends Layer {
  readonly kind = 'IPv4';
  version?: number;
  ihl?: number;
  tos?: number;
  len?: number;
  id?: number;
  /** Bits (2 = DF, 1 = MF) or names like 'DF' / 'MF+DF'. */
  flags?: number | string;
  /** Fragment offset in 8-byte units. */
  frag?: number;
  ttl?: number;
  proto?: number;
  chksum?: number;
  src?: string | number | Uint8Array;
  dst?: string | number | Uint8Array;
  /** Raw option bytes, zero padded to 4 when built. */
  options?: Uint8Array;
  private readonly _src = addrMemo(4);
  private readonly _dst = addrMemo(4);
  headerLength(): number {
    const o = this.options?.length ?? 0;
    return 20 + ((o + 3) & ~3);
  }
  write(buf: Uint8Array, off: number, pl: number, s: BuildState, i: number): void {
    const hl = this.headerLength();
    buf[off] = ((this.version ?? 4) << 4) | ((this.ihl ?? hl >> 2) & 15);
    buf[off + 1] = this.tos ?? 0;
    const len = this.len ?? hl + pl;
    buf[off + 2] = (len >> 8) & 255;
    buf[off + 3] = len & 255;
    const id = this.id ?? 1;
    buf[off + 4] = (id >> 8) & 255;
    buf[off + 5] = id & 255;
    const ff = ((flagBits(this.flags ?? 0) & 7) << 13) | ((this.frag ?? 0) & 0x1fff);
    buf[off + 6] = ff >> 8;
    buf[off + 7] = ff & 255;
    buf[off + 8] = this.ttl ?? 64;
    buf[off + 9] = this.proto ?? boundValue(this, s.layers[i + 1], 'proto') ?? 0;
    buf[off + 10] = 0;
    buf[off + 11] = 0;
    writeIPv4Memo(buf, off + 12, this.src ?? '127.0.0.1', this._src);
    writeIPv4Memo(buf, off + 16, this.dst ?? '127.0.0.1', this._dst);
    const opts = this.options;
    if (opts) {
      buf.set(opts, off + 20);
      for (let k = 20 + opts.length; k < hl; k++) buf[off + k] = 0;
    }
    const c = this.chksum ?? finish(sum16(buf, off, hl));
    buf[off + 10] = c >> 8;
    buf[off + 11] = c & 255;
  }
  override pseudoHeaderSum(buf: Uint8Array, off: number, proto: number, len: number): number {
    return sum16(buf, off + 12, 8, proto + len);
  }
}
export const IPv4 = defineLayer(IPv4Layer);
/** scapy's name. */
export const IP = IPv4;
export { parseIPv4 };
