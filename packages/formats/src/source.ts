/**
 * Where a streaming reader gets bytes: it reads into the reader's own buffer, so large reads need
 * no extra copy. `read` resolves to the number of bytes written (0 at end of input).
 */
export interface ByteSource {
  read(into: Uint8Array, offset: number, length: number): Promise<number>;
  close(): Promise<void>;
}

/** Any async iterable of byte chunks (a Node Readable is one) as a ByteSource. */
export function sourceFromIterable(iterable: AsyncIterable<Uint8Array>): ByteSource {
  const iterator = iterable[Symbol.asyncIterator]();
  let chunk: Uint8Array | undefined;
  let used = 0;
  return {
    async read(into, offset, length) {
      let written = 0;
      while (written < length) {
        if (chunk === undefined || used >= chunk.length) {
          // Return what we have rather than wait when the caller already got bytes.
          if (written > 0) return written;
          const next = await iterator.next();
          if (next.done) return written;
          chunk = next.value;
          used = 0;
          continue;
        }
        const n = Math.min(length - written, chunk.length - used);
        into.set(chunk.subarray(used, used + n), offset + written);
        used += n;
        written += n;
      }
      return written;
    },
    async close() {
      await iterator.return?.();
    },
  };
}

/** A Web ReadableStream of bytes as a ByteSource (works where ReadableStream is not async iterable). */
export function sourceFromReadableStream(stream: ReadableStream<Uint8Array>): ByteSource {
  const reader = stream.getReader();
  return sourceFromIterable({
    [Symbol.asyncIterator]() {
      return {
        async next(): Promise<IteratorResult<Uint8Array>> {
          const r = await reader.read();
          return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
        },
        async return(): Promise<IteratorResult<Uint8Array>> {
          await reader.cancel();
          return { done: true, value: undefined };
        },
      };
    },
  });
}

export function isByteSource(value: unknown): value is ByteSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ByteSource).read === 'function' &&
    typeof (value as ByteSource).close === 'function'
  );
}
