import {
  type CaptureReadOptions,
  MemorySink,
  PcapngWriter,
  PcapWriter,
  readCapture,
} from '../../src/index.js';

/** Reads a capture and writes it back in the same format through the public writers. */
export function rewrite(bytes: Uint8Array, options: CaptureReadOptions = {}): Uint8Array {
  const sink = new MemorySink();
  let pcapng: PcapngWriter | undefined;
  const reader = readCapture(bytes, {
    ...options,
    onBlock: (block) => {
      pcapng ??= new PcapngWriter(sink);
      pcapng.writeBlock(block);
    },
  });
  if (reader.format === 'pcap') {
    const writer = new PcapWriter(sink, { header: reader.pcapHeader! });
    for (const record of reader) writer.writeRecord(record);
    void writer.flush();
  } else {
    for (const record of reader) pcapng!.writeRecord(record);
    void pcapng!.flush();
  }
  return sink.bytes();
}
