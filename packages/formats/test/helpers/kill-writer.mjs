// Child process for writer.test.ts: writes packets forever, flushing every 100, and reports how many
// records were flushed before each flush returns. The parent SIGKILLs it at a random moment.
import { FileSink, PcapngWriter, PcapWriter } from '../../dist/node.js';

const [path, format] = process.argv.slice(2);
const sink = new FileSink(path);
const writer =
  format === 'pcapng'
    ? new PcapngWriter(sink, { bufferSize: 4096 })
    : new PcapWriter(sink, { bufferSize: 4096 });
if (format === 'pcapng') writer.addInterface({ linkType: 1, name: 'kill0' });
const data = new Uint8Array(1500);
for (let i = 0; ; i++) {
  data.fill(i & 0xff);
  writer.writePacket({ data: data.subarray(0, 60 + (i % 1400)), seconds: 1_700_000_000 + i, nanoseconds: 0 });
  if (i % 100 === 99) {
    await writer.flush();
    process.stdout.write(`${i + 1}\n`);
  }
}
