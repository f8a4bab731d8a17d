import { ArrayRecordBatch, type OwnedPacket } from './array-batch.js';
import { CaptureClosedError, NoSuchDeviceError } from './errors.js';
import { type ResolvedOpenOptions, resolveOpenOptions } from './options.js';
import { StatsAccumulator } from './stats.js';
import {
  type CaptureBackend,
  type CaptureHandle,
  type CaptureStats,
  type FilterProgram,
  type InterfaceInfo,
  type OpenOptions,
  PacketDirection,
  type RecordBatch,
} from './types.js';

/** Compiles a BPF program to a predicate; pass `@pktkit/bpf`'s `createFilter` to honour filters. */
export type FilterCompiler = (program: FilterProgram) => (packet: Uint8Array, wireLength: number) => number;

export interface MemoryBackendOptions {
  /** Interfaces the backend shows (default: one Ethernet interface `mem0`). */
  interfaces?: InterfaceInfo[];
  filterCompiler?: FilterCompiler;
  /** Clock for timestamps of injected frames (default: the wall clock, in ns). */
  now?: () => bigint;
  /** Packets kept per capture before the oldest are dropped and counted (default 4096). */
  queueLimit?: number;
}

const DLT_EN10MB = 1;

/**
 * A capture backend in memory: frames injected on an interface are delivered to every capture open
 * on it, like a hub. No privileges, no native code: for tests of code built on the contract, and
 * the reference the conformance expectations are written against.
 */
export class MemoryBackend implements CaptureBackend {
  readonly name = 'memory';
  private readonly interfaces: InterfaceInfo[];
  private readonly captures = new Set<MemoryCapture>();
  private readonly now: () => bigint;
  readonly queueLimit: number;

  constructor(private readonly options: MemoryBackendOptions = {}) {
    this.interfaces = options.interfaces ?? [
      {
        name: 'mem0',
        index: 1,
        mac: '02:00:00:00:00:01',
        mtu: 1500,
        up: true,
        running: true,
        loopback: false,
        linkType: DLT_EN10MB,
        addresses: [],
      },
    ];
    this.now = options.now ?? (() => BigInt(Date.now()) * 1_000_000n);
    this.queueLimit = options.queueLimit ?? 4096;
  }

  availability() {
    return { available: true };
  }

  async listInterfaces(): Promise<InterfaceInfo[]> {
    return this.interfaces.map((i) => ({ ...i, addresses: [...i.addresses] }));
  }

  async open(options: OpenOptions): Promise<CaptureHandle> {
    const resolved = resolveOpenOptions(options);
    const info = this.interfaces.find((i) => i.name === resolved.device);
    if (!info) throw new NoSuchDeviceError(resolved.device);
    const capture = new MemoryCapture(this, info, resolved, this.options.filterCompiler);
    this.captures.add(capture);
    return capture;
  }

  /** Delivers a frame as if it arrived on `device` from the network. */
  deliver(device: string, frame: Uint8Array, direction: PacketDirection = PacketDirection.Host): void {
    const info = this.interfaces.find((i) => i.name === device);
    if (!info) throw new NoSuchDeviceError(device);
    const ts = this.now();
    for (const capture of this.captures) {
      if (capture.device === device) capture.push(frame, ts, info.index, direction);
    }
  }

  /** @internal */
  forget(capture: MemoryCapture): void {
    this.captures.delete(capture);
  }
}

class MemoryCapture implements CaptureHandle {
  readonly device: string;
  readonly linkType: number;
  readonly snaplen: number;
  private queue: OwnedPacket[] = [];
  private waiter: (() => void) | null = null;
  private closed = false;
  private predicate: ((packet: Uint8Array, wireLength: number) => number) | null = null;
  private readonly counters = new StatsAccumulator();

  constructor(
    private readonly backend: MemoryBackend,
    info: InterfaceInfo,
    private readonly options: ResolvedOpenOptions,
    private readonly compile: FilterCompiler | undefined,
  ) {
    this.device = info.name;
    this.linkType = info.linkType;
    this.snaplen = options.snaplen;
    if (options.filter) this.predicate = this.compileFilter(options.filter);
  }

  private compileFilter(program: FilterProgram) {
    if (!this.compile) {
      throw new TypeError(
        'MemoryBackend needs a filterCompiler (e.g. createFilter from @pktkit/bpf) to apply filters',
      );
    }
    return this.compile(program);
  }

  push(frame: Uint8Array, ts: bigint, ifindex: number, direction: PacketDirection): void {
    if (this.closed) return;
    if (this.options.direction === 'in' && direction === PacketDirection.Outgoing) return;
    if (this.options.direction === 'out' && direction !== PacketDirection.Outgoing) return;
    let keep = frame.length;
    if (this.predicate) {
      keep = this.predicate(frame, frame.length);
      if (keep === 0) return;
    }
    if (this.queue.length >= this.backend.queueLimit) {
      this.counters.addDelta(1, 1);
      return;
    }
    this.counters.addDelta(1, 0);
    const caplen = Math.min(keep, this.snaplen, frame.length);
    this.queue.push({
      bytes: frame.slice(0, caplen),
      wireLength: frame.length,
      tsSec: Number(ts / 1_000_000_000n),
      tsNsec: Number(ts % 1_000_000_000n),
      ifindex,
      direction,
    });
    const wake = this.waiter;
    this.waiter = null;
    wake?.();
  }

  async setFilter(program: FilterProgram): Promise<void> {
    if (this.closed) throw new CaptureClosedError(this.device);
    this.predicate = this.compileFilter(program);
  }

  stats(): CaptureStats {
    return this.counters.snapshot();
  }

  async inject(frame: Uint8Array): Promise<void> {
    if (this.closed) throw new CaptureClosedError(this.device);
    this.backend.deliver(this.device, frame.slice(), PacketDirection.Outgoing);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.backend.forget(this);
    const wake = this.waiter;
    this.waiter = null;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordBatch> {
    while (!this.closed) {
      if (this.queue.length === 0) {
        await new Promise<void>((resolve) => {
          this.waiter = resolve;
        });
        continue;
      }
      const batch = this.queue;
      this.queue = [];
      yield new ArrayRecordBatch(batch, this.linkType);
    }
  }
}
