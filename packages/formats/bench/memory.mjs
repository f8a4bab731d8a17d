// Reads a 1 GB pcap generated on the fly (never on disk, never in memory at once) through
// openCapture and reports the peak of heap + ArrayBuffer use. Run: pnpm bench:memory
import { Readable } from 'node:stream';
import { openCapture } from '../dist/node.js';

const total = Number(process.env.PKTKIT_MEMORY_BYTES ?? 1024 ** 3);

async function* generatedPcap() {
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
      const len = [64, 576, 1514][i % 3];
      if (pos + 16 + len > chunk.length) break;
      v.setUint32(pos, 1_700_000_000 + i, true);
      v.setUint32(pos + 8, len, true);
      v.setUint32(pos + 12, len, true);
      pos += 16 + len;
      i++;
    }
    written += pos;
    yield chunk.subarray(0, pos);
  }
}

const base = process.memoryUsage();
let peakHeap = 0;
let peakTotal = 0;
let n = 0;
let bytes = 24;
const start = process.hrtime.bigint();
for await (const batch of openCapture(Readable.from(generatedPcap())).batches()) {
  for (const r of batch) {
    bytes += 16 + r.captureLength;
    n++;
  }
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakTotal = Math.max(peakTotal, m.heapUsed + m.arrayBuffers);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const mib = (x) => `${(x / 1024 / 1024).toFixed(1)} MiB`;
console.log(
  `read ${n} packets, ${mib(bytes)} in ${seconds.toFixed(2)} s; peak heapUsed ${mib(peakHeap)}, peak heapUsed+arrayBuffers ${mib(peakTotal)} (baseline ${mib(base.heapUsed + base.arrayBuffers)}), max-old-space-size ${process.execArgv.join(' ') || 'default'}`,
);
