// @pktkit/formats/node: everything from the browser-safe entry, plus file paths, Node streams and file sinks.
import type { Readable } from 'node:stream';
import {
  AsyncCaptureReader,
  type CaptureStreamInput,
  type StreamReadOptions,
  toByteSource,
} from '../stream.js';
import { lazyFileSource, syncFileSource } from './file-source.js';

export * from '../index.js';
export { fileSource, syncFileSource } from './file-source.js';
export { FileSink, StreamSink } from './sinks.js';

export interface NodeStreamReadOptions extends StreamReadOptions {
  /** File paths only: read chunks with readSync instead of the threadpool (faster; blocks ~1 ms per chunk). */
  syncReads?: boolean;
}

/** What the Node `openCapture` takes: a file path or URL, a Node Readable, a Web ReadableStream, … */
export type NodeCaptureInput = string | URL | Readable | CaptureStreamInput;

/**
 * Streams a pcap or pcapng capture (format sniffed) as an async iterable of reused records, with
 * memory bounded by the chunk size and the largest block, whatever the file size.
 */
export function openCapture(
  input: NodeCaptureInput,
  options: NodeStreamReadOptions = {},
): AsyncCaptureReader {
  if (typeof input === 'string' || input instanceof URL) {
    return new AsyncCaptureReader(options.syncReads ? syncFileSource(input) : lazyFileSource(input), options);
  }
  return new AsyncCaptureReader(toByteSource(input as CaptureStreamInput), options);
}
