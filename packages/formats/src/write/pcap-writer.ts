import { CaptureFormatError } from '../errors.js';
import { encodeLinkTypeWord, encodePcapHeader, type PcapHeader } from '../pcap/header.js';
import type { CaptureRecord } from '../record.js';
import { NS_PER_SECOND_N, nsToUnits } from '../timestamp.js';
import { type ByteSink, OutputBuffer } from './output.js';
import { type PacketInput, splitTime } from './packet-input.js';

export interface PcapWriterOptions {
  /** LINKTYPE_* (default 1, Ethernet). */
  linkType?: number;
  snaplen?: number;
  /** Nanosecond magic 0xa1b23c4d instead of microseconds. */
  nanosecond?: boolean;
  /** Byte order of the file (default little-endian). */
  littleEndian?: boolean;
  /** FCS length in bytes to state in the link-type word (even, ≤ 30). */
  fcsLength?: number;
  /** Write the "modified" format (0xa1b2cd34, 24-byte record headers). */
  modified?: boolean;
  /** Output buffer size; the sink receives chunks of at most this size (default 1 MiB). */
  bufferSize?: number;
}

/**
 * Streaming classic pcap writer. Records are buffered and handed to the sink in whole-record chunks;
 * `flush()` pushes them out. Pass `header` (from a reader) to reproduce a file header exactly.
 */
export class PcapWriter {
  readonly header: PcapHeader;
  private readonly out: OutputBuffer;
  private readonly le: boolean;
  private readonly recordHeaderLength: number;

  constructor(sink: ByteSink, options: PcapWriterOptions | { header: PcapHeader; bufferSize?: number } = {}) {
    if ('header' in options) {
      this.header = options.header;
    } else {
      const linkType = options.linkType ?? 1;
      this.header = {
        littleEndian: options.littleEndian ?? true,
        nanosecond: options.nanosecond ?? false,
        modified: options.modified ?? false,
        versionMajor: 2,
        versionMinor: 4,
        thiszone: 0,
        sigfigs: 0,
        snaplen: options.snaplen ?? 262144,
        linkTypeWord: encodeLinkTypeWord(linkType, options.fcsLength),
        linkType,
        fcsLength: options.fcsLength,
      };
    }
    this.le = this.header.littleEndian;
    this.recordHeaderLength = this.header.modified ? 24 : 16;
    this.out = new OutputBuffer(sink, options.bufferSize);
    const head = encodePcapHeader(this.header);
    this.out.reserve(head.length);
    this.out.buf.set(head, 0);
    this.out.pos = head.length;
  }

  /** Writes one packet. Returns false when an async sink is behind: `await flush()` before more. */
  writePacket(packet: PacketInput): boolean {
    const { seconds, nanoseconds } = splitTime(packet);
    const fraction = this.header.nanosecond ? nanoseconds : Math.floor(nanoseconds / 1000);
    const data = packet.data;
    return this.writeRaw(
      seconds,
      fraction,
      data.length,
      packet.originalLength ?? data.length,
      data,
      0,
      data.length,
    );
  }

  /**
   * Writes a record from a reader, keeping its raw timestamp words when the resolution matches and
   * the modified-format fields, so a pcap read and written back is byte-identical.
   */
  writeRecord(record: CaptureRecord): boolean {
    let seconds = record.tsHigh;
    let fraction = record.tsLow;
    const sameUnits =
      record.interface.unitsPerSecond === (this.header.nanosecond ? NS_PER_SECOND_N : 1_000_000n);
    if (!(record.splitTimestamp && sameUnits && record.interface.tsOffset === 0n)) {
      const units = nsToUnits(record.timestamp, this.header.nanosecond ? NS_PER_SECOND_N : 1_000_000n);
      const perSecond = this.header.nanosecond ? 1_000_000_000n : 1_000_000n;
      seconds = Number(units / perSecond);
      fraction = Number(units % perSecond);
    }
    if (this.recordHeaderLength === 24) {
      this.extra[0] = record.ifIndex;
      this.extra[1] = record.protocol;
      this.extra[2] = record.packetType;
      this.extra[3] = record.pad;
    }
    return this.writeRaw(
      seconds,
      fraction,
      record.captureLength,
      record.originalLength,
      record.buffer,
      record.dataOffset,
      record.dataLength,
    );
  }

  private readonly extra = [0, 0, 0, 0];

  /** The hot path: header words and the bytes `data[offset, offset+length)`. */
  writeRaw(
    seconds: number,
    fraction: number,
    captureLength: number,
    originalLength: number,
    data: Uint8Array,
    offset: number,
    length: number,
  ): boolean {
    if (seconds < 0 || seconds > 0xffffffff) {
      throw new CaptureFormatError('BAD_ARGUMENT', `time ${seconds} s does not fit a pcap record`, 0);
    }
    const out = this.out;
    const hl = this.recordHeaderLength;
    out.reserve(hl + length);
    const view = out.view;
    const pos = out.pos;
    const le = this.le;
    view.setUint32(pos, seconds, le);
    view.setUint32(pos + 4, fraction, le);
    view.setUint32(pos + 8, captureLength, le);
    view.setUint32(pos + 12, originalLength, le);
    if (hl === 24) {
      view.setUint32(pos + 16, this.extra[0]!, le);
      view.setUint16(pos + 20, this.extra[1]!, le);
      out.buf[pos + 22] = this.extra[2]!;
      out.buf[pos + 23] = this.extra[3]!;
    }
    out.buf.set(
      length === data.length && offset === 0 ? data : data.subarray(offset, offset + length),
      pos + hl,
    );
    out.pos = pos + hl + length;
    return !out.backpressure;
  }

  /** Hands everything buffered to the sink and waits for it. */
  flush(): Promise<void> {
    return this.out.flush();
  }

  /** Flushes and closes the sink. */
  close(): Promise<void> {
    return this.out.close();
  }
}
