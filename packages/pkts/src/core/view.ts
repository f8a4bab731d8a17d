// Base of every layer view: a window (buf, off, end) re-pointed by the decoder, never reallocated.
import type { Layer } from './layer.js';

export const EMPTY = new Uint8Array(0);

/** Wireshark display-filter field name → value as `tshark -T fields` prints it. */
export type FieldMap = Record<string, string>;

export abstract class View {
  /** Wireshark protocol name (`eth`, `ip`, `tcp`…). */
  abstract readonly protocol: string;
  /** Numeric kind (see `K`). */
  abstract readonly kind: number;
  buf: Uint8Array = EMPTY;
  /** Offset of the header in `buf`. */
  off = 0;
  /** End of captured bytes this layer may use (already limited by outer length fields). */
  end = 0;
  /** Header length the layer claims (at least its fixed part). */
  hlen = 0;
  /** End of this layer's datagram: payload stops here even if more bytes were captured. */
  dend = 0;
  /** End of the datagram as its length fields report it (may lie beyond the capture). */
  rend = 0;
  /** Set when a length or pointer inside the header is inconsistent. */
  malformed = false;

  /** Points the view at a new header; subclasses compute `hlen`/`dend` from the bytes present. */
  attach(buf: Uint8Array, off: number, end: number, rend = end): this {
    this.buf = buf;
    this.off = off;
    this.end = end;
    this.rend = rend;
    this.malformed = false;
    this.hlen = this.minLength;
    this.dend = end;
    this.parse();
    return this;
  }

  /** Size of the fixed part of the header. */
  abstract readonly minLength: number;
  /** Computes hlen/dend/malformed after attach. */
  protected parse(): void {}
  /** Kind of the next layer, or K.RAW/K.NONE. */
  abstract nextKind(): number;
  /** Adds this layer's fields, with Wireshark names, to `out` (only fields whose bytes were captured). */
  abstract fields(out: FieldMap): void;
  /** One-line description of this layer. */
  abstract summary(): string;
  /** A buildable layer with every field set from the wire (so building reproduces the bytes). */
  abstract toLayer(): Layer;

  get offset(): number {
    return this.off;
  }
  get headerLength(): number {
    return this.hlen;
  }
  /** True when the captured bytes end before the header does. */
  get truncated(): boolean {
    return this.off + this.hlen > this.end;
  }
  /** Header bytes that were not captured. */
  get missing(): number {
    const m = this.off + this.hlen - this.end;
    return m > 0 ? m : 0;
  }
  get payloadOffset(): number {
    return this.off + this.hlen;
  }
  get payloadLength(): number {
    const n = this.dend - this.off - this.hlen;
    return n > 0 ? n : 0;
  }
  /** The payload bytes (a subarray: allocates a view object, not a copy). */
  payload(): Uint8Array {
    return this.buf.subarray(this.payloadOffset, this.payloadOffset + this.payloadLength);
  }
  /** The captured header bytes (subarray). */
  headerBytes(): Uint8Array {
    return this.buf.subarray(this.off, Math.min(this.off + this.hlen, this.end));
  }

  /** Bounded reads: bytes past the capture read as 0, so getters never throw. */
  protected u8(i: number): number {
    const p = this.off + i;
    return p < this.end ? this.buf[p]! : 0;
  }
  // Fast paths stay tiny so V8 inlines them into callers' loops (a non-inlined getter returning a
  // uint32 above 2^31 would box it); reads that may cross the capture end take the slow path.
  protected u16(i: number): number {
    const p = this.off + i;
    return p + 2 <= this.end ? (this.buf[p]! << 8) | this.buf[p + 1]! : this.slow(i, 2);
  }
  protected u32(i: number): number {
    const p = this.off + i;
    const b = this.buf;
    // Both branches are int32 until the final `>>> 0`, so an inlined merge never boxes a double.
    return (p + 4 <= this.end ? (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]! : this.slow(i, 4)) >>> 0;
  }
  /** Big-endian read of n bytes where some may be past the capture (those read as 0); int32 result. */
  private slow(i: number, n: number): number {
    const a = this.u8(i);
    const b = this.u8(i + 1);
    if (n === 2) return (a << 8) | b;
    return (a << 24) | (b << 16) | (this.u8(i + 2) << 8) | this.u8(i + 3);
  }
  /** Whether bytes [i, i+n) of this header were captured. */
  protected has(i: number, n: number): boolean {
    return this.off + i + n <= this.end;
  }
  /** A copy of bytes [i, i+n) relative to the header, clipped to the capture. */
  protected copy(i: number, n: number): Uint8Array {
    const s = Math.min(this.off + i, this.end);
    return this.buf.slice(s, Math.min(s + n, this.end));
  }
}
