import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { ByteSink } from '../write/output.js';

/**
 * A file sink with synchronous writes: each chunk (whole records only) is in the kernel when
 * `write` returns, so a process killed with SIGKILL leaves every flushed record readable.
 */
export class FileSink implements ByteSink {
  private fd: number | undefined;
  constructor(path: string, options: { append?: boolean; fsync?: boolean } = {}) {
    this.fd = openSync(path, options.append ? 'a' : 'w');
    this.fsync = options.fsync ?? false;
  }
  private readonly fsync: boolean;
  write(chunk: Uint8Array): void {
    const fd = this.fd;
    if (fd === undefined) throw new Error('FileSink is closed');
    let done = 0;
    while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done);
    if (this.fsync) fsyncSync(fd);
  }
  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** A sink over a Node Writable; resolves writes on 'drain' when the stream is full. */
export class StreamSink implements ByteSink {
  constructor(private readonly stream: Writable) {}
  write(chunk: Uint8Array): void | Promise<void> {
    if (this.stream.write(chunk)) return undefined;
    return new Promise((resolve, reject) => {
      const onDrain = (): void => {
        this.stream.off('error', onError);
        resolve();
      };
      const onError = (error: Error): void => {
        this.stream.off('drain', onDrain);
        reject(error);
      };
      this.stream.once('drain', onDrain);
      this.stream.once('error', onError);
    });
  }
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
  }
}
