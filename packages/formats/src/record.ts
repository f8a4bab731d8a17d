import { copyBytes } from './bytes.js';
import type { CaptureInterface } from './interface.js';
import { type PcapngOption, parseOptions } from './pcapng/options.js';
import { decodePacketOptions, type PacketOptions } from './pcapng/packet-options.js';
import { unitsToNs } from './timestamp.js';

/** Which on-disk structure a record came from. */
export type RecordKind = 'pcap' | 'epb' | 'spb' | 'pb';

const TWO_32 = 4294967296;
const NS = 1_000_000_000n;

/**
 * One packet. Readers reuse a single instance and point it into their buffer, so the hot loop
 * allocates nothing: fields are plain numbers, and `data`, `timestamp` and `options` are computed
 * only when read. Everything is valid until the iterator advances; call `clone()` to keep a record.
 */
export class CaptureRecord {
  kind: RecordKind = 'pcap';
  /** Absolute file offset of the record (pcap) or block (pcapng). */
  offset = 0;
  interface: CaptureInterface;
  /** LINKTYPE_* of the interface, FCS bits masked off. */
  linkType = 0;
  interfaceId = 0;
  /** Raw timestamp words. pcap: seconds and fraction; pcapng: high and low 32 bits of the unit count. */
  tsHigh = 0;
  tsLow = 0;
  /** False for Simple Packet Blocks, which carry no timestamp (then `timestamp` is 0n). */
  hasTimestamp = true;
  captureLength = 0;
  originalLength = 0;
  /** The buffer holding the packet bytes (a whole file or a read chunk) and where they start in it. */
  buffer: Uint8Array = new Uint8Array(0);
  dataOffset = 0;
  /** Bytes actually present: equals captureLength unless the record is `truncated`. */
  dataLength = 0;
  /** Lax mode only: the file ended inside this record. */
  truncated = false;
  /** Byte order of the section (pcapng) or file; needed to decode options. */
  littleEndian = true;
  /** Where the options area of the block lies in `buffer` (empty for pcap and SPB). */
  optionsStart = 0;
  optionsEnd = 0;
  /** Obsolete Packet Block: drops_count field. Modified pcap: the extra header fields. */
  dropsCount = 0;
  ifIndex = 0;
  protocol = 0;
  packetType = 0;
  pad = 0;
  /** pcap: the fraction counts 10^-9 s instead of 10^-6 s. Internal to the timestamp getters. */
  splitTimestamp = true;

  constructor(iface: CaptureInterface) {
    this.interface = iface;
  }

  /** The captured bytes: a view into the reader's buffer, not a copy. */
  get data(): Uint8Array {
    return this.buffer.subarray(this.dataOffset, this.dataOffset + this.dataLength);
  }

  /** Raw timestamp in the interface's units (before if_tsoffset). */
  get timestampUnits(): bigint {
    if (this.splitTimestamp) return BigInt(this.tsHigh) * this.interface.unitsPerSecond + BigInt(this.tsLow);
    return (BigInt(this.tsHigh) << 32n) | BigInt(this.tsLow);
  }

  /** Nanoseconds since 1970, exact (rounded down when the unit is finer than 1 ns), if_tsoffset applied. */
  get timestamp(): bigint {
    if (!this.hasTimestamp) return 0n;
    const iface = this.interface;
    return unitsToNs(this.timestampUnits, iface.unitsPerSecond) + iface.tsOffset * NS;
  }

  /** Whole seconds of `timestamp`, without creating a bigint for µs/ns resolutions. */
  get seconds(): number {
    const iface = this.interface;
    if (this.splitTimestamp && iface.resolution.exponent <= 9 && this.tsLow < Number(iface.unitsPerSecond)) {
      return this.tsHigh + Number(iface.tsOffset);
    }
    return Number(this.timestamp / NS);
  }

  /** Nanoseconds within the second of `timestamp`. */
  get nanoseconds(): number {
    const iface = this.interface;
    if (this.splitTimestamp && iface.resolution.exponent <= 9 && this.tsLow < Number(iface.unitsPerSecond)) {
      return this.tsLow * 10 ** (9 - iface.resolution.exponent);
    }
    return Number(this.timestamp % NS);
  }

  /** Timestamp in milliseconds as a float (for Date), inexact below the microsecond. */
  get timestampMs(): number {
    if (this.splitTimestamp) return this.seconds * 1000 + this.nanoseconds / 1e6;
    return (
      (this.tsHigh * TWO_32 + this.tsLow) / (Number(this.interface.unitsPerSecond) / 1000) +
      Number(this.interface.tsOffset) * 1000
    );
  }

  /** The block's options (pcapng EPB and PB), decoded on demand. Unknown options included, raw. */
  get options(): PcapngOption[] {
    if (this.optionsEnd <= this.optionsStart) return [];
    return parseOptions(this.buffer, this.optionsStart, this.optionsEnd, this.littleEndian, this.offset);
  }

  /** EPB/PB options decoded: epb_flags, epb_hash, epb_dropcount, epb_packetid, epb_queue, epb_verdict. */
  get packetOptions(): PacketOptions {
    return decodePacketOptions(this.options, this.littleEndian);
  }

  /** The exact bytes of the options area, padding and end-of-options included (for lossless writing). */
  get rawOptions(): Uint8Array {
    return this.buffer.subarray(this.optionsStart, this.optionsEnd);
  }

  /** A detached copy that stays valid after the reader moves on. */
  clone(): CaptureRecord {
    const copy = Object.assign(new CaptureRecord(this.interface), this) as CaptureRecord;
    const start = Math.min(this.dataOffset, this.optionsStart || this.dataOffset);
    const end = Math.max(this.dataOffset + this.dataLength, this.optionsEnd);
    copy.buffer = copyBytes(this.buffer, start, end);
    copy.dataOffset = this.dataOffset - start;
    copy.optionsStart = this.optionsEnd > this.optionsStart ? this.optionsStart - start : 0;
    copy.optionsEnd = this.optionsEnd > this.optionsStart ? this.optionsEnd - start : 0;
    return copy;
  }
}
