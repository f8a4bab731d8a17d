/**
 * An activated, non-blocking pcap_t as a capture-api CaptureHandle. Each step: dispatch() copies
 * every pending packet that fits into a JS-owned buffer (one native call for many packets); when
 * nothing is pending, wait() for readiness (selectable fd / Windows event) off the event loop.
 * A buffer is refilled only after its batch is released.
 */
import {
  CaptureClosedError,
  type CaptureHandle,
  type CaptureStats,
  type FilterProgram,
  type RecordBatch,
  StatsAccumulator,
} from '@pktkit/capture-api';
import { indexRecords, type PcapBatchContext, PcapRecordBatch, RECORD_HEADER } from './batch.js';
import { toCaptureError } from './errors.js';
import type { NativeHandle } from './native.js';
import { encodeFilterProgram } from './program.js';

export interface PcapCaptureParams extends PcapBatchContext {
  readonly device: string;
  readonly snaplen: number;
}

interface Slot {
  readonly bytes: Uint8Array;
  offsets: Int32Array;
}

/** Longest single wait; close() wakes it at once, this only bounds a lost wake-up. */
const WAIT_MS = 1000;
/** Room for this many full-snaplen packets per buffer (at least 1 MiB). */
const PACKETS_PER_BUFFER = 4;

export class PcapCapture implements CaptureHandle {
  readonly device: string;
  readonly linkType: number;
  readonly snaplen: number;
  private closed = false;
  private closing: Promise<void> | null = null;
  private pendingWait: Promise<boolean> | null = null;
  private readonly free: Slot[] = [];
  private readonly counters = new StatsAccumulator();
  private readonly bufferBytes: number;

  constructor(
    private readonly handle: NativeHandle,
    private readonly params: PcapCaptureParams,
  ) {
    this.device = params.device;
    this.linkType = params.linkType;
    this.snaplen = params.snaplen;
    const maxRecord = (RECORD_HEADER + params.snaplen + 7) & ~7;
    this.bufferBytes = Math.max(1 << 20, PACKETS_PER_BUFFER * maxRecord);
  }

  private takeSlot(): Slot {
    return this.free.pop() ?? { bytes: new Uint8Array(this.bufferBytes), offsets: new Int32Array(256) };
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordBatch> {
    let emptyAfterReady = 0;
    while (!this.closed) {
      const slot = this.takeSlot();
      let n: number;
      try {
        n = this.handle.dispatch(slot.bytes);
      } catch (e) {
        this.free.push(slot);
        throw toCaptureError(e, this.device, 'capture');
      }
      if (n === 0) {
        this.free.push(slot);
        // Readable but nothing delivered (e.g. only filtered-out packets) many times in a row:
        // back off instead of spinning on a descriptor that stays readable.
        if (emptyAfterReady > 50) await new Promise((resolve) => setTimeout(resolve, 5));
        let ready: boolean;
        try {
          this.pendingWait = this.handle.wait(WAIT_MS);
          ready = await this.pendingWait;
        } catch (e) {
          if (this.closed) return;
          throw toCaptureError(e, this.device, 'capture');
        } finally {
          this.pendingWait = null;
        }
        emptyAfterReady = ready ? emptyAfterReady + 1 : 0;
        continue;
      }
      emptyAfterReady = 0;
      try {
        slot.offsets = indexRecords(slot.bytes, n, slot.offsets);
      } catch (e) {
        this.free.push(slot);
        throw e;
      }
      let released = false;
      yield new PcapRecordBatch(slot.bytes, slot.offsets, this.params, () => {
        if (released) return;
        released = true;
        this.free.push(slot);
      });
    }
  }

  async setFilter(program: FilterProgram): Promise<void> {
    if (this.closed) throw new CaptureClosedError(this.device);
    const bytes = encodeFilterProgram(program);
    try {
      // libpcap swaps without leaking: on Linux it attaches reject-all, drains, then the new
      // filter, and filters blocks already in the ring in userland.
      this.handle.setFilter(bytes);
    } catch (e) {
      throw toCaptureError(e, this.device, 'capture');
    }
  }

  stats(): CaptureStats {
    if (!this.closed) {
      try {
        const [received, dropped, ifDropped] = this.handle.stats();
        this.counters.addCumulative(received, dropped, ifDropped);
      } catch (e) {
        throw toCaptureError(e, this.device, 'capture');
      }
    }
    return this.counters.snapshot();
  }

  async inject(frame: Uint8Array): Promise<void> {
    if (this.closed) throw new CaptureClosedError(this.device);
    try {
      this.handle.inject(frame);
    } catch (e) {
      throw toCaptureError(e, this.device, 'capture');
    }
  }

  close(): Promise<void> {
    if (!this.closing) this.closing = this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.closed = true;
    // A pool thread may be polling the pcap descriptor: wake it and wait before pcap_close.
    this.handle.wake();
    if (this.pendingWait) await this.pendingWait.catch(() => false);
    this.handle.close();
  }
}
