// Message framing on top of reassembled streams. A Framer turns one direction's in-order bytes
// and gaps into messages; `framedStreams` creates framers per connection and plugs them into the
// reassembler's handler, so defragmentation → reassembly → framing runs as one pipeline.
import { checkIntOption } from './errors.js';
import type { Direction, TcpConnection, TcpStreamHandler } from './tcp-reassembly.js';

export interface Framer {
  /** In-order bytes at stream `offset`. The view is only valid during the call. */
  data(bytes: Uint8Array, offset: number): void;
  /** `length` bytes at `offset` will never arrive. */
  gap(offset: number, length: number): void;
  /** The stream ended; a partial message left is reported by the framer's own means. */
  end(): void;
}

export type MessageCallback = (message: Uint8Array, offset: number) => void;

export interface LengthPrefixedOptions {
  /** Size of the big-endian length prefix: 2 (DNS over TCP, RFC 1035 §4.2.2) or 4. */
  prefixBytes?: 2 | 4;
  /** Largest message accepted; a larger length means the stream is not this protocol (default 65535). */
  maxMessage?: number;
  /** Called when framing stops: after a gap (boundaries are lost) or on an oversized length. */
  desync?: (offset: number, reason: 'gap' | 'oversized' | 'truncated') => void;
}

/**
 * Length-prefixed messages. A message inside one delivered chunk is passed as a view of it (no
 * copy); one spanning chunks is assembled in a private buffer. After a gap the message boundaries
 * are unknown, so the framer stops (it never guesses, and never pads with zeros).
 */
export class LengthPrefixedFramer implements Framer {
  private readonly prefix: number;
  private readonly max: number;
  private readonly onMessage: MessageCallback;
  private readonly onDesync: LengthPrefixedOptions['desync'];
  /** Partial prefix and message bytes carried between chunks. */
  private pending: Uint8Array;
  private have = 0;
  /** Message length once the prefix is complete, else -1. */
  private need = -1;
  private start = 0;
  private stopped = false;
  messages = 0;

  constructor(onMessage: MessageCallback, options: LengthPrefixedOptions = {}) {
    this.prefix = options.prefixBytes ?? 2;
    if (this.prefix !== 2 && this.prefix !== 4) checkIntOption('prefixBytes', this.prefix, 2, 2);
    this.max = checkIntOption('maxMessage', options.maxMessage ?? 65535, 0, 1 << 30);
    this.onMessage = onMessage;
    this.onDesync = options.desync;
    this.pending = new Uint8Array(0);
  }

  get desynchronised(): boolean {
    return this.stopped;
  }

  data(bytes: Uint8Array, offset: number): void {
    let p = 0;
    const n = bytes.length;
    while (p < n && !this.stopped) {
      if (this.have === 0) {
        // Fast path: prefix and whole message inside this chunk.
        if (n - p >= this.prefix) {
          const len = this.readLength(bytes, p);
          if (len > this.max) {
            this.stop(offset + p, 'oversized');
            return;
          }
          if (n - p - this.prefix >= len) {
            this.messages++;
            this.onMessage(bytes.subarray(p + this.prefix, p + this.prefix + len), offset + p);
            p += this.prefix + len;
            continue;
          }
        }
        this.start = offset + p;
      }
      // Slow path: accumulate.
      const want = this.need < 0 ? this.prefix : this.prefix + this.need;
      const take = Math.min(want - this.have, n - p);
      this.ensure(want);
      this.pending.set(bytes.subarray(p, p + take), this.have);
      this.have += take;
      p += take;
      if (this.have < want) break;
      if (this.need < 0) {
        this.need = this.readLength(this.pending, 0);
        if (this.need > this.max) {
          this.stop(this.start, 'oversized');
          return;
        }
        if (this.need === 0) this.emitPending();
      } else {
        this.emitPending();
      }
    }
  }

  gap(offset: number, _length: number): void {
    if (!this.stopped) this.stop(offset, 'gap');
  }

  end(): void {
    if (this.have > 0 && !this.stopped) this.stop(this.start, 'truncated');
  }

  private emitPending(): void {
    this.messages++;
    this.onMessage(this.pending.slice(this.prefix, this.prefix + (this.need as number)), this.start);
    this.have = 0;
    this.need = -1;
  }

  private readLength(b: Uint8Array, p: number): number {
    if (this.prefix === 2) return ((b[p] as number) << 8) | (b[p + 1] as number);
    return (
      (((b[p] as number) << 24) |
        ((b[p + 1] as number) << 16) |
        ((b[p + 2] as number) << 8) |
        (b[p + 3] as number)) >>>
      0
    );
  }

  private ensure(size: number): void {
    if (this.pending.length >= size) return;
    const next = new Uint8Array(Math.max(size, this.pending.length * 2, 64));
    next.set(this.pending.subarray(0, this.have));
    this.pending = next;
  }

  private stop(offset: number, reason: 'gap' | 'oversized' | 'truncated'): void {
    this.stopped = true;
    this.have = 0;
    this.need = -1;
    this.pending = new Uint8Array(0);
    this.onDesync?.(offset, reason);
  }
}

/** Chooses a framer for one direction of a connection, or null to leave it unframed. */
export type FramerFactory = (conn: TcpConnection, direction: Direction) => Framer | null;

/**
 * A TcpStreamHandler that frames each connection's directions with the factory's framers, then
 * forwards every callback to `next` (so the raw stream stays observable too).
 */
export function framedStreams(factory: FramerFactory, next: TcpStreamHandler = {}): TcpStreamHandler {
  const framers = new Map<number, [Framer | null, Framer | null]>();
  const get = (conn: TcpConnection): [Framer | null, Framer | null] => {
    let f = framers.get(conn.id);
    if (f === undefined) {
      f = [factory(conn, 0), factory(conn, 1)];
      framers.set(conn.id, f);
    }
    return f;
  };
  return {
    open(conn) {
      get(conn);
      next.open?.(conn);
    },
    data(conn, dir, buf, start, end, offset) {
      const f = get(conn)[dir];
      if (f != null) f.data(buf.subarray(start, end), offset);
      next.data?.(conn, dir, buf, start, end, offset);
    },
    gap(conn, dir, offset, length, cause) {
      get(conn)[dir]?.gap(offset, length);
      next.gap?.(conn, dir, offset, length, cause);
    },
    anomaly(conn, anomaly) {
      next.anomaly?.(conn, anomaly);
    },
    close(conn, reason) {
      const f = framers.get(conn.id);
      if (f !== undefined) {
        f[0]?.end();
        f[1]?.end();
        framers.delete(conn.id);
      }
      next.close?.(conn, reason);
    },
  };
}

/** DNS over TCP (port 53 on either side): 2-byte length-prefixed messages. */
export function dnsOverTcpFramers(
  onMessage: (conn: TcpConnection, direction: Direction, message: Uint8Array, offset: number) => void,
  port = 53,
): FramerFactory {
  return (conn, dir) =>
    conn.portA === port || conn.portB === port
      ? new LengthPrefixedFramer((m, o) => onMessage(conn, dir, m, o), { prefixBytes: 2 })
      : null;
}
