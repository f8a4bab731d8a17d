// One capturer for the benchmark, in its own process so its CPU time is its own: opens the
// backend, prints "ready", reads every packet touching its bytes until the sentinel frame, then
// prints {cpuNs, seen, received, dropped} as JSON.
//   node capture-child.mjs <afpacket|npcap> <device>
import { createRecord } from '@pktkit/capture-api';

const [kind, device] = process.argv.slice(2);
const backend =
  kind === 'npcap'
    ? new (await import('@pktkit/npcap')).PcapBackend()
    : new (await import('../dist/index.js')).AfPacketBackend();
const capture = await backend.open({ device });
const start = process.cpuUsage();
console.log('ready');
const record = createRecord();
let seen = 0;
let touch = 0;
let done = false;
const idle = setTimeout(() => void capture.close(), 30_000);
for await (const batch of capture) {
  for (let i = 0; i < batch.count; i++) {
    const r = batch.read(i, record);
    const b = r.buffer;
    const at = r.offset;
    touch = (touch + b[at] + b[at + r.caplen - 1]) | 0;
    if (b[at + 12] === 0x88 && b[at + 13] === 0xb5) {
      if (b[at + 18] === 0xff && b[at + 19] === 0xff && b[at + 20] === 0xff && b[at + 21] === 0xff)
        done = true;
      else seen++;
    }
  }
  batch.release();
  if (done) break;
}
clearTimeout(idle);
const cpu = process.cpuUsage(start);
const stats = capture.stats();
await capture.close();
console.log(
  JSON.stringify({
    cpuNs: (cpu.user + cpu.system) * 1000,
    seen,
    received: Number(stats.received),
    dropped: Number(stats.dropped),
    touch,
  }),
);
