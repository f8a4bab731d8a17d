// @pktkit/capture-api's backend contract over the TPACKET_V3 ring: each ring block becomes one
// RecordBatch read in place, released back to the kernel when the batch is released.

import { createBlockFilter } from '@pktkit/bpf';
import {
  type BackendAvailability,
  BackendUnavailableError,
  type CaptureBackend,
  CaptureClosedError,
  CaptureError,
  type CaptureHandle,
  type CaptureRecord,
  type CaptureStats,
  createRecord,
  DeviceGoneError,
  type FilterProgram,
  type InterfaceInfo,
  InvalidOptionError,
  type MutableCaptureRecord,
  NoSuchDeviceError,
  type OpenOptions,
  PermissionError,
  type RecordBatch,
  type ResolvedOpenOptions,
  resolveOpenOptions,
  StatsAccumulator,
} from '@pktkit/capture-api';
import { addon } from './addon.js';
import { AddonUnavailableError, AfPacketError } from './errors.js';
import { listInterfaces } from './interfaces.js';
import { PacketRing, type PacketRing as Ring, type RingBlock, RingFrame } from './ring.js';

const PACKET_OUTGOING = 4;
/** ARPHRD_* → DLT_*, for the link types a ring on a plain interface produces. */
const DLT_BY_ARPHRD: Record<number, number> = {
  1: 1,
  772: 1,
  65534: 12,
  776: 12,
  778: 12,
  519: 12,
  512: 9,
  801: 105,
  803: 127,
};

type BlockFilter = (buffer: Uint8Array, offset: number, length: number, wireLength: number) => number;

/** Maps the addon's OS errors onto capture-api's typed errors. */
function toCaptureError(e: unknown, device: string): unknown {
  if (e instanceof AddonUnavailableError) return new BackendUnavailableError(e.message, { cause: e });
  if (!(e instanceof AfPacketError)) return e;
  const options = { cause: e, osCode: e.code, syscall: e.syscall, device };
  if (e.code === 'EPERM' || e.code === 'EACCES') {
    return new PermissionError(
      `capturing on ${device} needs CAP_NET_RAW (run as root or grant node cap_net_raw): ${e.message}`,
      options,
    );
  }
  if (e.code === 'ENODEV' || e.code === 'ENXIO') return new NoSuchDeviceError(device, options);
  if (e.code === 'ENETDOWN') return new DeviceGoneError(device, options);
  return new CaptureError('ECAPTURE_OS', e.message, options);
}

/** The Linux backend: AF_PACKET sockets with a TPACKET_V3 ring read in place from JavaScript. */
export class AfPacketBackend implements CaptureBackend {
  readonly name = 'afpacket';

  availability(): BackendAvailability {
    try {
      addon();
      return { available: true };
    } catch (e) {
      return { available: false, reason: (e as Error).message };
    }
  }

  async listInterfaces(): Promise<InterfaceInfo[]> {
    return listInterfaces().map((i) => ({
      name: i.name,
      index: i.index,
      mac: i.flags.loopback || /^(00:)+00$/.test(i.mac) ? null : i.mac,
      mtu: i.mtu,
      up: i.flags.up,
      running: i.flags.running,
      loopback: i.flags.loopback,
      linkType: DLT_BY_ARPHRD[i.arpType] ?? 1,
      addresses: i.addresses.map((a) => ({
        family: a.family === 'IPv4' ? ('ipv4' as const) : ('ipv6' as const),
        address: a.address,
        prefixLength: a.prefixLength,
      })),
    }));
  }

  async open(options: OpenOptions): Promise<CaptureHandle> {
    const resolved = resolveOpenOptions(options);
    if (resolved.device === 'any') {
      throw new InvalidOptionError(
        'device',
        "the 'any' device (cooked SLL capture) is not supported by this backend yet",
      );
    }
    const interfaces = listInterfaces();
    const info = interfaces.find((i) => i.name === resolved.device);
    if (!info) throw new NoSuchDeviceError(resolved.device, { osCode: 'ENODEV' });
    return AfPacketCapture.open(resolved, DLT_BY_ARPHRD[info.arpType] ?? 1);
  }
}

/** Sizes the ring from the buffer size: 256 KiB blocks as libpcap, at least 2 of them. */
function ringGeometry(bufferSize: number): { blockSize: number; blockCount: number } {
  const blockSize = 256 * 1024;
  return { blockSize, blockCount: Math.max(2, Math.ceil(bufferSize / blockSize)) };
}

/** `ret #snaplen`: the kernel truncates when no user filter is set. */
const snapProgram = (snaplen: number): FilterProgram => [{ code: 0x06, jt: 0, jf: 0, k: snaplen }];

class AfPacketCapture implements CaptureHandle {
  readonly device: string;
  readonly linkType: number;
  readonly snaplen: number;
  readonly #ring: Ring;
  readonly #options: ResolvedOpenOptions;
  readonly #stats = new StatsAccumulator();
  readonly #cursor = new RingFrame();
  /** Offsets into the ring of the frames the current batch keeps (reused across blocks). */
  #offsets = new Uint32Array(256);
  /** After a filter swap, the next blocks may hold frames the old program accepted. */
  #userlandFilter: BlockFilter | null = null;
  #blocksToFilter = 0;
  #closed = false;
  #pending: AfPacketBatch | null = null;

  private constructor(ring: Ring, options: ResolvedOpenOptions, linkType: number) {
    this.#ring = ring;
    this.#options = options;
    this.device = options.device;
    this.linkType = linkType;
    this.snaplen = options.snaplen;
  }

  static open(options: ResolvedOpenOptions, linkType: number): AfPacketCapture {
    try {
      const ring = PacketRing.open(options.device, {
        ...ringGeometry(options.bufferSize),
        timeoutMs: options.immediate ? 1 : Math.max(1, options.timeoutMs),
        filter: options.filter ?? snapProgram(options.snaplen),
        promiscuous: options.promiscuous,
        ignoreOutgoing: options.direction === 'in',
        ...(options.fanout ? { fanout: options.fanout } : {}),
      });
      return new AfPacketCapture(ring, options, linkType);
    } catch (e) {
      throw toCaptureError(e, options.device);
    }
  }

  async setFilter(program: FilterProgram): Promise<void> {
    if (this.#closed) throw new CaptureClosedError(this.device);
    try {
      this.#ring.setFilter(program);
    } catch (e) {
      throw toCaptureError(e, this.device);
    }
    // Every block the kernel may already have filled (the whole ring, plus one being filled) is
    // re-filtered in userland with the new program; frames it already accepted pass again.
    this.#userlandFilter = createBlockFilter(program as Parameters<typeof createBlockFilter>[0]);
    this.#blocksToFilter = this.#ring.blockCount + 1;
  }

  /** Locks the kernel filter (SO_LOCK_FILTER): it can no longer be replaced. */
  lockFilter(): void {
    if (this.#closed) throw new CaptureClosedError(this.device);
    try {
      this.#ring.lockFilter();
    } catch (e) {
      throw toCaptureError(e, this.device);
    }
  }

  stats(): CaptureStats {
    if (!this.#closed) {
      const delta = this.#ring.stats();
      // PacketRing keeps totals; feed the increase since our last look.
      this.#stats.addCumulative(delta.packets, delta.drops);
    }
    return this.#stats.snapshot();
  }

  async inject(frame: Uint8Array): Promise<void> {
    if (this.#closed) throw new CaptureClosedError(this.device);
    try {
      this.#ring.send(frame);
    } catch (e) {
      throw toCaptureError(e, this.device);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#pending?.release();
    this.#ring.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordBatch> {
    while (!this.#closed) {
      let block: RingBlock | null;
      try {
        block = await this.#ring.waitBlock();
      } catch (e) {
        if (this.#closed) return;
        throw toCaptureError(e, this.device);
      }
      if (!block) return;
      const count = this.#index(block);
      if (count === 0) {
        block.release();
        continue;
      }
      const batch = new AfPacketBatch(this, block, count);
      this.#pending = batch;
      try {
        yield batch;
      } finally {
        batch.release();
        this.#pending = null;
      }
    }
  }

  /**
   * One pass over the block's frame headers: applies the userland checks (outgoing-only, the
   * post-swap filter), re-inserts stripped VLAN tags, and records kept frames' header offsets.
   */
  #index(block: RingBlock): number {
    const filter = this.#blocksToFilter > 0 ? this.#userlandFilter : null;
    if (this.#blocksToFilter > 0) this.#blocksToFilter--;
    const outOnly = this.#options.direction === 'out';
    const reinsert = this.#options.reconstructVlan;
    const bytes = this.#ring.bytes;
    let kept = 0;
    if (this.#offsets.length < block.count) this.#offsets = new Uint32Array(block.count * 2);
    const offsets = this.#offsets;
    const ring = this.#ring;
    block.forEach((frame) => {
      if (outOnly && frame.packetType !== PACKET_OUTGOING) return;
      if (reinsert && frame.vlanValid) ring.reinsertVlanTag(frame);
      if (filter && filter(bytes, frame.offset, frame.caplen, frame.wireLength) === 0) return;
      offsets[kept++] = frame.header;
    }, this.#cursor);
    return kept;
  }

  /** @internal */
  readRecord(header: number, into: MutableCaptureRecord): CaptureRecord {
    const frame = this.#ring.frameAt(header, this.#cursor);
    into.buffer = this.#ring.bytes;
    into.offset = frame.offset;
    into.caplen = Math.min(frame.caplen, this.snaplen);
    into.wireLength = frame.wireLength;
    into.tsSec = frame.sec;
    into.tsNsec = frame.nsec;
    into.ifindex = frame.ifindex;
    into.direction = frame.packetType as CaptureRecord['direction'];
    into.linkType = this.linkType;
    return into;
  }

  /** @internal */
  offsetAt(index: number): number {
    return this.#offsets[index]!;
  }
}

/** One ring block as a RecordBatch; releasing it hands the block back to the kernel. */
class AfPacketBatch implements RecordBatch {
  readonly #capture: AfPacketCapture;
  readonly #block: RingBlock;
  readonly #own = createRecord();
  readonly count: number;

  constructor(capture: AfPacketCapture, block: RingBlock, count: number) {
    this.#capture = capture;
    this.#block = block;
    this.count = count;
  }

  read(index: number, into: MutableCaptureRecord = this.#own): CaptureRecord {
    if (this.#block.released) throw new RangeError('record batch already released');
    if (!Number.isInteger(index) || index < 0 || index >= this.count) {
      throw new RangeError(`record index ${index} out of range (batch has ${this.count})`);
    }
    return this.#capture.readRecord(this.#capture.offsetAt(index), into);
  }

  release(): void {
    this.#block.release();
  }
}
