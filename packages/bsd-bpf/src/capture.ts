/**
 * An open /dev/bpf descriptor as a capture-api CaptureHandle. One read() fills one JS-owned buffer
 * of exactly the kernel's buffer length; that buffer becomes one RecordBatch and is only read into
 * again after the batch is released. All syscalls go through `BpfSyscalls`, so this logic runs
 * (and is tested) with a scripted fake on any OS.
 */
import {
  CaptureClosedError,
  type CaptureHandle,
  type CaptureStats,
  type FilterProgram,
  type RecordBatch,
  StatsAccumulator,
} from '@pktkit/capture-api';
import { BpfRecordBatch } from './batch.js';
import { toCaptureError } from './errors.js';
import type { BpfRecordLayout } from './layout.js';
import type { BpfSyscalls } from './native.js';
import { encodeFilterProgram } from './program.js';
import { BpfBufferIndex } from './walk.js';

export interface BpfCaptureParams {
  readonly fd: number;
  readonly device: string;
  readonly ifindex: number;
  readonly linkType: number;
  readonly snaplen: number;
  /** The kernel's buffer length (BIOCGBLEN): every read() must use exactly this many bytes. */
  readonly bufferLength: number;
  readonly layout: BpfRecordLayout;
}

interface Slot {
  readonly bytes: Uint8Array;
  readonly index: BpfBufferIndex;
}

export class BpfCapture implements CaptureHandle {
  readonly device: string;
  readonly linkType: number;
  readonly snaplen: number;
  private closed = false;
  private closing: Promise<void> | null = null;
  private pendingRead: Promise<number> | null = null;
  private readonly free: Slot[] = [];
  private readonly counters = new StatsAccumulator();

  constructor(
    private readonly sys: BpfSyscalls,
    private readonly params: BpfCaptureParams,
  ) {
    this.device = params.device;
    this.linkType = params.linkType;
    this.snaplen = params.snaplen;
  }

  private takeSlot(): Slot {
    // A new buffer only when the caller still holds every earlier batch.
    return (
      this.free.pop() ?? { bytes: new Uint8Array(this.params.bufferLength), index: new BpfBufferIndex() }
    );
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordBatch> {
    const context = { layout: this.params.layout, linkType: this.linkType, ifindex: this.params.ifindex };
    while (!this.closed) {
      const slot = this.takeSlot();
      let n: number;
      try {
        this.pendingRead = this.sys.read(this.params.fd, slot.bytes);
        n = await this.pendingRead;
      } catch (e) {
        this.free.push(slot);
        if (this.closed) return;
        throw toCaptureError(e, this.device, 'capture');
      } finally {
        this.pendingRead = null;
      }
      if (this.closed) return;
      if (n === 0) {
        this.free.push(slot); // read timeout with nothing captured
        continue;
      }
      let released = false;
      let batch: BpfRecordBatch;
      try {
        batch = new BpfRecordBatch(
          slot.bytes,
          n,
          context,
          () => {
            if (released) return;
            released = true;
            this.free.push(slot);
          },
          slot.index,
        );
      } catch (e) {
        this.free.push(slot); // a malformed read: the buffer is free again, the error is the caller's
        throw e;
      }
      // Not released here if the consumer stops early: it may still be reading the batch.
      yield batch;
    }
  }

  async setFilter(program: FilterProgram): Promise<void> {
    if (this.closed) throw new CaptureClosedError(this.device);
    const bytes = encodeFilterProgram(program, this.snaplen);
    try {
      // BIOCSETFNR: swap atomically without flushing packets already accepted by the old filter.
      this.sys.setFilter(this.params.fd, bytes, true);
    } catch (e) {
      throw toCaptureError(e, this.device, 'capture');
    }
  }

  stats(): CaptureStats {
    if (!this.closed) {
      try {
        const [received, dropped] = this.sys.getStats(this.params.fd);
        this.counters.addCumulative(received, dropped);
      } catch (e) {
        throw toCaptureError(e, this.device, 'capture');
      }
    }
    return this.counters.snapshot();
  }

  async inject(frame: Uint8Array): Promise<void> {
    if (this.closed) throw new CaptureClosedError(this.device);
    try {
      this.sys.write(this.params.fd, frame);
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
    // The kernel may still be writing into a JS buffer: wait for that read (bounded by
    // BIOCSRTIMEOUT) before the descriptor goes away.
    if (this.pendingRead) await this.pendingRead.catch(() => 0);
    this.sys.close(this.params.fd);
  }
}
