import { closeSync, openSync, readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import type { ByteSource } from '../source.js';

/** Reads a file straight into the reader's buffer (no intermediate chunks, one copy from the kernel). */
export async function fileSource(path: string | URL): Promise<ByteSource> {
  const handle: FileHandle = await open(path, 'r');
  return {
    async read(into, offset, length) {
      const { bytesRead } = await handle.read(into, offset, length, null);
      return bytesRead;
    },
    async close() {
      await handle.close();
    },
  };
}

/** Opens the file lazily on first read, so `openCapture(path)` can stay synchronous. */
export function lazyFileSource(path: string | URL): ByteSource {
  let source: Promise<ByteSource> | undefined;
  let closed = false;
  return {
    async read(into, offset, length) {
      if (closed) return 0;
      source ??= fileSource(path);
      return (await source).read(into, offset, length);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (source !== undefined) await (await source).close();
    },
  };
}

/**
 * Reads with readSync: each call blocks the event loop for one chunk (about a millisecond for 4 MiB
 * from the page cache) but skips the threadpool round trip, which costs more than the read itself
 * on a busy machine. Opt in with `openCapture(path, { syncReads: true })`.
 */
export function syncFileSource(path: string | URL): ByteSource {
  let fd: number | undefined;
  let closed = false;
  return {
    async read(into, offset, length) {
      if (closed) return 0;
      fd ??= openSync(path, 'r');
      return readSync(fd, into, offset, length, null);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (fd !== undefined) closeSync(fd);
    },
  };
}
