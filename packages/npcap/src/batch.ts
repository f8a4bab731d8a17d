/**
 * A RecordBatch over the buffer native dispatch() filled. Record format (native/addon.cc):
 *   0 u32 caplen | 4 u32 wire length | 8 u32 seconds low | 12 i32 seconds high
 *   16 u32 fraction (µs or ns) | 20 u32 0 | 24 data | next record at an 8-byte boundary
 * Records point into the buffer (no copy) until release().
 */
import {
  type CaptureRecord,
  createRecord,
  type MutableCaptureRecord,
  PacketDirection,
  type RecordBatch,
} from '@pktkit/capture-api';

export const RECORD_HEADER = 24;

export interface PcapBatchContext {
  readonly linkType: number;
  readonly ifindex: number;
  /** True when the fraction field holds nanoseconds (PCAP_TSTAMP_PRECISION_NANO). */
  readonly nano: boolean;
}

/** Start offsets of the records in `bytes[0, length)`; throws if the addon broke the format. */
export function indexRecords(bytes: Uint8Array, length: number, into: Int32Array): Int32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  let offsets = into;
  let count = 0;
  for (let at = 0; at < length; ) {
    const caplen = at + RECORD_HEADER <= length ? view.getUint32(at, true) : -1;
    if (caplen < 0 || at + RECORD_HEADER + caplen > length) {
      throw new RangeError(`corrupt dispatch buffer at byte ${at} of ${length}`);
    }
    if (count + 1 >= offsets.length) {
      const grown = new Int32Array(offsets.length * 2);
      grown.set(offsets);
      offsets = grown;
    }
    offsets[++count] = at;
    at += (RECORD_HEADER + caplen + 7) & ~7;
  }
  offsets[0] = count;
  return offsets;
}

export class PcapRecordBatch implements RecordBatch {
  private released = false;
  private readonly own = createRecord();
  private readonly view: DataView;

  /** `offsets[0]` is the count, `offsets[1..count]` the record starts (see indexRecords). */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly offsets: Int32Array,
    private readonly context: PcapBatchContext,
    private readonly onRelease: () => void = () => {},
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get count(): number {
    return this.released ? 0 : this.offsets[0]!;
  }

  read(i: number, into: MutableCaptureRecord = this.own): CaptureRecord {
    if (this.released) throw new RangeError('record batch already released');
    const count = this.offsets[0]!;
    if (!Number.isInteger(i) || i < 0 || i >= count) {
      throw new RangeError(`record index ${i} out of range (batch has ${count})`);
    }
    const at = this.offsets[i + 1]!;
    const v = this.view;
    const frac = v.getUint32(at + 16, true);
    into.buffer = this.bytes;
    into.offset = at + RECORD_HEADER;
    into.caplen = v.getUint32(at, true);
    into.wireLength = v.getUint32(at + 4, true);
    into.tsSec = v.getInt32(at + 12, true) * 2 ** 32 + v.getUint32(at + 8, true);
    into.tsNsec = this.context.nano ? frac : frac * 1000;
    into.ifindex = this.context.ifindex;
    into.direction = PacketDirection.Unknown; // pcap_pkthdr carries no direction
    into.linkType = this.context.linkType;
    return into;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }
}
