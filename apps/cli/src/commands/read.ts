// `pktkit read`: filter a capture file, print it tcpdump-style or as JSON, or write the matches out.
import { statSync } from 'node:fs';
import { type BlockFilter, compileFilter, createBlockFilter } from '@pktkit/bpf';
import {
  type CaptureRecord,
  decodeLinkTypeWord,
  FileSink,
  openCapture,
  PcapngWriter,
  PcapWriter,
} from '@pktkit/formats/node';
import type { PacketPrinter, PrintablePacket, PrintOptions } from '../output/printer.js';
import { LineWriter } from '../output/sink.js';
import { Progress, styleFor } from '../tty.js';
import { walkPcapFile } from './pcap-walk.js';

export interface ReadOptions extends PrintOptions {
  file: string;
  filter: string;
  count?: number;
  write?: string;
}

/** One compiled filter per link type met in the file (pcapng may mix them). */
class FilterCache {
  private readonly byLink = new Map<number, BlockFilter>();
  constructor(private readonly expression: string) {}
  get(linkType: number): BlockFilter {
    let f = this.byLink.get(linkType);
    if (!f) {
      f = createBlockFilter(compileFilter(this.expression, { linkType }));
      this.byLink.set(linkType, f);
    }
    return f;
  }
}

/** The -w output: like tcpdump, a microsecond pcap whatever the input (nanosecond with --nano). */
class MatchWriter {
  private writer: PcapWriter | PcapngWriter | null = null;
  private rawCopy = false;
  private readonly pcapng: boolean;
  constructor(
    private readonly path: string,
    private readonly nano: boolean,
  ) {
    this.pcapng = path.endsWith('.pcapng');
  }

  write(r: CaptureRecord, snaplen: number): void {
    let w = this.writer;
    if (!w) {
      w = this.open(r, snaplen);
      this.writer = w;
    }
    if (w instanceof PcapngWriter) {
      w.writeRecord(r);
    } else if (this.rawCopy) {
      // Same timestamp unit in and out: copy the header words as they are (no bigint per packet).
      w.writeRaw(r.tsHigh, r.tsLow, r.captureLength, r.originalLength, r.buffer, r.dataOffset, r.dataLength);
    } else {
      const fraction = this.nano ? r.nanoseconds : Math.floor(r.nanoseconds / 1000);
      w.writeRaw(
        r.seconds,
        fraction,
        r.captureLength,
        r.originalLength,
        r.buffer,
        r.dataOffset,
        r.dataLength,
      );
    }
  }

  private open(r: CaptureRecord, snaplen: number): PcapWriter | PcapngWriter {
    const sink = new FileSink(this.path);
    if (this.pcapng) {
      const w = new PcapngWriter(sink);
      w.writeSectionHeader();
      w.addInterface({
        linkType: r.linkType,
        snaplen,
        ...(this.nano ? { resolution: { base: 10, exponent: 9 } as const } : {}),
      });
      return w;
    }
    const unit = this.nano ? 1_000_000_000n : 1_000_000n;
    this.rawCopy = r.kind === 'pcap' && r.interface.unitsPerSecond === unit && r.interface.tsOffset === 0n;
    return new PcapWriter(sink, { linkType: r.linkType, snaplen, nanosecond: this.nano });
  }

  /** An empty result still gets a valid file, as with tcpdump. */
  async close(linkType: number, snaplen: number): Promise<void> {
    if (!this.writer) {
      const sink = new FileSink(this.path);
      this.writer = this.pcapng
        ? new PcapngWriter(sink)
        : new PcapWriter(sink, { linkType, snaplen, nanosecond: this.nano });
      if (this.writer instanceof PcapngWriter) this.writer.addInterface({ linkType, snaplen });
    }
    await this.writer.close();
  }
}

/**
 * `read -r x.pcap -w y.pcap [filter]`: the synchronous path (classic pcap in, pcap out). Returns
 * false when the input is not classic pcap. The output header is tcpdump's: little-endian, 2.4,
 * the input's snaplen and link-type word, µs unless --nano.
 */
async function filterPcapToPcap(o: ReadOptions & { write: string }): Promise<boolean> {
  let writer: PcapWriter | null = null;
  const limit = o.count ?? Number.POSITIVE_INFINITY;
  let matched = 0;
  let seen = 0;
  let consumed = 24;
  const progress = new Progress(`writing ${o.write}`, statSync(o.file).size);
  const header = walkPcapFile(o.file, (h) => {
    const { linkType, fcsLength } = decodeLinkTypeWord(h.linkTypeWord, 20);
    // libpcap's rules: an unusable snaplen becomes 262144, and records longer than the snaplen are
    // cut to it (crafted files have them); tcpdump writes what libpcap handed it.
    const snap = h.snaplen === 0 || h.snaplen > 262144 ? 262144 : h.snaplen;
    writer = new PcapWriter(new FileSink(o.write), {
      linkType,
      snaplen: snap,
      nanosecond: o.nano === true,
      ...(fcsLength === undefined ? {} : { fcsLength }),
    });
    const w: PcapWriter = writer;
    const filter =
      o.filter.trim() === '' ? null : createBlockFilter(compileFilter(o.filter, { linkType, snaplen: snap }));
    // Fractions are copied when units match, else converted (ns → µs truncates, as libpcap does).
    const toNs = !h.nanosecond && o.nano === true;
    const toUs = h.nanosecond && o.nano !== true;
    return (buffer, offset, caplen, wireLength, seconds, fraction) => {
      consumed += 16 + caplen;
      if ((++seen & 0xffff) === 0) progress.update(consumed, matched);
      if (caplen > snap) caplen = snap;
      if (filter !== null && filter(buffer, offset, caplen, wireLength) === 0) return true;
      const f = toUs ? Math.floor(fraction / 1000) : toNs ? fraction * 1000 : fraction;
      w.writeRaw(seconds, f, caplen, wireLength, buffer, offset, caplen);
      return ++matched < limit;
    };
  });
  progress.done();
  if (header === null) return false;
  await (writer as PcapWriter | null)?.close();
  return true;
}

export async function runRead(o: ReadOptions): Promise<number> {
  const size = statSync(o.file).size; // ENOENT/EACCES here → a bad-file exit
  if (o.write !== undefined && !o.write.endsWith('.pcapng')) {
    if (await filterPcapToPcap({ ...o, write: o.write })) return 0;
  }
  const reader = openCapture(o.file);
  const filters = o.filter.trim() === '' ? null : new FilterCache(o.filter);
  const out = new LineWriter();
  // The decoder is loaded only when packets are printed: -w needs nothing but the filter.
  const printer: PacketPrinter | null = o.write
    ? null
    : new (await import('../output/printer.js')).PacketPrinter(out, o, styleFor(process.stdout));
  const writer = o.write ? new MatchWriter(o.write, o.nano === true) : null;
  const progress = new Progress(o.write ? `writing ${o.write}` : 'reading', size);
  const limit = o.count ?? Number.POSITIVE_INFINITY;
  let matched = 0;
  let filterLink = -1;
  let filter: BlockFilter | undefined;
  let seen = 0;
  let linkType = 1;
  let snaplen = 262144;
  const view: { -readonly [K in keyof PrintablePacket]: PrintablePacket[K] } = {
    buffer: new Uint8Array(0),
    offset: 0,
    caplen: 0,
    wireLength: 0,
    tsSec: 0,
    tsNsec: 0,
    linkType: 1,
  };
  try {
    for await (const r of reader) {
      seen++;
      if ((seen & 0xffff) === 0) progress.update(r.offset, matched);
      linkType = r.linkType;
      if (filters) {
        // One map lookup per link-type change, not per packet.
        if (r.linkType !== filterLink) {
          filterLink = r.linkType;
          filter = filters.get(filterLink);
        }
        if (filter!(r.buffer, r.dataOffset, r.dataLength, r.originalLength) === 0) continue;
      }
      matched++;
      if (writer) {
        if (matched === 1) snaplen = reader.pcapHeader?.snaplen ?? (r.interface.snaplen || 262144);
        writer.write(r, snaplen);
      } else if (printer) {
        view.buffer = r.buffer;
        view.offset = r.dataOffset;
        view.caplen = r.dataLength;
        view.wireLength = r.originalLength;
        view.tsSec = r.seconds;
        view.tsNsec = r.nanoseconds;
        view.linkType = r.linkType;
        printer.print(view);
        if (out.broken) break;
      }
      if (matched >= limit) break;
    }
  } finally {
    progress.done();
    await reader.close();
    if (writer) {
      // With no match, the header still carries the input's link type and snaplen, as tcpdump's does.
      const first = reader.interfaces[0];
      await writer.close(
        reader.pcapHeader?.linkType ?? first?.linkType ?? linkType,
        reader.pcapHeader?.snaplen ?? (first?.snaplen || snaplen),
      );
    }
    await out.end();
  }
  return 0;
}
