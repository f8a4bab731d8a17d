import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { CaptureFormatError, type CaptureRecord, readCapture } from '../src/index.js';
import { openCapture } from '../src/node/index.js';
import { corpusDir, corpusFiles } from './helpers/corpus.js';

const describeRecord = (r: CaptureRecord): string =>
  `${r.kind} ${r.interface.section}/${r.interfaceId} ${r.linkType} ${r.timestamp} ${r.captureLength}/${r.originalLength} ${r.truncated} ${Buffer.from(r.data).toString('base64')} ${Buffer.from(r.rawOptions).toString('hex')}`;

function syncList(bytes: Uint8Array): string[] | string {
  try {
    return Array.from(readCapture(bytes), describeRecord);
  } catch (error) {
    return error instanceof CaptureFormatError ? `${error.code}@${error.offset}` : String(error);
  }
}

async function asyncList(iterable: AsyncIterable<CaptureRecord>): Promise<string[] | string> {
  const out: string[] = [];
  try {
    for await (const r of iterable) out.push(describeRecord(r));
    return out;
  } catch (error) {
    return error instanceof CaptureFormatError ? `${error.code}@${error.offset}` : String(error);
  }
}

/** Chunks of 1 to 97 bytes: every record boundary lands everywhere in some chunk. */
async function* dribble(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  let pos = 0;
  let n = 1;
  while (pos < bytes.length) {
    yield bytes.subarray(pos, pos + n);
    pos += n;
    n = (n * 7 + 3) % 97 || 1;
  }
}

const sample = corpusFiles().filter((_, i) => i % 7 === 0);

describe('streaming readers agree with the sync reader', () => {
  test('file path, Node stream, Web ReadableStream and 1..97-byte chunks over a corpus sample', async () => {
    expect(sample.length).toBeGreaterThan(100);
    for (const file of sample) {
      const path = join(corpusDir, file);
      const bytes = new Uint8Array(readFileSync(path));
      const expected = syncList(bytes);
      expect(await asyncList(openCapture(path, { chunkSize: 4096 })), file).toEqual(expected);
      expect(await asyncList(openCapture(createReadStream(path, { highWaterMark: 1000 }))), file).toEqual(
        expected,
      );
      expect(
        await asyncList(openCapture(Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>)),
        file,
      ).toEqual(expected);
      expect(await asyncList(openCapture(dribble(bytes))), file).toEqual(expected);
    }
  });

  test('stopping early (break) closes the source', async () => {
    const path = join(corpusDir, 'pcapng-conformance/output_le/test001.pcapng');
    const reader = openCapture(path);
    for await (const r of reader) {
      expect(r.kind).toBe('epb');
      break;
    }
    expect((await reader.next()).done).toBe(true);
  });

  test('an empty stream is a typed error', async () => {
    expect(await asyncList(openCapture(dribble(new Uint8Array(0))))).toBe('TRUNCATED@0');
  });
});
