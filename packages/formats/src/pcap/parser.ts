import { CaptureFormatError } from '../errors.js';
import type { CaptureInterface } from '../interface.js';
import { interfaceFromPcap } from '../interface-state.js';
import type { ResolvedReadOptions } from '../limits.js';
import type { CaptureRecord } from '../record.js';
import { PCAP_HEADER_LENGTH, type PcapHeader, parsePcapHeader } from './header.js';

/**
 * Incremental classic pcap parser with the same contract as PcapngParser: `step` consumes the file
 * header, then one record per call, returning 0 with `needed` set when the bytes are not all there.
 */
export class PcapParser {
  needed = 0;
  produced = false;
  header: PcapHeader | undefined;
  interface: CaptureInterface | undefined;
  private recordHeaderLength = 16;
  private littleEndian = true;

  constructor(private readonly options: ResolvedReadOptions) {}

  step(
    bytes: Uint8Array,
    view: DataView,
    pos: number,
    end: number,
    base: number,
    record: CaptureRecord,
  ): number {
    this.produced = false;
    const avail = end - pos;
    if (this.header === undefined) {
      if (avail < PCAP_HEADER_LENGTH) {
        this.needed = PCAP_HEADER_LENGTH;
        return 0;
      }
      this.start(parsePcapHeader(bytes, pos, base + pos), record);
      return PCAP_HEADER_LENGTH;
    }
    const hl = this.recordHeaderLength;
    if (avail < hl) {
      this.needed = hl;
      return 0;
    }
    const le = this.littleEndian;
    const capLen = view.getUint32(pos + 8, le);
    if (capLen > this.options.maxCaptureLength) {
      throw new CaptureFormatError(
        'LIMIT_EXCEEDED',
        `captured length ${capLen} exceeds the ${this.options.maxCaptureLength}-byte limit`,
        base + pos + 8,
      );
    }
    const total = hl + capLen;
    if (avail < total) {
      this.needed = total;
      return 0;
    }
    this.fill(bytes, view, pos, base, record, capLen);
    record.truncated = false;
    this.produced = true;
    return total;
  }

  /**
   * At end of input with `end - pos` bytes that are not a whole record: strict mode throws; lax mode
   * fills a record flagged `truncated` when its header is complete (returns true) or ends cleanly.
   */
  finish(
    bytes: Uint8Array,
    view: DataView,
    pos: number,
    end: number,
    base: number,
    record: CaptureRecord,
    strict: boolean,
  ): boolean {
    if (this.header === undefined) {
      throw new CaptureFormatError('TRUNCATED', 'file shorter than the 24-byte pcap header', base + pos);
    }
    if (strict) {
      throw new CaptureFormatError(
        'TRUNCATED',
        `last record cut short (${end - pos} of ${this.needed} bytes)`,
        base + pos,
      );
    }
    if (end - pos < this.recordHeaderLength) return false;
    this.fill(bytes, view, pos, base, record, view.getUint32(pos + 8, this.littleEndian));
    record.dataLength = end - record.dataOffset;
    record.truncated = true;
    return true;
  }

  private start(header: PcapHeader, record: CaptureRecord): void {
    this.header = header;
    this.littleEndian = header.littleEndian;
    this.recordHeaderLength = header.modified ? 24 : 16;
    const iface = interfaceFromPcap(header.linkType, header.snaplen, header.nanosecond, header.fcsLength);
    this.interface = iface;
    // Constant for the whole file: set once, not per record.
    record.kind = 'pcap';
    record.interface = iface;
    record.linkType = header.linkType;
    record.interfaceId = 0;
    record.hasTimestamp = true;
    record.littleEndian = header.littleEndian;
    record.splitTimestamp = true;
    record.optionsStart = 0;
    record.optionsEnd = 0;
  }

  private fill(
    bytes: Uint8Array,
    view: DataView,
    pos: number,
    base: number,
    record: CaptureRecord,
    capLen: number,
  ): void {
    const le = this.littleEndian;
    record.offset = base + pos;
    record.tsHigh = view.getUint32(pos, le);
    record.tsLow = view.getUint32(pos + 4, le);
    record.captureLength = capLen;
    record.dataLength = capLen;
    record.originalLength = view.getUint32(pos + 12, le);
    record.buffer = bytes;
    record.dataOffset = pos + this.recordHeaderLength;
    if (this.recordHeaderLength === 24) {
      record.ifIndex = view.getUint32(pos + 16, le);
      record.protocol = view.getUint16(pos + 20, le);
      record.packetType = bytes[pos + 22]!;
      record.pad = bytes[pos + 23]!;
    }
  }
}
