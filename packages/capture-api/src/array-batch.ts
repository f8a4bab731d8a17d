import { createRecord } from './records.js';
import type { CaptureRecord, MutableCaptureRecord, RecordBatch } from './types.js';
import { PacketDirection } from './types.js';

/** A packet held in JS memory, for backends that have no shared ring (replay, tests). */
export interface OwnedPacket {
  bytes: Uint8Array;
  wireLength: number;
  tsSec: number;
  tsNsec: number;
  ifindex: number;
  direction: PacketDirection;
}

/** A RecordBatch over packets in an array. Reading after release throws: the contract is the same as a ring's. */
export class ArrayRecordBatch implements RecordBatch {
  private released = false;
  private readonly own = createRecord();
  constructor(
    private readonly packets: readonly OwnedPacket[],
    private readonly linkType: number,
    private readonly onRelease: () => void = () => {},
  ) {}

  get count(): number {
    return this.packets.length;
  }

  read(index: number, into: MutableCaptureRecord = this.own): CaptureRecord {
    if (this.released) throw new RangeError('record batch already released');
    const packet = this.packets[index];
    if (!packet)
      throw new RangeError(`record index ${index} out of range (batch has ${this.packets.length})`);
    into.buffer = packet.bytes;
    into.offset = 0;
    into.caplen = packet.bytes.length;
    into.wireLength = packet.wireLength;
    into.tsSec = packet.tsSec;
    into.tsNsec = packet.tsNsec;
    into.ifindex = packet.ifindex;
    into.direction = packet.direction ?? PacketDirection.Unknown;
    into.linkType = this.linkType;
    return into;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }
}
