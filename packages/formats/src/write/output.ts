import { copyBytes } from '../bytes.js';

/**
 * Where writers put bytes. `write` may keep the chunk (it is never touched again by the writer
 * once handed over) and may return a promise for backpressure.
 */
export interface ByteSink {
  write(chunk: Uint8Array): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** A sink collecting everything in memory; `bytes()` joins it. Handy for tests and browsers. */
export class MemorySink implements ByteSink {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  write(chunk: Uint8Array): void {
    this.chunks.push(copyBytes(chunk));
    this.length += chunk.length;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let pos = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, pos);
      pos += chunk.length;
    }
    return out;
  }
}

const DEFAULT_BUFFER = 1024 * 1024;

/**
 * The writers' output buffer: records are encoded straight into it and it is handed to the sink
 * whole, so the sink only ever sees complete records (a killed writer leaves whole records only,
 * up to the last write the kernel got).
 */
export class OutputBuffer {
  buf: Uint8Array;
  view: DataView;
  pos = 0;
  private pending: Promise<void>[] = [];

  constructor(
    private readonly sink: ByteSink,
    private readonly size = DEFAULT_BUFFER,
  ) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  /** Ensures `n` bytes of room at `pos`, handing buffered bytes to the sink first if needed. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.handOver();
    if (n > this.buf.length) {
      this.buf = new Uint8Array(Math.max(n, this.size));
      this.view = new DataView(this.buf.buffer);
    }
  }

  /** Gives the buffered bytes to the sink now. */
  handOver(): void {
    if (this.pos === 0) return;
    const result = this.sink.write(this.buf.subarray(0, this.pos));
    if (result !== undefined) {
      // An async sink may still hold the chunk: never reuse that memory.
      this.pending.push(result);
      this.buf = new Uint8Array(this.size);
      this.view = new DataView(this.buf.buffer);
    }
    this.pos = 0;
  }

  /** True when async writes are outstanding (call `flush()` to wait for them). */
  get backpressure(): boolean {
    return this.pending.length > 0;
  }

  async flush(): Promise<void> {
    this.handOver();
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.sink.close?.();
  }
}
