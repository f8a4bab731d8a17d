// Base of every layer view: a window (buf, off, end) re-pointed by the decoder, never reallocated.
import type { Layer } from './layer.js';

export const EMPTY = new Uint8Array(0);

/** Wireshark display-filter field name → value as `tshark -T fields` prints it. */
export type FieldMap = Record<string, string>;

/** Mutable window state of a view (one shape for all protocols). */
export class ViewState {
  buf: Uint8Array = EMPTY;
  off = 0;
  end = 0;
  hlen = 0;
  dend = 0;
  rend = 0;
  malformed = false;
}

export abstract class View {
  /** Wireshark protocol name (`eth`, `ip`, `tcp`…). */
  abstract readonly protocol: string;
  /** Numeric kind (see `K`). */
  abstract readonly kind: number;
  /**
   * The window this view is attached to. Every view keeps it in an object of one shared shape, so the
   * decoder's hot loop touches a single hidden class whatever the protocol (monomorphic, fast).
   */
  readonly s: ViewState = new ViewState();

  /** The buffer the view reads. */
  get buf(): Uint8Array {
    return this.s.buf;
  }
  /** Offset of the header in `buf`. */
  get off(): number {
    return this.s.off;
  }
  /** End of captured bytes this layer may use (already limited by outer length fields). */
  get end(): number {
    return this.s.end;
  }
  /** Header length the layer claims (at least its fixed part). */
  get hlen(): number {
    return this.s.hlen;
  }
  /** End of this layer's datagram: payload stops here even if more bytes were captured. */
  get dend(): number {
    return this.s.dend;
  }
  /** End of the datagram as its length fields report it (may lie beyond the capture). */
  get rend(): number {
    return this.s.rend;
  }
  /** Set when a length or pointer inside the header is inconsistent. */
  get malformed(): boolean {
    return this.s.malformed;
  }

  /** Points the view at a new header; subclasses compute `hlen`/`dend` from the bytes present. */
  attach(buf: Uint8Array, off: number, end: number, rend = end): this {
    const s = this.s;
    s.buf = buf;
    s.off = off;
    s.end = end;
    s.rend = rend;
    s.malformed = false;
    s.hlen = this.minLength;
    s.dend = end;
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
    return this.s.off;
  }
  get headerLength(): number {
    return this.s.hlen;
  }
  /** True when the captured bytes end before the header does. */
  get truncated(): boolean {
    return this.s.off + this.s.hlen > this.s.end;
  }
  /** Header bytes that were not captured. */
  get missing(): number {
    const m = this.s.off + this.s.hlen - this.s.end;
    return Math.max(m, 0);
  }
  get payloadOffset(): number {
    return this.s.off + this.s.hlen;
  }
  get payloadLength(): number {
    const n = this.s.dend - this.s.off - this.s.hlen;
    return Math.max(n, 0);
  }
  /** The payload bytes (a subarray: allocates a view object, not a copy). */
  payload(): Uint8Array {
    return this.s.buf.subarray(this.payloadOffset, this.payloadOffset + this.payloadLength);
  }
  /** The captured header bytes (subarray). */
  headerBytes(): Uint8Array {
    return this.s.buf.subarray(this.s.off, Math.min(this.s.off + this.s.hlen, this.s.end));
  }

  /** Bounded reads: bytes past the capture read as 0, so getters never throw. */
  protected u8(i: number): number {
    const p = this.s.off + i;
    return p < this.s.end ? this.s.buf[p]! : 0;
  }
  // Fast paths stay tiny so V8 inlines them into callers' loops (a non-inlined getter returning a
  // uint32 above 2^31 would box it); reads that may cross the capture end take the slow path.
  protected u16(i: number): number {
    const p = this.s.off + i;
    return p + 2 <= this.s.end ? (this.s.buf[p]! << 8) | this.s.buf[p + 1]! : this.slow(i, 2);
  }
  protected u32(i: number): number {
    const p = this.s.off + i;
    const b = this.s.buf;
    // Both branches are int32 until the final `>>> 0`, so an inlined merge never boxes a double.
    return (
      (p + 4 <= this.s.end
        ? (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!
        : this.slow(i, 4)) >>> 0
    );
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
    return this.s.off + i + n <= this.s.end;
  }
  /** A copy of bytes [i, i+n) relative to the header, clipped to the capture. */
  protected copy(i: number, n: number): Uint8Array {
    const s = Math.min(this.s.off + i, this.s.end);
    return this.s.buf.slice(s, Math.min(s + n, this.s.end));
  }
}
