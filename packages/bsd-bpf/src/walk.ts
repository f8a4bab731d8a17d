/**
 * Walks the records of one /dev/bpf read() — [header][packet][pad to BPF_ALIGNMENT][header]… —
 * validating every header against the buffer bounds before anything is handed out, so reading a
 * record later cannot go out of bounds. Each step advances by at least the header size, so the
 * walk always ends. Nothing is copied: the index keeps offsets into the caller's buffer.
 */
import { BpfBufferError } from './errors.js';
import type { BpfRecordLayout } from './layout.js';

const TWO_32 = 2 ** 32;
// |seconds| < 2^53 keeps them an exact JS number: the high 32 bits must stay within ±2^21.
const MAX_SECONDS_HIGH = 2 ** 21;

/** Per-record fields decoded once by `scan`, kept in typed arrays so reads allocate nothing. */
export class BpfBufferIndex {
  count = 0;
  /** Byte offset of each record's packet data (record start + bh_hdrlen). */
  dataOffset = new Int32Array(64);
  caplen = new Uint32Array(64);
  wireLength = new Uint32Array(64);
  tsSec = new Float64Array(64);
  tsNsec = new Uint32Array(64);

  private grow(): void {
    const n = this.dataOffset.length * 2;
    const copy = <T extends Int32Array | Uint32Array | Float64Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.dataOffset = copy(this.dataOffset, new Int32Array(n));
    this.caplen = copy(this.caplen, new Uint32Array(n));
    this.wireLength = copy(this.wireLength, new Uint32Array(n));
    this.tsSec = copy(this.tsSec, new Float64Array(n));
    this.tsNsec = copy(this.tsNsec, new Uint32Array(n));
  }

  /**
   * Indexes the first `length` bytes of `bytes` (what read() returned). Throws BpfBufferError, and
   * leaves `count` at 0, when any record is malformed: a half-valid batch is never delivered.
   */
  scan(bytes: Uint8Array, length: number, layout: BpfRecordLayout): number {
    this.count = 0;
    if (!Number.isInteger(length) || length < 0 || length > bytes.byteLength) {
      throw new BpfBufferError(
        'length',
        0,
        `length ${length} is not within the ${bytes.byteLength}-byte buffer`,
      );
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, length);
    let count = 0;
    let at = 0;
    while (at < length) {
      if (length - at < layout.minHeaderLength) {
        throw new BpfBufferError(
          'truncated-header',
          at,
          `${length - at} bytes left, a header needs ${layout.minHeaderLength}`,
        );
      }
      const hdrlen = view.getUint16(at + layout.hdrlenOffset, true);
      const caplen = view.getUint32(at + layout.caplenOffset, true);
      const datalen = view.getUint32(at + layout.datalenOffset, true);
      if (hdrlen < layout.minHeaderLength) {
        throw new BpfBufferError(
          'header-length',
          at,
          `bh_hdrlen ${hdrlen} < ${layout.minHeaderLength} (${layout.name})`,
        );
      }
      if (hdrlen + caplen > length - at) {
        throw new BpfBufferError(
          'truncated-record',
          at,
          `bh_hdrlen ${hdrlen} + bh_caplen ${caplen} > ${length - at} bytes left`,
        );
      }
      if (caplen > datalen) {
        throw new BpfBufferError('caplen-exceeds-wire', at, `bh_caplen ${caplen} > bh_datalen ${datalen}`);
      }
      if (count === this.dataOffset.length) this.grow();
      this.readTimestamp(view, at, layout, count);
      this.dataOffset[count] = at + hdrlen;
      this.caplen[count] = caplen;
      this.wireLength[count] = datalen;
      count++;
      // BPF_WORDALIGN(hdrlen + caplen): relative to the buffer start, which read() aligns.
      const step = hdrlen + caplen;
      at += Math.ceil(step / layout.alignment) * layout.alignment;
    }
    this.count = count;
    return count;
  }

  private readTimestamp(view: DataView, at: number, layout: BpfRecordLayout, i: number): void {
    if (layout.timestamp === 'none') {
      this.tsSec[i] = 0;
      this.tsNsec[i] = 0;
      return;
    }
    let sec: number;
    if (layout.secondsSize === 4) {
      sec = view.getInt32(at, true);
    } else {
      const high = view.getInt32(at + 4, true);
      if (high >= MAX_SECONDS_HIGH || high < -MAX_SECONDS_HIGH) {
        throw new BpfBufferError('timestamp', at, 'seconds do not fit a safe integer');
      }
      sec = high * TWO_32 + view.getUint32(at, true);
    }
    const f = at + layout.fractionOffset;
    const fracLow = view.getUint32(f, true);
    const fracHigh = layout.fractionSize === 8 ? view.getUint32(f + 4, true) : 0;
    let nsec: number;
    if (layout.timestamp === 'bintime') {
      nsec = bintimeToNanoseconds(fracHigh);
    } else {
      const limit = layout.timestamp === 'micro' ? 1_000_000 : 1_000_000_000;
      if (fracHigh !== 0 || fracLow >= limit) {
        throw new BpfBufferError('timestamp', at, `fraction out of range for ${layout.timestamp}seconds`);
      }
      nsec = layout.timestamp === 'micro' ? fracLow * 1000 : fracLow;
    }
    this.tsSec[i] = sec;
    this.tsNsec[i] = nsec;
  }
}

/**
 * A bintime fraction (units of 2^-64 s) to nanoseconds, exactly as FreeBSD's bintime2timespec:
 * (1e9 * (frac >> 32)) >> 32. Only the high 32 bits matter; the product needs 62 bits, so it is
 * computed in two exact halves instead of one lossy float multiply.
 */
export function bintimeToNanoseconds(fracHigh: number): number {
  const a = Math.floor(fracHigh / 65536);
  const b = fracHigh % 65536;
  const bProduct = b * 1_000_000_000; // < 2^46: exact
  const s = a * 1_000_000_000 + Math.floor(bProduct / 65536); // (frac_hi * 1e9) >> 16, exact
  return Math.floor(s / 65536);
}
