import type { CaptureRecord, MutableCaptureRecord } from './types.js';
import { PacketDirection } from './types.js';

/** A fresh record to reuse across a batch loop. */
export function createRecord(): MutableCaptureRecord {
  return {
    buffer: new Uint8Array(0),
    offset: 0,
    caplen: 0,
    wireLength: 0,
    tsSec: 0,
    tsNsec: 0,
    ifindex: 0,
    direction: PacketDirection.Unknown,
    linkType: 0,
  };
}

/** The record's timestamp as exact bigint nanoseconds since the epoch. */
export function recordTimestampNs(record: CaptureRecord): bigint {
  return BigInt(record.tsSec) * 1_000_000_000n + BigInt(record.tsNsec);
}

/** The captured bytes as a view into the batch's memory (valid until the batch is released). */
export function recordBytes(record: CaptureRecord): Uint8Array {
  return record.buffer.subarray(record.offset, record.offset + record.caplen);
}

/** A record that owns a copy of its bytes, safe to keep after the batch is released. */
export function copyRecord(record: CaptureRecord): CaptureRecord {
  return { ...record, buffer: recordBytes(record).slice(), offset: 0 };
}
