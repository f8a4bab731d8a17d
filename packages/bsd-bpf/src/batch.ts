/**
 * A capture-api RecordBatch over one /dev/bpf read buffer. Records point into the buffer itself
 * (zero copy) and stay valid until release(), after which the backend may read() into it again.
 */
import {
  type CaptureRecord,
  createRecord,
  type MutableCaptureRecord,
  PacketDirection,
  type RecordBatch,
} from '@pktkit/capture-api';
import type { BpfRecordLayout } from './layout.js';
import { BpfBufferIndex } from './walk.js';

export interface BpfBatchContext {
  readonly layout: BpfRecordLayout;
  /** DLT_* of the attached interface (BIOCGDLT). */
  readonly linkType: number;
  /** Index of the one interface a /dev/bpf descriptor is bound to (0 when unknown). */
  readonly ifindex: number;
}

export class BpfRecordBatch implements RecordBatch {
  private released = false;
  private readonly own = createRecord();

  /**
   * Validates every record of `bytes[0, length)` up front (throws BpfBufferError). Pass a reused
   * `index` to keep steady-state batches allocation-free.
   */
  constructor(
    private readonly bytes: Uint8Array,
    length: number,
    private readonly context: BpfBatchContext,
    private readonly onRelease: () => void = () => {},
    private readonly index: BpfBufferIndex = new BpfBufferIndex(),
  ) {
    index.scan(bytes, length, context.layout);
  }

  get count(): number {
    return this.released ? 0 : this.index.count;
  }

  read(i: number, into: MutableCaptureRecord = this.own): CaptureRecord {
    if (this.released) throw new RangeError('record batch already released');
    const index = this.index;
    if (!Number.isInteger(i) || i < 0 || i >= index.count) {
      throw new RangeError(`record index ${i} out of range (batch has ${index.count})`);
    }
    into.buffer = this.bytes;
    into.offset = index.dataOffset[i]!;
    into.caplen = index.caplen[i]!;
    into.wireLength = index.wireLength[i]!;
    into.tsSec = index.tsSec[i]!;
    into.tsNsec = index.tsNsec[i]!;
    into.ifindex = this.context.ifindex;
    // /dev/bpf records carry no direction (FreeBSD filters it with BIOCSDIRECTION instead).
    into.direction = PacketDirection.Unknown;
    into.linkType = this.context.linkType;
    return into;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }
}
