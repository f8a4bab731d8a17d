// A synchronous walk over a classic pcap file in 4 MiB chunks: the `read -w` fast path. No promise
// or object per record (the streaming reader of @pktkit/formats awaits once per record), which is
// what separates a JS filter-and-copy loop from tcpdump's.
import { closeSync, openSync, readSync } from 'node:fs';
import { CliError, ExitCode } from '../errors.js';

export interface PcapFileHeader {
  littleEndian: boolean;
  nanosecond: boolean;
  snaplen: number;
  /** The raw link-type word (FCS bits included). */
  linkTypeWord: number;
}

/** Called per record with the record's header fields and where its bytes are; false stops the walk. */
export type RecordVisitor = (
  buffer: Uint8Array,
  dataOffset: number,
  caplen: number,
  wireLength: number,
  seconds: number,
  fraction: number,
) => boolean;

const CHUNK = 4 * 1024 * 1024;
// A record larger than this is a corrupt file, not a packet (libpcap's limit is 256 KiB + slack).
const MAX_RECORD = 16 * 1024 * 1024;

/** The classic pcap header of `fd`, or null when the file is something else (pcapng, modified pcap). */
function readHeader(fd: number): PcapFileHeader | null {
  const head = new Uint8Array(24);
  if (readSync(fd, head, 0, 24, 0) < 24) return null;
  const view = new DataView(head.buffer);
  const magicLe = view.getUint32(0, true);
  let littleEndian: boolean;
  let nanosecond: boolean;
  if (magicLe === 0xa1b2c3d4 || magicLe === 0xa1b23c4d) {
    littleEndian = true;
    nanosecond = magicLe === 0xa1b23c4d;
  } else {
    const magicBe = view.getUint32(0, false);
    if (magicBe !== 0xa1b2c3d4 && magicBe !== 0xa1b23c4d) return null;
    littleEndian = false;
    nanosecond = magicBe === 0xa1b23c4d;
  }
  return {
    littleEndian,
    nanosecond,
    snaplen: view.getUint32(16, littleEndian),
    linkTypeWord: view.getUint32(20, littleEndian),
  };
}

/**
 * Walks every record of a classic pcap file: `begin` sees the header and returns the visitor.
 * Returns the header, or null (having called nothing) when the file is not classic pcap, so the
 * caller can use the general reader instead.
 */
export function walkPcapFile(
  path: string,
  begin: (header: PcapFileHeader) => RecordVisitor,
): PcapFileHeader | null {
  const fd = openSync(path, 'r');
  try {
    const header = readHeader(fd);
    if (!header) return null;
    const visit = begin(header);
    const le = header.littleEndian;
    let buf = new Uint8Array(CHUNK);
    let view = new DataView(buf.buffer);
    let filePos = 24;
    let start = 0;
    let end = 0;
    for (;;) {
      // Parse every complete record in buf[start, end).
      while (end - start >= 16) {
        const caplen = view.getUint32(start + 8, le);
        if (caplen > MAX_RECORD) {
          throw new CliError(
            `${path}: record at byte ${filePos - (end - start)} claims ${caplen} bytes`,
            ExitCode.BadFile,
          );
        }
        if (end - start < 16 + caplen) break;
        const go = visit(
          buf,
          start + 16,
          caplen,
          view.getUint32(start + 12, le),
          view.getUint32(start, le),
          view.getUint32(start + 4, le),
        );
        start += 16 + caplen;
        if (!go) return header;
      }
      // Keep the partial record, then refill (growing for a record bigger than the chunk).
      const left = end - start;
      const need = left >= 16 ? 16 + view.getUint32(start + 8, le) : 16;
      if (need > buf.length) {
        const bigger = new Uint8Array(need);
        bigger.set(buf.subarray(start, end));
        buf = bigger;
        view = new DataView(buf.buffer);
      } else {
        buf.copyWithin(0, start, end);
      }
      start = 0;
      end = left;
      const n = readSync(fd, buf, end, buf.length - end, filePos);
      if (n === 0) {
        if (left > 0) throw new CliError(`${path}: the file ends inside a record`, ExitCode.BadFile);
        return header;
      }
      filePos += n;
      end += n;
    }
  } finally {
    closeSync(fd);
  }
}
