// The TCP connection tracker: reassembly plus the observed RFC 9293 state machine, reporting the
// life of each connection (open, established, data, half-close, close, reset, timeout) with
// per-connection statistics, handshake RTT included. Times are capture-time bigint nanoseconds.
import {
  type Direction,
  type GapCause,
  type TcpAnomaly,
  type TcpConnection,
  TcpReassembler,
  type TcpReassemblerOptions,
} from '../sequence/tcp-reassembly.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment } from '../sequence/tcp-segment.js';
import { isClosed, observeSegment, TcpEndpoint, type TcpEndpointState } from './tcp-state.js';

export interface TcpDirectionStats {
  packets: number;
  /** Payload bytes delivered in order. */
  bytes: number;
  /** Payload bytes seen on the wire, retransmissions included. */
  wireBytes: number;
  retransmissions: number;
  gapBytes: number;
  keepAlives: number;
  zeroWindowProbes: number;
}

export class TcpSession {
  /** Endpoint A (the client when the SYN was seen), then B. */
  readonly endpoints: readonly [TcpEndpoint, TcpEndpoint] = [new TcpEndpoint(), new TcpEndpoint()];
  /** Picked up without seeing the handshake. */
  midstream = false;
  established = false;
  halfClosed = false;
  closed = false;
  reset = false;
  synTime: bigint | null = null;
  synAckTime: bigint | null = null;
  ackTime: bigint | null = null;

  constructor(readonly connection: TcpConnection) {}

  get states(): readonly [TcpEndpointState, TcpEndpointState] {
    return [this.endpoints[0].state, this.endpoints[1].state];
  }

  /** SYN → the first plain ACK after it, as seen at the capture point (null without both). */
  get handshakeRtt(): bigint | null {
    return this.synTime !== null && this.ackTime !== null ? this.ackTime - this.synTime : null;
  }

  /** SYN → SYN/ACK: the round trip between the capture point and the server. */
  get serverRtt(): bigint | null {
    return this.synTime !== null && this.synAckTime !== null ? this.synAckTime - this.synTime : null;
  }

  /** SYN/ACK → ACK: the round trip between the capture point and the client. */
  get clientRtt(): bigint | null {
    return this.synAckTime !== null && this.ackTime !== null ? this.ackTime - this.synAckTime : null;
  }

  stats(direction: Direction): TcpDirectionStats {
    const h = this.connection.halves[direction];
    return {
      packets: h.packets,
      bytes: h.bytes,
      wireBytes: h.wireBytes,
      retransmissions: h.retransmissions,
      gapBytes: h.gapBytes,
      keepAlives: h.keepAlives,
      zeroWindowProbes: h.zeroWindowProbes,
    };
  }
}

export interface TcpSessionListener {
  open?(session: TcpSession): void;
  established?(session: TcpSession): void;
  /** In-order payload `buf[start, end)` at stream `offset` (see TcpStreamHandler.data). */
  data?(
    session: TcpSession,
    direction: Direction,
    buf: Uint8Array,
    start: number,
    end: number,
    offset: number,
  ): void;
  gap?(session: TcpSession, direction: Direction, offset: number, length: number, cause: GapCause): void;
  /** The first FIN: `direction` stopped sending. */
  halfClose?(session: TcpSession, direction: Direction): void;
  /** Orderly close: both FINs exchanged and acknowledged. */
  close?(session: TcpSession): void;
  reset?(session: TcpSession, direction: Direction): void;
  /** Idle beyond the timeout, evicted for room, or still open at the end of the capture. */
  timeout?(session: TcpSession, reason: 'timeout' | 'evicted' | 'end'): void;
  anomaly?(session: TcpSession, anomaly: TcpAnomaly): void;
}

export class TcpSessionTracker {
  readonly reassembler: TcpReassembler;
  private readonly listener: TcpSessionListener;
  /** Flags of the segment being pushed, for the open callback. */
  private currentFlags = 0;

  constructor(listener: TcpSessionListener = {}, options: TcpReassemblerOptions = {}) {
    this.listener = listener;
    const session = (c: TcpConnection): TcpSession => c.user as TcpSession;
    this.reassembler = new TcpReassembler(
      {
        open: (c) => {
          const s = new TcpSession(c);
          c.user = s;
          if (!(this.currentFlags & TCP_SYN)) {
            // Mid-stream pickup: assume an established connection.
            s.midstream = true;
            s.established = true;
            s.endpoints[0].state = 'ESTABLISHED';
            s.endpoints[1].state = 'ESTABLISHED';
          }
          listener.open?.(s);
          if (s.midstream) listener.established?.(s);
        },
        data: (c, d, buf, start, end, offset) => listener.data?.(session(c), d, buf, start, end, offset),
        gap: (c, d, offset, length, cause) => listener.gap?.(session(c), d, offset, length, cause),
        anomaly: (c, a) => listener.anomaly?.(session(c), a),
        close: (c, reason) => {
          const s = session(c);
          if (!s.closed && !s.reset) {
            s.closed = true;
            listener.timeout?.(s, reason === 'reused' ? 'end' : reason);
          }
        },
      },
      options,
    );
  }

  /** Feeds one segment; returns its session. */
  push(seg: TcpSegment): TcpSession {
    const r = this.reassembler;
    this.currentFlags = seg.flags;
    const conn = r.push(seg);
    const dir = r.lastDirection;
    const s = conn.user as TcpSession;
    const flags = seg.flags;
    const from = s.endpoints[dir];
    const to = s.endpoints[dir ^ 1] as TcpEndpoint;
    const ts = seg.timestamp;
    if ((flags & (TCP_SYN | TCP_ACK)) === TCP_SYN && s.synTime === null) s.synTime = ts;
    else if ((flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK)) {
      if (s.synAckTime === null) s.synAckTime = ts;
    } else if ((flags & (TCP_ACK | TCP_RST)) === TCP_ACK && s.synTime !== null && s.ackTime === null) {
      // The first plain ACK after the SYN ends the handshake as seen from the capture point, even
      // when the SYN/ACK was not captured; Wireshark's initial RTT is measured the same way.
      s.ackTime = ts;
    }
    observeSegment(from, to, flags, seg.seq, seg.ack, seg.payloadLength);
    if (!s.established && from.state === 'ESTABLISHED' && to.state === 'ESTABLISHED') {
      s.established = true;
      this.listener.established?.(s);
    }
    if (flags & TCP_RST && !s.reset && !s.closed) {
      s.reset = true;
      this.listener.reset?.(s, dir);
    } else if (flags & TCP_FIN && !s.halfClosed && !s.reset) {
      s.halfClosed = true;
      this.listener.halfClose?.(s, dir);
    }
    if (!s.closed && !s.reset && isClosed(s.endpoints[0], s.endpoints[1])) {
      s.closed = true;
      this.listener.close?.(s);
    }
    return s;
  }

  /** End of capture: delivers buffered data and reports connections still open. */
  flush(): void {
    this.reassembler.flush();
  }
}
