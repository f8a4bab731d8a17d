// Node stream adapters over a Sniffer: packets in object mode, or a pcap/pcapng byte stream.
import { Readable } from 'node:stream';
import { type ByteSink, PcapngWriter, PcapWriter } from '@pktkit/formats';
import type { SniffedPacket } from './packet.js';
import type { ByteStreamFormat, Sniffer } from './sniffer.js';

/** Object-mode Readable of packet copies; pulling is what reads the capture (backpressure). */
export function createPacketReadable(sniffer: Sniffer): Readable {
  const iterator = sniffer[Symbol.asyncIterator]();
  return new Readable({
    objectMode: true,
    async read() {
      try {
        const next = await iterator.next();
        this.push(next.done ? null : next.value.copy());
      } catch (error) {
        this.destroy(error as Error);
      }
    },
    destroy(error, callback) {
      void iterator
        .return(undefined)
        .then(() => sniffer.close())
        .then(
          () => callback(error),
          (e: Error) => callback(error ?? e),
        );
    },
  });
}

/** Collects what a writer hands over; the writer reuses its buffer, so chunks are copied. */
class ChunkSink implements ByteSink {
  chunks: Buffer[] = [];
  write(chunk: Uint8Array): void {
    this.chunks.push(Buffer.from(chunk));
  }
}

async function* byteChunks(sniffer: Sniffer, format: ByteStreamFormat): AsyncGenerator<Buffer> {
  const sink = new ChunkSink();
  let writer: PcapWriter | PcapngWriter;
  if (format === 'pcap') {
    writer = new PcapWriter(sink, { linkType: sniffer.linkType, snaplen: sniffer.snaplen, nanosecond: true });
  } else {
    const w = new PcapngWriter(sink);
    w.writeSectionHeader();
    w.addInterface({
      linkType: sniffer.linkType,
      snaplen: sniffer.snaplen,
      name: sniffer.device,
      resolution: { base: 10, exponent: 9 },
    });
    writer = w;
  }
  // The header goes out at once, so a reader (tshark -r -) can start before the first packet.
  await writer.flush();
  yield* sink.chunks.splice(0);
  for await (const p of sniffer.walk(true)) {
    if (p === null) {
      await writer.flush();
      yield* sink.chunks.splice(0);
    } else {
      write(writer, p);
    }
  }
  await writer.flush();
  yield* sink.chunks.splice(0);
}

function write(writer: PcapWriter | PcapngWriter, p: SniffedPacket): void {
  if (writer instanceof PcapWriter) {
    writer.writeRaw(p.tsSec, p.tsNsec, p.caplen, p.wireLength, p.buffer, p.offset, p.caplen);
  } else {
    writer.writePacket({
      data: p.data,
      seconds: p.tsSec,
      nanoseconds: p.tsNsec,
      originalLength: p.wireLength,
    });
  }
}

export function createByteStream(sniffer: Sniffer, format: ByteStreamFormat): Readable {
  const stream = Readable.from(byteChunks(sniffer, format), { objectMode: false });
  stream.once('close', () => void sniffer.close());
  return stream;
}
