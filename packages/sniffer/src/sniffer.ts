// The Sniffer: one open capture, consumed as an async iterable, events, a Readable or a byte stream.
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import {
  type CaptureBackend,
  type CaptureDirection,
  type CaptureHandle,
  type CaptureStats,
  createRecord,
  type FanoutOptions,
  type FilterProgram,
  type RecordBatch,
} from '@pktkit/capture-api';
import { Decoder } from '@pktkit/pkts';
import { type BackendChoice, selectBackend } from './backends.js';
import { deviceLinkType, toProgram } from './filter.js';
import { SniffedPacket } from './packet.js';
import { createByteStream, createPacketReadable } from './streams.js';
import { type CaptureFileOptions, CaptureFileWriter } from './writer.js';

export interface SnifferOptions {
  /** Interface name ('any' for all, on Linux). */
  device: string;
  /** A pcap-filter expression (compiled by @pktkit/bpf) or a ready BPF program; applied in the kernel. */
  filter?: string | FilterProgram;
  /** Userspace test after the kernel filter; packets it rejects are counted in `stats().filtered`. */
  predicate?: (packet: SniffedPacket) => boolean;
  /** Bytes kept per packet (default 262144). */
  snaplen?: number;
  /** Default true, as tcpdump. */
  promiscuous?: boolean;
  /** Deliver packets at once instead of filling kernel blocks (default false). */
  immediate?: boolean;
  /** Longest a part-filled kernel block waits, ms (default 100). */
  timeoutMs?: number;
  /** Kernel buffer in bytes (default 2 MiB): what absorbs bursts while the consumer is busy. */
  bufferSize?: number;
  direction?: CaptureDirection;
  /** 'auto' (default) picks the platform's backend; or a name, or any CaptureBackend. */
  backend?: BackendChoice;
  /** Stop after this many packets (after both filters). */
  count?: number;
  /** Aborting closes the capture; a running iteration ends normally. */
  signal?: AbortSignal;
  /**
   * Join a kernel fanout group (Linux PACKET_FANOUT, afpacket backend): every sniffer opened with the
   * same group on the same device gets a share of the traffic, by flow hash with mode 'hash'. Open
   * one per worker thread to spread flows over threads (see the README).
   */
  fanoutGroup?: FanoutOptions;
  /**
   * Spawning and managing the worker threads from one call is not written yet (this throws); use
   * `fanoutGroup` in each worker.
   */
  fanout?: { workers: number };
}

export interface SnifferStats {
  /** Packets handed to the consumer. */
  captured: bigint;
  /** Packets the kernel filter accepted (drops included), as the backend counts them. */
  received: bigint;
  /** Packets the kernel dropped for lack of buffer space. */
  dropped: bigint;
  /** Packets dropped by the interface or driver, where reported. */
  ifDropped: bigint;
  /** Packets the userspace predicate rejected. */
  filtered: bigint;
}

export interface SnifferEvents {
  /** Only while `start()` runs. */
  packet: [packet: SniffedPacket];
  /** The kernel dropped `count` more packets (running total in `total`). */
  drop: [count: bigint, total: bigint];
  /** A file was opened by `writeTo` (rotation included). */
  file: [path: string];
  error: [error: Error];
  close: [];
}

export type ByteStreamFormat = 'pcap' | 'pcapng';

/** An open live capture. Create with `openSniffer`; always `close()` (or abort) it. */
export class Sniffer extends EventEmitter<SnifferEvents> {
  /** Name of the backend in use ('afpacket', 'npcap', 'bpf', 'memory', …). */
  readonly backendName: string;
  /** Why that backend: what 'auto' tried and skipped. */
  readonly backendReason: string;
  readonly device: string;
  readonly linkType: number;
  readonly snaplen: number;
  /** The kernel filter in force, if any. */
  program: FilterProgram | null;
  private readonly predicate: ((packet: SniffedPacket) => boolean) | undefined;
  private readonly limit: number;
  private captured = 0;
  private filtered = 0;
  private lastDropped = 0n;
  private consuming = false;
  private closed = false;
  private finalStats: CaptureStats | null = null;
  private readonly view = new SniffedPacket(new Decoder());
  private readonly onAbort = (): void => {
    void this.close();
  };

  /** @internal use openSniffer */
  constructor(
    readonly handle: CaptureHandle,
    backend: CaptureBackend,
    reason: string,
    program: FilterProgram | null,
    private readonly options: SnifferOptions,
  ) {
    super();
    this.backendName = backend.name;
    this.backendReason = reason;
    this.device = handle.device;
    this.linkType = handle.linkType;
    this.snaplen = handle.snaplen;
    this.program = program;
    this.predicate = options.predicate;
    this.limit = options.count ?? Number.POSITIVE_INFINITY;
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  stats(): SnifferStats {
    const s = this.finalStats ?? this.handle.stats();
    return {
      captured: BigInt(this.captured),
      received: s.received,
      dropped: s.dropped,
      ifDropped: s.ifDropped,
      filtered: BigInt(this.filtered),
    };
  }

  /** Replaces the kernel filter (an expression or a program) without letting unfiltered packets in. */
  async setFilter(filter: string | FilterProgram): Promise<void> {
    const program = toProgram(filter, this.linkType, this.snaplen);
    await this.handle.setFilter(program);
    this.program = program;
  }

  /**
   * Raw batches straight from the backend, for allocation-free loops. Release each one. Not
   * combinable with another consumer of this sniffer; the count and predicate do not apply.
   */
  async *batches(): AsyncGenerator<RecordBatch> {
    this.claim();
    try {
      for await (const batch of this.handle) {
        this.checkDrops();
        yield batch;
      }
    } finally {
      this.consuming = false;
    }
  }

  /**
   * Each packet as a reused, lazily decoded view over the backend's memory: valid until the loop
   * advances (`packet.copy()` keeps one). Not reading stalls nothing but this loop: the kernel ring
   * absorbs what arrives meanwhile and counts what it cannot hold in `stats().dropped`.
   */
  [Symbol.asyncIterator](): AsyncGenerator<SniffedPacket> {
    return this.walk(false) as AsyncGenerator<SniffedPacket>;
  }

  /** @internal The packet loop; with `batchEnds` it also yields null after each batch (flush points). */
  async *walk(batchEnds: boolean): AsyncGenerator<SniffedPacket | null> {
    this.claim();
    const record = createRecord();
    const view = this.view;
    const predicate = this.predicate;
    try {
      if (this.captured >= this.limit) return;
      for await (const batch of this.handle) {
        this.checkDrops();
        try {
          for (let i = 0; i < batch.count; i++) {
            view.attach(batch.read(i, record));
            if (predicate && !predicate(view)) {
              this.filtered++;
              continue;
            }
            this.captured++;
            yield view;
            if (this.captured >= this.limit || this.closed) return;
          }
        } finally {
          batch.release();
        }
        if (batchEnds) yield null;
      }
    } finally {
      this.consuming = false;
      if (this.captured >= this.limit) await this.close();
    }
  }

  /** Emits 'packet' for every packet until the capture ends; resolves then. */
  async start(): Promise<void> {
    try {
      for await (const packet of this) this.emit('packet', packet);
    } catch (error) {
      this.emitError(error as Error);
    }
  }

  /**
   * Writes every packet to savefiles (tcpdump -w, with -C/-G/-W rotation) until the capture ends,
   * the count is reached or a -G/-W run is complete. Resolves with the writer (file names in `files`).
   */
  async writeTo(options: CaptureFileOptions): Promise<CaptureFileWriter> {
    const writer = new CaptureFileWriter(
      {
        ...options,
        interfaceName: options.interfaceName ?? this.device,
        onOpen: (path) => {
          options.onOpen?.(path);
          this.emit('file', path);
        },
      },
      this.linkType,
      this.snaplen,
    );
    try {
      for await (const packet of this.walk(true)) {
        if (packet === null) {
          // End of a backend batch: push to the file now, so a Ctrl-C loses nothing already seen.
          await writer.flush();
        } else if (!writer.rotates) {
          writer.writeNow(packet);
        } else if (!(await writer.write(packet))) {
          break;
        }
      }
    } finally {
      await writer.close();
      if (writer.finished) await this.close();
    }
    return writer;
  }

  /** An object-mode Readable of packet copies (a stream buffers, so views cannot be reused). */
  readable(): Readable {
    return createPacketReadable(this);
  }

  /** A Readable of pcap or pcapng bytes (e.g. to pipe into `tshark -r -` or a socket). */
  byteStream(format: ByteStreamFormat = 'pcapng'): Readable {
    return createByteStream(this, format);
  }

  /** Ends iteration, closes the backend handle. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.options.signal?.removeEventListener('abort', this.onAbort);
    try {
      // Kept for stats() after close (tcpdump's closing counts come after the capture ended).
      this.finalStats = this.handle.stats();
    } catch {
      // A backend that cannot report stats any more: stats() will ask it again and say why.
    }
    try {
      await this.handle.close();
    } finally {
      this.emit('close');
    }
  }

  private claim(): void {
    if (this.consuming) throw new Error('this sniffer is already being consumed (one reader at a time)');
    this.consuming = true;
  }

  private checkDrops(): void {
    if (this.listenerCount('drop') === 0) return;
    const { dropped } = this.handle.stats();
    if (dropped > this.lastDropped) {
      const delta = dropped - this.lastDropped;
      this.lastDropped = dropped;
      this.emit('drop', delta, dropped);
    }
  }

  private emitError(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
    else throw error;
  }
}

/**
 * Opens a live capture: picks the backend, compiles the filter for the device's link type and
 * attaches it before the first packet, and returns the Sniffer.
 */
export async function openSniffer(options: SnifferOptions): Promise<Sniffer> {
  if (options.fanout) {
    throw new Error(
      'fanout: { workers } is not written yet; open a sniffer with the same fanoutGroup in each ' +
        'worker thread instead',
    );
  }
  options.signal?.throwIfAborted();
  const { backend, reason } = await selectBackend(options.backend ?? 'auto');
  const snaplen = options.snaplen ?? 262144;
  let program: FilterProgram | null = null;
  if (options.filter !== undefined && options.filter !== '') {
    const linkType = await deviceLinkType(backend, options.device);
    program = toProgram(options.filter, linkType, snaplen);
  }
  const handle = await backend.open({
    device: options.device,
    snaplen,
    ...(options.promiscuous === undefined ? {} : { promiscuous: options.promiscuous }),
    ...(options.immediate === undefined ? {} : { immediate: options.immediate }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.bufferSize === undefined ? {} : { bufferSize: options.bufferSize }),
    ...(options.direction === undefined ? {} : { direction: options.direction }),
    ...(program ? { filter: program } : {}),
    ...(options.fanoutGroup ? { fanout: options.fanoutGroup } : {}),
  });
  const sniffer = new Sniffer(handle, backend, reason, program, options);
  if (options.signal?.aborted) await sniffer.close();
  return sniffer;
}
