// SCTP (RFC 9260): common header and the chunk list (chunk values kept raw).
import { K } from '../core/kinds.js';
import { Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { hex } from '../util/bytes.js';
import { crc32c } from '../util/crc32c.js';

export interface SctpChunk {
  type: number;
  flags?: number;
  /** Chunk value (after the 4-byte chunk header), padded to 4 when built. */
  data?: Uint8Array;
  /** Overrides the computed chunk length. */
  len?: number;
}

export class SctpView extends View {
  readonly protocol = 'sctp';
  readonly kind = K.SCTP;
  readonly minLength = 12;
  get sport(): number {
    return this.u16(0);
  }
  get dport(): number {
    return this.u16(2);
  }
  get tag(): number {
    return this.u32(4);
  }
  get checksum(): number {
    return this.u32(8);
  }
  /** Type of the first chunk, or -1. */
  get firstChunkType(): number {
    return this.has(12, 1) ? this.u8(12) : -1;
  }
  protected override parse(): void {
    // Chunks belong to the SCTP layer itself.
    this.s.hlen = Math.max(12, this.s.dend - this.s.off);
  }
  nextKind(): number {
    return K.NONE;
  }
  chunks(): SctpChunk[] {
    const out: SctpChunk[] = [];
    let p = 12;
    while (this.has(p, 4)) {
      const len = this.u16(p + 2);
      if (len < 4) {
        this.s.malformed = true;
        break;
      }
      out.push({ type: this.u8(p), flags: this.u8(p + 1), len, data: this.copy(p + 4, len - 4) });
      p += (len + 3) & ~3;
    }
    return out;
  }
  fields(out: FieldMap): void {
    if (this.has(0, 2)) out['sctp.srcport'] = String(this.sport);
    if (this.has(2, 2)) out['sctp.dstport'] = String(this.dport);
    if (this.has(4, 4)) out['sctp.verification_tag'] = hex(this.tag, 8);
    if (this.has(8, 4)) out['sctp.checksum'] = hex(this.checksum, 8);
    if (this.has(12, 1)) out['sctp.chunk_type'] = String(this.u8(12));
  }
  summary(): string {
    return `SCTP ${this.sport} > ${this.dport} tag ${hex(this.tag, 8)}`;
  }
  toLayer(): SCTPLayer {
    const l = new SCTPLayer();
    l.sport = this.sport;
    l.dport = this.dport;
    l.tag = this.tag;
    l.chksum = this.checksum;
    // Chunks are kept as the exact bytes so odd padding survives a rebuild.
    l.rawChunks = this.copy(12, this.s.hlen - 12);
    return l;
  }
}

export class SCTPLayer extends Layer {
  readonly kind = 'SCTP';
  sport?: number;
  dport?: number;
  tag?: number;
  chksum?: number;
  chunks?: SctpChunk[];
  /** Chunk bytes verbatim (used instead of `chunks` when set). */
  rawChunks?: Uint8Array;
  headerLength(): number {
    if (this.rawChunks) return 12 + this.rawChunks.length;
    let n = 12;
    for (const c of this.chunks ?? []) n += (4 + (c.data?.length ?? 0) + 3) & ~3;
    return n;
  }
  write(buf: Uint8Array, off: number): void {
    const sp = this.sport ?? 0;
    const dp = this.dport ?? 0;
    buf[off] = sp >> 8;
    buf[off + 1] = sp & 255;
    buf[off + 2] = dp >> 8;
    buf[off + 3] = dp & 255;
    const t = this.tag ?? 0;
    buf[off + 4] = t >>> 24;
    buf[off + 5] = (t >>> 16) & 255;
    buf[off + 6] = (t >>> 8) & 255;
    buf[off + 7] = t & 255;
    buf.fill(0, off + 8, off + 12);
    let p = off + 12;
    if (this.rawChunks) {
      buf.set(this.rawChunks, p);
      return;
    }
    for (const c of this.chunks ?? []) {
      const dl = c.data?.length ?? 0;
      const len = c.len ?? 4 + dl;
      buf[p] = c.type;
      buf[p + 1] = c.flags ?? 0;
      buf[p + 2] = len >> 8;
      buf[p + 3] = len & 255;
      if (c.data) buf.set(c.data, p + 4);
      const padded = (4 + dl + 3) & ~3;
      buf.fill(0, p + 4 + dl, p + padded);
      p += padded;
    }
  }
  override finish(buf: Uint8Array, off: number): void {
    // CRC-32C over the whole SCTP packet, stored little-endian as RFC 9260 specifies.
    const c = this.chksum;
    if (c !== undefined) {
      buf[off + 8] = c >>> 24;
      buf[off + 9] = (c >>> 16) & 255;
      buf[off + 10] = (c >>> 8) & 255;
      buf[off + 11] = c & 255;
      return;
    }
    const v = crc32c(buf, off, this.headerLength());
    buf[off + 8] = v & 255;
    buf[off + 9] = (v >>> 8) & 255;
    buf[off + 10] = (v >>> 16) & 255;
    buf[off + 11] = v >>> 24;
  }
}
export const SCTP = defineLayer(SCTPLayer);
