import { CaptureDecoder, type CaptureFormat, type CaptureReadOptions } from './decoder.js';
import { CaptureFormatError } from './errors.js';
import type { CaptureInterface } from './interface.js';
import type { PcapHeader } from './pcap/header.js';
import type { CaptureRecord } from './record.js';
import { type ByteSource, isByteSource, sourceFromIterable, sourceFromReadableStream } from './source.js';

export interface StreamReadOptions extends CaptureReadOptions {
  /** Bytes read from the source at a time (default 4 MiB). Memory stays near 2 × max(this, largest block). */
  chunkSize?: number;
}

/** Inputs the browser-safe `openCapture` takes. */
export type CaptureStreamInput = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | ByteSource;

const DEFAULT_CHUNK = 4 * 1024 * 1024;

/**
 * Streaming reader: an async iterable of reused CaptureRecords over any byte source, with bounded
 * memory. It reads big chunks into one of two buffers and parses in place; a record cut by a chunk
 * boundary is moved to the other buffer with its tail, so a record's `data` stays valid until the
 * next one is requested. The per-record path stays synchronous until the buffer runs dry.
 */
export class AsyncCaptureReader implements AsyncIterableIterator<CaptureRecord> {
  private readonly decoder: CaptureDecoder;
  private readonly chunkSize: number;
  private buffers: [Uint8Array, Uint8Array];
  private current = 0;
  private buf: Uint8Array;
  private view: DataView;
  private start = 0;
  private end = 0;
  /** File offset of buf[0]. */
  private base = 0;
  private eof = false;
  private closed = false;
  private readonly result: IteratorResult<CaptureRecord>;
  private readonly done: IteratorResult<CaptureRecord> = { done: true, value: undefined };
  private readonly resolvedResult: Promise<IteratorResult<CaptureRecord>>;

  constructor(
    private readonly source: ByteSource,
    options: StreamReadOptions = {},
  ) {
    this.decoder = new CaptureDecoder(options);
    this.chunkSize = Math.max(4096, options.chunkSize ?? DEFAULT_CHUNK);
    this.buffers = [new Uint8Array(this.chunkSize), new Uint8Array(0)];
    this.buf = this.buffers[0];
    this.view = new DataView(this.buf.buffer);
    this.result = { done: false, value: this.decoder.record };
    this.resolvedResult = Promise.resolve(this.result);
  }

  get format(): CaptureFormat | undefined {
    return this.decoder.format;
  }

  get pcapHeader(): PcapHeader | undefined {
    return this.decoder.pcapHeader;
  }

  get interfaces(): readonly CaptureInterface[] {
    return this.decoder.interfaces;
  }

  get trailingBytes(): number {
    return this.decoder.trailingBytes;
  }

  /** Bytes held by the reader's two buffers: bounded by 2 × max(chunkSize, largest block + 4 KiB). */
  get bufferedCapacity(): number {
    return this.buffers[0].length + this.buffers[1].length;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<CaptureRecord>> {
    if (this.closed) return Promise.resolve(this.done);
    // Fast path: the next record is already in the buffer, no await needed.
    const decoder = this.decoder;
    while (this.end > this.start) {
      const n = decoder.step(this.buf, this.view, this.start, this.end, this.base);
      if (n === 0) break;
      this.start += n;
      if (decoder.produced) return this.resolvedResult;
    }
    return this.slowNext();
  }

  /** Reads until a record is complete (or the input ends). */
  private async slowNext(): Promise<IteratorResult<CaptureRecord>> {
    const decoder = this.decoder;
    try {
      for (;;) {
        if (this.end > this.start) {
          const n = decoder.step(this.buf, this.view, this.start, this.end, this.base);
          if (n > 0) {
            this.start += n;
            if (decoder.produced) return this.result;
            continue;
          }
        }
        if (this.closed) return this.done;
        if (this.eof) {
          const left = this.end - this.start;
          if (left === 0) {
            decoder.checkEmpty(this.base + this.start);
            await this.close();
            return this.done;
          }
          const partial = decoder.finish(this.buf, this.view, this.start, this.end, this.base);
          this.start = this.end;
          if (partial) return this.result;
          await this.close();
          return this.done;
        }
        await this.fill(this.end > this.start ? decoder.needed : 1);
      }
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  /** Makes room for `needed` bytes from `start` and reads once from the source. */
  private async fill(needed: number): Promise<void> {
    if (this.start + needed > this.buf.length || this.buf.length - this.end < 4096) {
      const left = this.end - this.start;
      const size = Math.max(this.chunkSize, needed + 4096);
      const other = 1 - this.current;
      let target = this.buffers[other]!;
      if (target.length < size || (size === this.chunkSize && target.length > size)) {
        target = new Uint8Array(size);
        this.buffers[other] = target;
      }
      target.set(this.buf.subarray(this.start, this.end), 0);
      this.base += this.start;
      this.buf = target;
      this.view = new DataView(target.buffer, target.byteOffset, target.byteLength);
      this.current = other;
      this.start = 0;
      this.end = left;
    }
    const n = await this.source.read(this.buf, this.end, this.buf.length - this.end);
    if (n === 0) this.eof = true;
    this.end += n;
  }

  /**
   * The fast way to stream: an async iterable of batches, each a sync iterable of the records
   * already buffered (one await per chunk instead of one per record). The batch and the record
   * objects are reused; do not mix with `next()` on the same reader.
   */
  batches(): AsyncIterableIterator<Iterable<CaptureRecord>> {
    const reader = this;
    const batch = new RecordBatch(this);
    const result: IteratorResult<Iterable<CaptureRecord>> = { done: false, value: batch };
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next(): Promise<IteratorResult<Iterable<CaptureRecord>>> {
        // Wait for one whole record; the batch then replays it and runs on through the buffer.
        const first = await reader.next();
        if (first.done) return { done: true, value: undefined };
        batch.pending = true;
        return result;
      },
      async return(): Promise<IteratorResult<Iterable<CaptureRecord>>> {
        await reader.close();
        return { done: true, value: undefined };
      },
    };
  }

  /** Parses the next record if it is wholly in the buffer (sync); false when more input is needed. */
  nextBuffered(): boolean {
    if (this.closed) return false;
    const decoder = this.decoder;
    while (this.end > this.start) {
      const n = decoder.step(this.buf, this.view, this.start, this.end, this.base);
      if (n === 0) return false;
      this.start += n;
      if (decoder.produced) return true;
    }
    return false;
  }

  get record(): CaptureRecord {
    return this.decoder.record;
  }

  /** Stops reading and releases the source (also called at the end and on errors). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.eof = true;
    await this.source.close();
  }

  async return(): Promise<IteratorResult<CaptureRecord>> {
    await this.close();
    return this.done;
  }
}

/** Wraps any supported input as a ByteSource. */
export function toByteSource(input: CaptureStreamInput): ByteSource {
  // Streams first: a Node Readable also has read() and close(), but not the ByteSource meaning.
  if (typeof (input as ReadableStream<Uint8Array>).getReader === 'function') {
    return sourceFromReadableStream(input as ReadableStream<Uint8Array>);
  }
  if (typeof (input as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    return sourceFromIterable(input as AsyncIterable<Uint8Array>);
  }
  if (isByteSource(input)) return input;
  throw new CaptureFormatError(
    'BAD_ARGUMENT',
    'openCapture needs a ReadableStream, an async iterable or a ByteSource',
    0,
  );
}

/** Streams a pcap or pcapng capture (format sniffed) from a Web ReadableStream or async iterable. */
export function openCapture(input: CaptureStreamInput, options: StreamReadOptions = {}): AsyncCaptureReader {
  return new AsyncCaptureReader(toByteSource(input), options);
}

/** One buffer's worth of records, iterated synchronously (see `AsyncCaptureReader.batches`). */
class RecordBatch implements Iterable<CaptureRecord>, Iterator<CaptureRecord> {
  pending = false;
  private readonly result: IteratorResult<CaptureRecord>;
  private readonly done: IteratorResult<CaptureRecord> = { done: true, value: undefined };
  constructor(private readonly reader: AsyncCaptureReader) {
    this.result = { done: false, value: reader.record };
  }
  [Symbol.iterator](): this {
    return this;
  }
  next(): IteratorResult<CaptureRecord> {
    if (this.pending) {
      this.pending = false;
      return this.result;
    }
    return this.reader.nextBuffered() ? this.result : this.done;
  }
}
