import type { CaptureReadOptions } from './decoder.js';
import { CaptureFormatError } from './errors.js';
import { readCapture } from './read.js';
import { MemorySink } from './write/output.js';
import { PcapWriter } from './write/pcap-writer.js';
import { PcapngWriter } from './write/pcapng-writer.js';

/**
 * pcap → pcapng: one section, one interface carrying the link type, snaplen, FCS length and the
 * file's resolution (if_tsresol 9 for nanosecond files), so timestamps stay exact.
 */
export function pcapToPcapng(
  bytes: Uint8Array,
  options: CaptureReadOptions & { littleEndian?: boolean } = {},
): Uint8Array {
  const reader = readCapture(bytes, options);
  const header = reader.pcapHeader;
  if (header === undefined) throw new CaptureFormatError('BAD_ARGUMENT', 'input is not a pcap file', 0);
  const sink = new MemorySink();
  const writer = new PcapngWriter(sink, { littleEndian: options.littleEndian ?? header.littleEndian });
  writer.writeSectionHeader({ options: [] });
  writer.addInterface({
    linkType: header.linkType,
    snaplen: header.snaplen,
    resolution: header.nanosecond ? { base: 10, exponent: 9 } : { base: 10, exponent: 6 },
    ...(header.fcsLength === undefined ? {} : { fcsLength: header.fcsLength }),
  });
  for (const record of reader) {
    writer.writePacket({
      data: record.data,
      seconds: record.seconds,
      nanoseconds: record.nanoseconds,
      originalLength: record.originalLength,
    });
  }
  void writer.flush();
  return sink.bytes();
}

/**
 * pcapng → pcap. Every packet must share one link type (pcap has a single one); the output is a
 * nanosecond file unless `nanosecond: false`. Non-packet blocks have no pcap equivalent and are dropped.
 */
export function pcapngToPcap(
  bytes: Uint8Array,
  options: CaptureReadOptions & { nanosecond?: boolean; littleEndian?: boolean } = {},
): Uint8Array {
  const reader = readCapture(bytes, options);
  const sink = new MemorySink();
  let writer: PcapWriter | undefined;
  for (const record of reader) {
    if (writer === undefined) {
      const fcsLength = pcapFcs(record.interface.fcsLength);
      writer = new PcapWriter(sink, {
        linkType: record.linkType,
        snaplen: record.interface.snaplen || 262144,
        nanosecond: options.nanosecond ?? true,
        littleEndian: options.littleEndian ?? record.littleEndian,
        ...(fcsLength === undefined ? {} : { fcsLength }),
      });
    } else if (record.linkType !== writer.header.linkType) {
      throw new CaptureFormatError(
        'BAD_ARGUMENT',
        `link type ${record.linkType} differs from ${writer.header.linkType}: pcap holds one link type`,
        record.offset,
      );
    }
    writer.writePacket({
      data: record.data,
      seconds: record.seconds,
      nanoseconds: record.nanoseconds,
      originalLength: record.originalLength,
    });
  }
  writer ??= new PcapWriter(sink, { nanosecond: options.nanosecond ?? true });
  void writer.flush();
  return sink.bytes();
}

/** FCS lengths the pcap link-type word can state (even, at most 30 bytes); others are left out. */
function pcapFcs(length: number | undefined): number | undefined {
  return length !== undefined && length % 2 === 0 && length <= 30 ? length : undefined;
}
