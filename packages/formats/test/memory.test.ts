// Streaming keeps memory bounded: a generated capture far larger than the reader's buffers is read
// while heap and ArrayBuffer use are sampled. (bench/memory.mjs does the same with 1 GB.)
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { openCapture } from '../src/node/index.js';

/** A pcap of `total` bytes made on the fly, 1 MiB chunks, never held in memory at once. */
async function* generatedPcap(total: number): AsyncGenerator<Uint8Array> {
  const header = new Uint8Array(24);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, 0xa1b2c3d4, true);
  hv.setUint16(4, 2, true);
  hv.setUint16(6, 4, true);
  hv.setUint32(16, 65535, true);
  hv.setUint32(20, 1, true);
  yield header;
  let written = 24;
  let i = 0;
  while (written < total) {
    const chunk = new Uint8Array(1 << 20);
    const v = new DataView(chunk.buffer);
    let pos = 0;
    for (;;) {
      const len = [64, 576, 1514][i % 3]!;
      if (pos + 16 + len > chunk.length) break;
      v.setUint32(pos, 1_700_000_000 + i, true);
      v.setUint32(pos + 8, len, true);
      v.setUint32(pos + 12, len, true);
      chunk[pos + 16] = i & 0xff;
      pos += 16 + len;
      i++;
    }
    written += pos;
    yield chunk.subarray(0, pos);
  }
}

describe('bounded memory', () => {
  test('256 MB streamed through openCapture with heap + buffers far below 64 MB', async () => {
    const total = 256 * 1024 * 1024;
    global.gc?.();
    const before = process.memoryUsage();
    let peak = 0;
    let n = 0;
    let bytes = 0;
    const reader = openCapture(Readable.from(generatedPcap(total)), { chunkSize: 1 << 20 });
    for await (const batch of reader.batches()) {
      for (const r of batch) {
        if (r.buffer[r.dataOffset] !== (n & 0xff)) throw new Error(`packet ${n} corrupted`);
        bytes += 16 + r.captureLength;
        n++;
      }
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed + m.arrayBuffers - (before.heapUsed + before.arrayBuffers));
    }
    expect(bytes + 24).toBeGreaterThan(total - (1 << 20));
    expect(reader.bufferedCapacity).toBeLessThanOrEqual(2 * ((1 << 20) + 8192));
    // Garbage from finished chunks may linger until the next GC; it is still far below the file size.
    expect(peak).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);
});
