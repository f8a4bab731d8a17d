// A TPACKET_V3 receive ring read from JavaScript: the kernel fills blocks of frames in memory
// mapped into this process; JS walks a block's frames in place and hands the block back.
import { setTimeout as sleep } from 'node:timers/promises';
import { addon, type NativePoller, type RingLayout } from './addon.js';
import { translate } from './errors.js';
import { packFilter, type SocketFilterInstruction } from './filter.js';

export interface RingOptions {
  /** Bytes per block, a multiple of the page size (default 256 KiB, as libpcap). */
  blockSize?: number;
  /** Blocks in the ring (default 8: 2 MiB with the default block size, as libpcap). */
  blockCount?: number;
  /** The kernel hands over a partly filled block after this many ms (default 100). */
  timeoutMs?: number;
  /**
   * A classic BPF program run by the kernel on every frame; attached before the socket is bound,
   * so no unfiltered frame ever enters the ring.
   */
  filter?: readonly SocketFilterInstruction[];
  /** Put the interface in promiscuous mode while the ring is open (PACKET_MR_PROMISC membership). */
  promiscuous?: boolean;
  /** Leave out frames this host sends (PACKET_IGNORE_OUTGOING). */
  ignoreOutgoing?: boolean;
  /** Join a PACKET_FANOUT group: the kernel spreads frames over the group's sockets. */
  fanout?: FanoutOptions;
}

export type FanoutMode = 'hash' | 'lb' | 'cpu' | 'rollover' | 'random' | 'qm';

export interface FanoutOptions {
  /** Group id, 0–65535; sockets with the same id on the same interface share the traffic. */
  group: number;
  /** 'hash' keeps each flow on one socket. */
  mode: FanoutMode;
  /** Reassemble IP fragments before hashing (PACKET_FANOUT_FLAG_DEFRAG). */
  defrag?: boolean;
  /** Move frames to another socket when this one's ring is full (PACKET_FANOUT_FLAG_ROLLOVER). */
  rollover?: boolean;
}

/** PACKET_FANOUT's argument: group id in the low 16 bits, mode and flags in the high 16. */
export function fanoutArgument(options: FanoutOptions, l: RingLayout = layout()): number {
  const { group, mode, defrag = false, rollover = false } = options;
  if (!Number.isInteger(group) || group < 0 || group > 0xffff)
    throw new RangeError(`fanout group must be 0-65535: ${group}`);
  const modes: Record<FanoutMode, number> = {
    hash: l.fanoutHash,
    lb: l.fanoutLb,
    cpu: l.fanoutCpu,
    rollover: l.fanoutRollover,
    random: l.fanoutRandom,
    qm: l.fanoutQm,
  };
  const type = modes[mode] | (defrag ? l.fanoutFlagDefrag : 0) | (rollover ? l.fanoutFlagRollover : 0);
  return (group | (type << 16)) >>> 0;
}

let layoutCache: RingLayout | undefined;
const layout = (): RingLayout => {
  // Copied into a plain object: the addon builds it key by key, leaving V8 a slow dictionary-mode
  // object, and the frame walker reads a dozen of its fields per packet.
  layoutCache ??= { ...addon().ringLayout() };
  return layoutCache;
};

/**
 * One frame in a block, as a reusable cursor: `offset`/`caplen` locate the bytes in the ring's
 * `bytes`, valid until the block is released. Fields are refreshed by {@link RingBlock.forEach}.
 */
export class RingFrame {
  /** Absolute offset of the frame's tpacket3_hdr in {@link PacketRing.bytes}. */
  header = 0;
  /** Absolute offset of the frame's first byte in {@link PacketRing.bytes}. */
  offset = 0;
  caplen = 0;
  wireLength = 0;
  sec = 0;
  nsec = 0;
  /** Kernel packet type (see PacketType). */
  packetType = 0;
  ifindex = 0;
  /** EtherType the kernel saw (host order). */
  protocol = 0;
  /** VLAN tag the kernel stripped, when `vlanValid`. */
  vlanTci = 0;
  vlanTpid = 0;
  vlanValid = false;
  #bytes: Uint8Array = new Uint8Array(0);

  /** A view of the frame's bytes (no copy). */
  data(): Uint8Array {
    return this.#bytes.subarray(this.offset, this.offset + this.caplen);
  }

  /** @internal */
  read(bytes: Uint8Array, view: DataView, at: number, l: RingLayout): this {
    const status = view.getUint32(at + l.pktStatus, true);
    this.#bytes = bytes;
    this.header = at;
    this.offset = at + view.getUint16(at + l.pktMac, true);
    this.caplen = view.getUint32(at + l.pktSnaplen, true);
    this.wireLength = view.getUint32(at + l.pktLen, true);
    this.sec = view.getUint32(at + l.pktSec, true);
    this.nsec = view.getUint32(at + l.pktNsec, true);
    this.packetType = view.getUint8(at + l.sllPkttype);
    this.ifindex = view.getInt32(at + l.sllIfindex, true);
    this.protocol = view.getUint16(at + l.sllProtocol, false);
    this.vlanValid = (status & l.statusVlanValid) !== 0;
    this.vlanTci = this.vlanValid ? view.getUint32(at + l.pktVlanTci, true) & 0xffff : 0;
    this.vlanTpid = (status & l.statusVlanTpidValid) !== 0 ? view.getUint16(at + l.pktVlanTpid, true) : 0;
    return this;
  }
}

/** A block the kernel handed over; hand it back with {@link release} once done with its frames. */
export class RingBlock {
  readonly #ring: PacketRing;
  /** Offset of the block in the ring. */
  readonly offset: number;
  /** Frames in the block. */
  readonly count: number;
  /** The kernel's block sequence number (increases by one per block). */
  readonly seq: bigint;
  #released = false;

  /** @internal */
  constructor(ring: PacketRing, offset: number) {
    const l = layout();
    const view = ring.view;
    this.#ring = ring;
    this.offset = offset;
    this.count = view.getUint32(offset + l.blockNumPkts, true);
    this.seq = view.getBigUint64(offset + l.blockSeq, true);
  }

  get released(): boolean {
    return this.#released;
  }

  /** Calls `fn` once per frame, in order, with one reused cursor (allocation-free). */
  forEach(fn: (frame: RingFrame, index: number) => void, cursor: RingFrame = new RingFrame()): void {
    if (this.#released) throw new Error('RingBlock was released');
    const l = layout();
    const { view, bytes } = this.#ring;
    let at = this.offset + view.getUint32(this.offset + l.blockFirstPkt, true);
    for (let i = 0; i < this.count; i++) {
      fn(cursor.read(bytes, view, at, l), i);
      at += view.getUint32(at + l.pktNextOffset, true);
    }
  }

  /** Returns the block to the kernel; its frames' views become invalid. Idempotent. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    if (!this.#ring.closed)
      this.#ring.view.setUint32(this.offset + layout().blockStatus, layout().statusKernel, true);
  }
}

/** Totals since the ring was opened (PACKET_STATISTICS). */
export interface RingStats {
  /** Frames that passed the socket's filter, dropped ones included. */
  packets: number;
  /** Frames dropped because no block was free. */
  drops: number;
  /** Times the kernel froze the ring waiting for a block to come back. */
  freezeQueueCount: number;
}

export class PacketRing {
  readonly #fd: number;
  readonly #buffer: ArrayBuffer;
  /** The whole ring (blockCount × blockSize bytes); detached (length 0) after close. */
  readonly bytes: Uint8Array;
  /** @internal */
  readonly view: DataView;
  readonly blockSize: number;
  readonly blockCount: number;
  #next = 0;
  #closed = false;
  readonly #totals: RingStats = { packets: 0, drops: 0, freezeQueueCount: 0 };
  #poller: NativePoller | undefined;
  #waiters: { resolve: (b: RingBlock | null) => void; reject: (e: unknown) => void }[] = [];

  private constructor(fd: number, buffer: ArrayBuffer, blockSize: number, blockCount: number) {
    this.#fd = fd;
    this.#buffer = buffer;
    this.bytes = new Uint8Array(buffer);
    this.view = new DataView(buffer);
    this.blockSize = blockSize;
    this.blockCount = blockCount;
  }

  /** Opens an AF_PACKET socket with a TPACKET_V3 RX ring bound to one interface. Needs CAP_NET_RAW. */
  static open(device: string | number, options: RingOptions = {}): PacketRing {
    const { blockSize = 256 * 1024, blockCount = 8, timeoutMs = 100, filter } = options;
    const packed = filter === undefined ? undefined : packFilter(filter);
    const native = addon();
    const extra = {
      promiscuous: options.promiscuous ?? false,
      ignoreOutgoing: options.ignoreOutgoing ?? false,
      ...(options.fanout === undefined ? {} : { fanout: fanoutArgument(options.fanout) }),
    };
    try {
      const { fd, buffer } = native.ringOpen(device, blockSize, blockCount, timeoutMs, packed, extra);
      return new PacketRing(fd, buffer, blockSize, blockCount);
    } catch (e) {
      translate(e, String(device));
    }
  }

  get fd(): number {
    return this.#closed ? -1 : this.#fd;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The next block the kernel has handed over, in ring order, or null when it has not yet (no
   * syscall: this reads the block's status word). Blocks not released stay unavailable to the
   * kernel, which then drops frames. (Reads rely on x86-64's ordering of loads; see README.)
   */
  nextBlock(): RingBlock | null {
    if (this.#closed) throw new Error('PacketRing is closed');
    const offset = this.#next * this.blockSize;
    const l = layout();
    if ((this.view.getUint32(offset + l.blockStatus, true) & l.statusUser) === 0) return null;
    this.#next = (this.#next + 1) % this.blockCount;
    return new RingBlock(this, offset);
  }

  /**
   * Replaces the kernel filter. The kernel swaps programs atomically, so no frame is seen unfiltered;
   * frames the old program accepted may still sit in the ring, which callers filter in userland
   * (see AfPacketBackend). No reject-all step: a ring has no socket queue to drain, and a
   * reject-all window would lose frames the new program accepts.
   */
  setFilter(program: readonly SocketFilterInstruction[]): void {
    if (this.#closed) throw new Error('PacketRing is closed');
    const packed = packFilter(program);
    try {
      addon().attachFilter(this.#fd, packed);
    } catch (e) {
      translate(e, undefined);
    }
  }

  /** Locks the current filter (SO_LOCK_FILTER): it can no longer be replaced or removed. */
  lockFilter(): void {
    if (this.#closed) throw new Error('PacketRing is closed');
    try {
      addon().lockFilter(this.#fd);
    } catch (e) {
      translate(e, undefined);
    }
  }

  /** Sends one complete frame on the ring's interface; returns the bytes sent. */
  send(frame: Uint8Array): number {
    if (this.#closed) throw new Error('PacketRing is closed');
    try {
      return addon().sendFrame(this.#fd, frame);
    } catch (e) {
      translate(e, undefined);
    }
  }

  /** Reads the frame whose header is at `header` (from {@link RingFrame.header}) into `cursor`. */
  frameAt(header: number, cursor: RingFrame = new RingFrame()): RingFrame {
    return cursor.read(this.bytes, this.view, header, layout());
  }

  /**
   * Puts back the 802.1Q/802.1ad tag the kernel stripped into metadata, as libpcap does: the MAC
   * addresses move 4 bytes into the room before the frame and the tag (real TPID, not a hard-coded
   * 0x8100) goes after them. The frame's header is rewritten to match (tp_mac, lengths, VLAN flag
   * cleared), so later reads see an ordinary tagged frame. Returns false when there is no room.
   */
  reinsertVlanTag(frame: RingFrame): boolean {
    if (!frame.vlanValid || frame.caplen < 12) return false;
    const l = layout();
    const sllEnd = frame.header + l.sllProtocol - 2 + 20; // sockaddr_ll is 20 bytes
    if (frame.offset - 4 < sllEnd) return false;
    const { bytes, view } = this;
    const at = frame.header;
    bytes.copyWithin(frame.offset - 4, frame.offset, frame.offset + 12);
    view.setUint16(frame.offset + 8, frame.vlanTpid || 0x8100);
    view.setUint16(frame.offset + 10, frame.vlanTci);
    view.setUint16(at + l.pktMac, view.getUint16(at + l.pktMac, true) - 4, true);
    view.setUint32(at + l.pktSnaplen, frame.caplen + 4, true);
    view.setUint32(at + l.pktLen, frame.wireLength + 4, true);
    view.setUint32(at + l.pktStatus, view.getUint32(at + l.pktStatus, true) & ~l.statusVlanValid, true);
    this.frameAt(at, frame);
    return true;
  }

  /** Running totals; the kernel resets its counters on every read, so they are summed here. */
  stats(): RingStats {
    if (this.#closed) throw new Error('PacketRing is closed');
    let delta: RingStats;
    try {
      delta = addon().ringStats(this.#fd);
    } catch (e) {
      translate(e, undefined);
    }
    this.#totals.packets += delta.packets;
    this.#totals.drops += delta.drops;
    this.#totals.freezeQueueCount += delta.freezeQueueCount;
    return { ...this.#totals };
  }

  /**
   * Resolves with the next block as soon as the kernel hands it over (readiness comes from a
   * poll() thread, not timers), or with null once the ring is closed. Rejects with an
   * AfPacketError when the socket fails, e.g. ENETDOWN when the interface is deleted.
   */
  waitBlock(): Promise<RingBlock | null> {
    if (this.#closed) return Promise.resolve(null);
    const ready = this.nextBlock();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      if (this.#waiters.length === 1) this.#watch();
    });
  }

  /**
   * Every block, in order, until the ring is closed. Each block goes back to the kernel when the
   * loop body that received it finishes (or the loop exits).
   */
  async *blocks(): AsyncGenerator<RingBlock, void, undefined> {
    for (;;) {
      const block = await this.waitBlock();
      if (!block) return;
      try {
        yield block;
      } finally {
        block.release();
      }
    }
  }

  #watch(): void {
    if (this.#poller) this.#poller.arm();
    else this.#poller = new (addon().Poller)(this.#fd, (revents) => void this.#onEvents(revents));
  }

  async #onEvents(revents: number): Promise<void> {
    if (this.#closed) return;
    const { POLLERR, POLLHUP, POLLNVAL } = addon().pollFlags;
    if (revents & (POLLERR | POLLHUP | POLLNVAL)) {
      let error: unknown = new Error(`PacketRing: poll reported ${revents}`);
      try {
        addon().pendingError(this.#fd);
      } catch (e) {
        try {
          translate(e, undefined);
        } catch (translated) {
          error = translated;
        }
      }
      for (const w of this.#waiters.splice(0)) w.reject(error);
      return;
    }
    let block = this.#waiters.length > 0 ? this.nextBlock() : null;
    if (!block && this.#waiters.length > 0) {
      // Readable, yet our next block is not ready: poll also reports a block handed out earlier
      // and not yet released. Back off instead of spinning.
      await sleep(1);
      if (this.#closed) return;
      block = this.nextBlock();
    }
    while (block && this.#waiters.length > 0) {
      this.#waiters.shift()!.resolve(block);
      block = this.#waiters.length > 0 ? this.nextBlock() : null;
    }
    if (this.#waiters.length > 0) this.#poller?.arm();
  }

  /**
   * Stops readiness, resolves pending waits with null, unmaps the ring (detaching `bytes`, so
   * stale views read nothing) and closes the socket.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#poller?.stop();
    this.#poller = undefined;
    for (const w of this.#waiters.splice(0)) w.resolve(null);
    addon().ringClose(this.#fd, this.#buffer);
  }
}
