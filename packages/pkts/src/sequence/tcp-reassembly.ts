// TCP stream reassembly from observed segments: both directions of a connection share one entry;
// in-order payload is handed over as a view of the caller's packet (no copy); data after a hole is
// copied and buffered, bounded per connection and globally; holes that will never fill (cap,
// timeout, end of capture) are delivered as explicit gaps, never as zero bytes.
import { checkIntOption, checkTimeOption } from './errors.js';
import { FlowEntry, FlowTable, flowHash } from './flow-table.js';
import { seqDiff } from './serial.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment } from './tcp-segment.js';
import { BufferedSegment, TcpHalfStream } from './tcp-stream.js';

/** 0: from endpoint A (the client when the SYN was seen) to B; 1: from B to A. */
export type Direction = 0 | 1;

export type TcpAnomalyKind =
  /** Retransmitted or overlapping bytes differ from the bytes already kept or delivered. */
  | 'inconsistent-overlap'
  /** Payload beyond the sequence number of this direction's FIN (dropped). */
  | 'data-after-fin'
  /** Out-of-order data given up because a memory cap was reached (a gap is delivered). */
  | 'buffer-evicted';

export interface TcpAnomaly {
  readonly kind: TcpAnomalyKind;
  readonly direction: Direction;
  /** Stream offset and length of the bytes concerned. */
  readonly offset: number;
  readonly length: number;
}

/**
 * Why a connection left the table: 'timeout' (idle for `idleTimeout` of capture time), 'evicted'
 * (the table was full), 'reused' (a new SYN with another ISN on the same addresses and ports),
 * 'end' (`flush()` at the end of a capture).
 */
export type TcpCloseReason = 'timeout' | 'evicted' | 'reused' | 'end';

export type GapCause = 'lost' | 'truncated';

export interface TcpStreamHandler {
  open?(conn: TcpConnection): void;
  /**
   * In-order payload: `buf[start, end)` at stream `offset`. `buf` is the caller's packet buffer
   * (no copy, no view allocated) or a buffered copy; valid during the call only.
   */
  data?(
    conn: TcpConnection,
    direction: Direction,
    buf: Uint8Array,
    start: number,
    end: number,
    offset: number,
  ): void;
  /**
   * `length` bytes at stream `offset` are missing and will never be delivered: `lost` (never
   * seen, or given up under a memory cap) or `truncated` (seen, but cut by the capture's snap length).
   */
  gap?(conn: TcpConnection, direction: Direction, offset: number, length: number, cause: GapCause): void;
  anomaly?(conn: TcpConnection, anomaly: TcpAnomaly): void;
  /** The connection leaves the table; everything buffered was delivered (with gaps) just before. */
  close?(conn: TcpConnection, reason: TcpCloseReason): void;
}

export interface TcpReassemblerOptions {
  /** Connections tracked at once; the least recently seen is evicted beyond this (default 1,000,000). */
  maxConnections?: number;
  /** Out-of-order bytes buffered per connection, both directions (default 4 MiB). */
  maxBufferedPerConnection?: number;
  /** Out-of-order bytes buffered over all connections (default 256 MiB). */
  maxBufferedTotal?: number;
  /** Capture-time idle timeout in nanoseconds (default 300 s). */
  idleTimeout?: bigint;
  /**
   * Bytes of delivered data kept per direction to check retransmissions against (default 0:
   * retransmissions are then only compared with data still buffered).
   */
  historyBytes?: number;
}

export class TcpConnection extends FlowEntry {
  readonly id: number;
  /** Data sent by A, then by B. */
  readonly halves: readonly [TcpHalfStream, TcpHalfStream] = [new TcpHalfStream(), new TcpHalfStream()];
  readonly firstSeen: bigint;
  /** Free slot for layers above (the session tracker keeps its state here). */
  user: unknown = undefined;
  /** @internal Listed among connections holding out-of-order data. */
  buffering = false;

  constructor(id: number, seg: TcpSegment, reversed: boolean) {
    super(
      seg.addrBuf,
      reversed ? seg.dstAddrOffset : seg.srcAddrOffset,
      reversed ? seg.srcAddrOffset : seg.dstAddrOffset,
      seg.addrLength,
      reversed ? seg.dstPort : seg.srcPort,
      reversed ? seg.srcPort : seg.dstPort,
      seg.context,
      seg.timestamp,
    );
    this.id = id;
    this.firstSeen = seg.timestamp;
  }

  get bufferedBytes(): number {
    return this.halves[0].pendingBytes + this.halves[1].pendingBytes;
  }
}

export interface TcpReassemblerStats {
  connections: number;
  bufferedBytes: number;
  /** Highest values reached, to check caps held. */
  peakConnections: number;
  peakBufferedBytes: number;
  connectionsOpened: number;
  connectionsEvicted: number;
  segments: number;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export class TcpReassembler {
  private readonly table = new FlowTable<TcpConnection>();
  private readonly handler: TcpStreamHandler;
  private readonly maxConnections: number;
  private readonly maxPerConn: number;
  private readonly maxTotal: number;
  private readonly idleTimeout: bigint;
  private readonly historyBytes: number;
  /** Connections holding out-of-order data, oldest first (for global eviction). */
  private readonly buffering = new Set<TcpConnection>();
  private buffered = 0;
  private checkAt = -1n;
  private nextId = 0;
  private readonly counters = {
    peakConnections: 0,
    peakBufferedBytes: 0,
    connectionsOpened: 0,
    connectionsEvicted: 0,
    segments: 0,
  };
  /** Direction of the last segment pushed (valid after `push` returned a connection). */
  lastDirection: Direction = 0;

  constructor(handler: TcpStreamHandler = {}, options: TcpReassemblerOptions = {}) {
    this.handler = handler;
    this.maxConnections = checkIntOption('maxConnections', options.maxConnections ?? 1_000_000, 1, 2 ** 30);
    this.maxPerConn = checkIntOption(
      'maxBufferedPerConnection',
      options.maxBufferedPerConnection ?? 4 << 20,
      0,
      MAX_SAFE,
    );
    this.maxTotal = checkIntOption('maxBufferedTotal', options.maxBufferedTotal ?? 256 << 20, 0, MAX_SAFE);
    this.idleTimeout = checkTimeOption('idleTimeout', options.idleTimeout ?? 300_000_000_000n);
    this.historyBytes = checkIntOption('historyBytes', options.historyBytes ?? 0, 0, 1 << 30);
  }

  stats(): TcpReassemblerStats {
    return { connections: this.table.size, bufferedBytes: this.buffered, ...this.counters };
  }

  /** Connections currently tracked, least recently seen first. */
  connections(): TcpConnection[] {
    return this.table.entries();
  }

  /** Feeds one segment; returns its connection (direction in `lastDirection`). */
  push(seg: TcpSegment): TcpConnection {
    const ts = seg.timestamp;
    this.counters.segments++;
    if (ts >= this.checkAt) this.expire(ts);
    const hash = flowHash(
      seg.addrBuf,
      seg.srcAddrOffset,
      seg.dstAddrOffset,
      seg.addrLength,
      seg.srcPort,
      seg.dstPort,
      seg.context,
    );
    const flags = seg.flags;
    let conn = this.table.find(
      hash,
      seg.addrBuf,
      seg.srcAddrOffset,
      seg.dstAddrOffset,
      seg.addrLength,
      seg.srcPort,
      seg.dstPort,
      seg.context,
    );
    let dir: Direction = this.table.direction;
    if (conn !== null && (flags & (TCP_SYN | TCP_ACK | TCP_RST)) === TCP_SYN) {
      // A fresh SYN with another ISN on a tuple already used: the old connection is over.
      const h = conn.halves[dir];
      if (h.sawSyn && h.isn !== seg.seq) {
        this.close(conn, 'reused');
        conn = null;
      }
    }
    if (conn === null) {
      while (this.table.size >= this.maxConnections) {
        const victim = this.table.peekOldest();
        if (victim === null) break;
        this.counters.connectionsEvicted++;
        this.close(victim, 'evicted');
      }
      // A SYN/ACK seen first comes from the server: keep A as the client.
      const reversed = (flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK);
      conn = new TcpConnection(this.nextId++, seg, reversed);
      dir = reversed ? 1 : 0;
      this.table.insert(conn, hash);
      this.counters.connectionsOpened++;
      if (this.table.size > this.counters.peakConnections) this.counters.peakConnections = this.table.size;
      this.handler.open?.(conn);
    } else {
      this.table.touch(conn, ts);
    }
    this.lastDirection = dir;
    const half = conn.halves[dir];
    half.packets++;
    let dataSeq = seg.seq;
    if (flags & TCP_SYN) {
      if (!half.started || !half.sawSyn) {
        if (!half.started || half.next === 0) {
          half.isn = seg.seq;
          half.base = (seg.seq + 1) >>> 0;
          half.started = true;
        }
        half.sawSyn = true;
      }
      dataSeq = (seg.seq + 1) >>> 0;
    }
    const len = seg.payloadLength;
    const cut = seg.truncatedLength ?? 0;
    if (cut > 0 && len + cut > 0) {
      this.pushTruncated(conn, dir, half, seg, dataSeq, len, cut);
    } else if (len > 0 || flags & TCP_FIN) {
      if (!half.started) {
        // Mid-stream pickup: the first byte seen is stream offset 0.
        half.isn = (seg.seq - 1) >>> 0;
        half.base = seg.seq;
        half.started = true;
      }
      const offset = half.next + seqDiff(dataSeq, half.nextSeq);
      if (len > 0) {
        half.wireBytes += len;
        const peer = conn.halves[dir ^ 1] as TcpHalfStream;
        if (len <= 1 && offset === half.next - 1 && !(flags & (TCP_SYN | TCP_FIN))) {
          half.keepAlives++;
        } else {
          if (len === 1 && offset === half.next && peer.window === 0) half.zeroWindowProbes++;
          this.insert(conn, dir, half, offset, seg.payload, seg.payloadOffset, len);
        }
      }
      if (flags & TCP_FIN && half.finOffset < 0) {
        half.finOffset = offset + len;
        if (half.next >= half.finOffset) half.finished = true;
      }
    }
    half.window = seg.window;
    if (flags & TCP_RST) half.reset = true;
    const peer = conn.halves[dir ^ 1] as TcpHalfStream;
    if (flags & TCP_ACK && peer.truncated.length > 0)
      this.ackTruncated(conn, (dir ^ 1) as Direction, peer, seg.ack);
    return conn;
  }

  /**
   * A segment cut by the snap length: its captured bytes go through as usual; the missing tail is
   * kept as a zero-length placeholder so the hole is reported as truncated (not lost) when reached.
   */
  private pushTruncated(
    conn: TcpConnection,
    dir: Direction,
    half: TcpHalfStream,
    seg: TcpSegment,
    dataSeq: number,
    len: number,
    cut: number,
  ): void {
    if (!half.started) {
      half.isn = (seg.seq - 1) >>> 0;
      half.base = seg.seq;
      half.started = true;
    }
    const offset = half.next + seqDiff(dataSeq, half.nextSeq);
    half.wireBytes += len + cut;
    if (len > 0) this.insert(conn, dir, half, offset, seg.payload, seg.payloadOffset, len);
    const start = offset + len;
    const end = start + cut;
    // The missing tail is a hole like any other: a retransmission may still fill it (when the
    // receiver never got the bytes either). It is given up as a 'truncated' gap once the peer
    // acknowledges past it, or at the end.
    if (half.next <= start) half.ownTruncated().push(start, end);
    if (seg.flags & TCP_FIN && half.finOffset < 0) half.finOffset = end;
  }

  /** Delivers everything buffered (with gaps) and closes every connection: the end of a capture. */
  flush(): void {
    for (const conn of this.table.entries()) this.close(conn, 'end');
  }

  /** Closes connections idle for longer than the timeout at capture time `now`. */
  expire(now: bigint): void {
    const limit = now - this.idleTimeout;
    for (let c = this.table.peekOldest(); c !== null && c.lastSeen < limit; c = this.table.peekOldest()) {
      this.close(c, 'timeout');
    }
    // Check again a second of capture time later, not at every packet (bigint math allocates).
    this.checkAt = now + 1_000_000_000n;
  }

  /** Delivers what is buffered for a connection, with gaps, and removes it. */
  close(conn: TcpConnection, reason: TcpCloseReason): void {
    if (!conn.inTable) return;
    this.drainAll(conn, 0);
    this.drainAll(conn, 1);
    this.table.remove(conn);
    this.handler.close?.(conn, reason);
  }

  private insert(
    conn: TcpConnection,
    dir: Direction,
    half: TcpHalfStream,
    offset: number,
    buf: Uint8Array,
    off: number,
    len: number,
  ): void {
    let end = offset + len;
    if (half.finOffset >= 0 && end > half.finOffset) {
      const beyond = Math.max(offset, half.finOffset);
      this.handler.anomaly?.(conn, {
        kind: 'data-after-fin',
        direction: dir,
        offset: beyond,
        length: end - beyond,
      });
      if (offset >= half.finOffset) return;
      len = half.finOffset - offset;
      end = half.finOffset;
    }
    if (offset < half.next) {
      // Retransmission, whole or partial: the bytes delivered first stay.
      half.retransmissions++;
      if (half.history !== null)
        this.checkHistory(conn, dir, half, offset, buf, off, Math.min(end, half.next));
      if (end <= half.next) return;
      off += half.next - offset;
      len = end - half.next;
      offset = half.next;
    }
    if (offset === half.next) {
      if (half.pending.length > 0) this.comparePending(conn, dir, half, offset, buf, off, len);
      this.deliver(conn, dir, half, buf, off, off + len, offset);
      if (half.pending.length > 0) this.drainReady(conn, dir, half);
    } else {
      this.buffer(conn, dir, half, offset, buf, off, len);
    }
    if (half.finOffset >= 0 && !half.finished && half.next >= half.finOffset) half.finished = true;
  }

  private deliver(
    conn: TcpConnection,
    dir: Direction,
    half: TcpHalfStream,
    buf: Uint8Array,
    start: number,
    end: number,
    offset: number,
  ): void {
    half.next = offset + end - start;
    half.bytes += end - start;
    if (this.historyBytes > 0) this.remember(half, buf, start, end, offset);
    this.handler.data?.(conn, dir, buf, start, end, offset);
  }

  /** Buffered segments now reachable are delivered. */
  private drainReady(conn: TcpConnection, dir: Direction, half: TcpHalfStream): void {
    const pending = half.pending;
    let n = 0;
    while (n < pending.length && (pending[n] as BufferedSegment).offset <= half.next) {
      const s = pending[n] as BufferedSegment;
      n++;
      this.release(conn, half, s.data.length);
      if (s.end > half.next)
        this.deliver(conn, dir, half, s.data, half.next - s.offset, s.data.length, half.next);
    }
    if (n > 0) pending.splice(0, n);
    if (conn.bufferedBytes === 0 && conn.buffering) {
      conn.buffering = false;
      this.buffering.delete(conn);
    }
  }

  /** Gives up every hole of a direction: gap, data, gap, data… */
  private drainAll(conn: TcpConnection, dir: Direction): void {
    const half = conn.halves[dir];
    while (half.pending.length > 0) this.skipHole(conn, dir, half);
  }

  private skipHole(conn: TcpConnection, dir: Direction, half: TcpHalfStream): void {
    const first = half.pending[0] as BufferedSegment;
    if (first.offset > half.next) {
      const len = first.offset - half.next;
      half.gaps++;
      half.gapBytes += len;
      this.handler.gap?.(
        conn,
        dir,
        half.next,
        len,
        this.isTruncated(half, half.next, first.offset) ? 'truncated' : 'lost',
      );
      half.next = first.offset;
    }
    this.drainReady(conn, dir, half);
    if (half.finOffset >= 0 && !half.finished && half.next >= half.finOffset) half.finished = true;
  }

  private buffer(
    conn: TcpConnection,
    dir: Direction,
    half: TcpHalfStream,
    offset: number,
    buf: Uint8Array,
    off: number,
    len: number,
  ): void {
    const pending = half.ownPending();
    const end = offset + len;
    // Find the first buffered segment that ends after `offset`.
    let i = pending.length;
    while (i > 0 && (pending[i - 1] as BufferedSegment).end > offset) i--;
    let pos = offset;
    let added = 0;
    while (pos < end) {
      const s = pending[i];
      if (s === undefined || s.offset >= end) {
        pending.splice(i, 0, new BufferedSegment(pos, buf.slice(off + pos - offset, off + len)));
        added += end - pos;
        break;
      }
      if (s.offset > pos) {
        pending.splice(
          i,
          0,
          new BufferedSegment(pos, buf.slice(off + pos - offset, off + s.offset - offset)),
        );
        added += s.offset - pos;
        i++;
        pos = s.offset;
        continue;
      }
      // Overlap with a buffered segment: its bytes stay; tell if the new ones differ.
      const stop = Math.min(end, s.end);
      half.retransmissions++;
      for (let k = pos; k < stop; k++) {
        if (s.data[k - s.offset] !== buf[off + k - offset]) {
          half.inconsistencies++;
          this.handler.anomaly?.(conn, {
            kind: 'inconsistent-overlap',
            direction: dir,
            offset: pos,
            length: stop - pos,
          });
          break;
        }
      }
      pos = stop;
      i++;
    }
    if (added === 0) return;
    half.pendingBytes += added;
    this.buffered += added;
    if (!conn.buffering) {
      conn.buffering = true;
      this.buffering.add(conn);
    }
    // Caps: give up the oldest holes of this connection, then of the connections buffering longest.
    while (conn.bufferedBytes > this.maxPerConn) {
      const d = (half.pendingBytes > 0 ? dir : dir ^ 1) as Direction;
      this.evictHole(conn, d, conn.halves[d]);
    }
    while (this.buffered > this.maxTotal) {
      const victim = this.buffering.values().next().value as TcpConnection;
      const d: Direction = victim.halves[0].pendingBytes > 0 ? 0 : 1;
      this.evictHole(victim, d, victim.halves[d] as TcpHalfStream);
    }
    // Measured after eviction: the caps bound what stays buffered between packets.
    if (this.buffered > this.counters.peakBufferedBytes) this.counters.peakBufferedBytes = this.buffered;
  }

  /** The receiver acknowledged past snap-length cuts: nothing will fill them any more. */
  private ackTruncated(conn: TcpConnection, dir: Direction, half: TcpHalfStream, ack: number): void {
    if (!half.started) return;
    const acked = half.next + seqDiff(ack, half.nextSeq);
    const t = half.truncated;
    while (t.length > 0 && (t[0] as number) <= half.next && (t[1] as number) <= acked) {
      const start = t[0] as number;
      const end = t[1] as number;
      t.splice(0, 2);
      if (end <= half.next) continue;
      const from = Math.max(start, half.next);
      half.gaps++;
      half.gapBytes += end - from;
      this.handler.gap?.(conn, dir, from, end - from, 'truncated');
      half.next = end;
      if (half.pending.length > 0) this.drainReady(conn, dir, half);
    }
  }

  /** Whether [start, end) is exactly a snap-length cut recorded for this direction. */
  private isTruncated(half: TcpHalfStream, start: number, end: number): boolean {
    const t = half.truncated;
    let found = false;
    for (let i = 0; i < t.length; ) {
      if ((t[i] as number) < end && (t[i + 1] as number) > start) {
        found = found || ((t[i] as number) <= start && (t[i + 1] as number) >= end);
        t.splice(i, 2);
      } else i += 2;
    }
    return found;
  }

  private evictHole(conn: TcpConnection, dir: Direction, half: TcpHalfStream): void {
    const first = half.pending[0] as BufferedSegment;
    this.handler.anomaly?.(conn, {
      kind: 'buffer-evicted',
      direction: dir,
      offset: half.next,
      length: first.offset - half.next,
    });
    this.skipHole(conn, dir, half);
  }

  private release(conn: TcpConnection, half: TcpHalfStream, n: number): void {
    half.pendingBytes -= n;
    this.buffered -= n;
    if (conn.bufferedBytes === 0 && conn.buffering) {
      conn.buffering = false;
      this.buffering.delete(conn);
    }
  }

  /** In-order bytes about to be delivered over buffered ones: report when they differ. */
  private comparePending(
    conn: TcpConnection,
    dir: Direction,
    half: TcpHalfStream,
    offset: number,
    buf: Uint8Array,
    off: number,
    len: number,
  ): void {
    const end = offset + len;
    for (const s of half.pending) {
      if (s.offset >= end) break;
      const stop = Math.min(end, s.end);
      for (let k = s.offset; k < stop; k++) {
        if (s.data[k - s.offset] !== buf[off + k - offset]) {
          half.inconsistencies++;
          this.handler.anomaly?.(conn, {
            kind: 'inconsistent-overlap',
            direction: dir,
            offset: s.offset,
            length: stop - s.offset,
          });
          break;
        }
      }
    }
  }

  private remember(half: TcpHalfStream, buf: Uint8Array, start: number, end: number, offset: number): void {
    const size = this.historyBytes;
    if (half.history === null) half.history = new Uint8Array(size);
    const ring = half.history;
    const n = end - start;
    const from = n > size ? n - size : 0;
    for (let i = from; i < n; i++) ring[(offset + i) % size] = buf[start + i] as number;
  }

  private checkHistory(
    conn: TcpConnection,
    dir: Direction,
    half: TcpHalfStream,
    offset: number,
    buf: Uint8Array,
    off: number,
    stop: number,
  ): void {
    const ring = half.history as Uint8Array;
    const size = ring.length;
    const start = Math.max(offset, half.next - size, 0);
    for (let k = start; k < stop; k++) {
      if (ring[k % size] !== buf[off + k - offset]) {
        half.inconsistencies++;
        this.handler.anomaly?.(conn, {
          kind: 'inconsistent-overlap',
          direction: dir,
          offset: start,
          length: stop - start,
        });
        return;
      }
    }
  }
}
