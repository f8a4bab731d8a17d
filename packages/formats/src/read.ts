import { CaptureDecoder, type CaptureFormat, type CaptureReadOptions } from './decoder.js';
import type { CaptureInterface } from './interface.js';
import type { PcapHeader } from './pcap/header.js';
import type { CaptureRecord } from './record.js';

/**
 * Synchronous reader over a whole capture in memory. Iterating yields one reused CaptureRecord per
 * packet; `record.data` views `bytes` directly, so records stay valid as long as `bytes` does
 * (the record object itself is overwritten by the next iteration: `clone()` to keep one).
 */
export class CaptureReader implements IterableIterator<CaptureRecord> {
  private readonly decoder: CaptureDecoder;
  private readonly view: DataView;
  private pos = 0;
  private readonly result: IteratorResult<CaptureRecord>;
  private readonly done: IteratorResult<CaptureRecord> = { done: true, value: undefined };

  constructor(
    private readonly bytes: Uint8Array,
    options: CaptureReadOptions = {},
  ) {
    this.decoder = new CaptureDecoder(options);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.result = { done: false, value: this.decoder.record };
    // Read the file header (pcap) or first SHB (pcapng) now, so format errors surface at once.
    this.advanceHeader();
  }

  get format(): CaptureFormat {
    return this.decoder.format!;
  }

  get pcapHeader(): PcapHeader | undefined {
    return this.decoder.pcapHeader;
  }

  get interfaces(): readonly CaptureInterface[] {
    return this.decoder.interfaces;
  }

  /** Lax mode: bytes left over at the end that did not form a record. */
  get trailingBytes(): number {
    return this.decoder.trailingBytes;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<CaptureRecord> {
    const decoder = this.decoder;
    const bytes = this.bytes;
    const end = bytes.length;
    for (;;) {
      const pos = this.pos;
      if (pos >= end) return this.done;
      const n = decoder.step(bytes, this.view, pos, end, 0);
      if (n === 0) {
        this.pos = end;
        return decoder.finish(bytes, this.view, pos, end, 0) ? this.result : this.done;
      }
      this.pos = pos + n;
      if (decoder.produced) return this.result;
    }
  }

  private advanceHeader(): void {
    const end = this.bytes.length;
    if (end === 0) this.decoder.checkEmpty(0);
    const n = this.decoder.step(this.bytes, this.view, 0, end, 0);
    if (n === 0) {
      this.pos = end;
      this.decoder.finish(this.bytes, this.view, 0, end, 0);
      return;
    }
    this.pos = n; // a header step never produces a packet
  }
}

/** Reads a pcap or pcapng capture held in memory (format sniffed). Sync iterable of records. */
export function readCapture(bytes: Uint8Array, options: CaptureReadOptions = {}): CaptureReader {
  return new CaptureReader(bytes, options);
}
