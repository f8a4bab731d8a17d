// RFC 9293 §3.3.2 connection states, driven from the outside: an observer sees segments in both
// directions and moves each endpoint's state as that endpoint would when sending or receiving them.
import { seqGe } from '../sequence/serial.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../sequence/tcp-segment.js';

export type TcpEndpointState =
  | 'CLOSED'
  | 'LISTEN'
  | 'SYN-SENT'
  | 'SYN-RECEIVED'
  | 'ESTABLISHED'
  | 'FIN-WAIT-1'
  | 'FIN-WAIT-2'
  | 'CLOSE-WAIT'
  | 'CLOSING'
  | 'LAST-ACK'
  | 'TIME-WAIT';

/** One endpoint as the observer models it. */
export class TcpEndpoint {
  state: TcpEndpointState = 'CLOSED';
  /** ISN of this endpoint (valid once it sent a SYN). */
  isn = 0;
  sentSyn = false;
  /** Sequence number just after this endpoint's FIN, -1 before it sent one. */
  finEnd = -1;
}

/** Applies a segment sent by endpoint `from` to endpoint `to`, moving both their states. */
export function observeSegment(
  from: TcpEndpoint,
  to: TcpEndpoint,
  flags: number,
  seq: number,
  ack: number,
  payloadLength: number,
): void {
  if (flags & TCP_RST) {
    from.state = 'CLOSED';
    to.state = 'CLOSED';
    return;
  }
  if (flags & TCP_SYN) {
    if (!from.sentSyn) {
      from.sentSyn = true;
      from.isn = seq;
    }
    if (flags & TCP_ACK) {
      // SYN/ACK: the sender got the peer's SYN; the peer learns its SYN was accepted.
      if (from.state === 'CLOSED' || from.state === 'LISTEN' || from.state === 'SYN-SENT')
        from.state = 'SYN-RECEIVED';
      if (to.state === 'SYN-SENT' && to.sentSyn && ack === (to.isn + 1) >>> 0) to.state = 'ESTABLISHED';
    } else {
      if (from.state === 'CLOSED' || from.state === 'LISTEN') from.state = 'SYN-SENT';
      else if (from.state === 'SYN-RECEIVED') from.state = 'SYN-SENT';
      if (to.state === 'CLOSED') to.state = 'LISTEN';
    }
  }
  if (flags & TCP_ACK && !(flags & TCP_SYN)) {
    // The ACK completes the peer's handshake or acknowledges its FIN.
    if (to.state === 'SYN-RECEIVED' && to.sentSyn && seqGe(ack, (to.isn + 1) >>> 0)) to.state = 'ESTABLISHED';
    if (to.finEnd >= 0 && seqGe(ack, to.finEnd)) {
      if (to.state === 'FIN-WAIT-1') to.state = 'FIN-WAIT-2';
      else if (to.state === 'CLOSING') to.state = 'TIME-WAIT';
      else if (to.state === 'LAST-ACK') to.state = 'CLOSED';
    }
    // The sender itself: an ACK from a SYN-SENT endpoint means it saw the SYN/ACK.
    if (from.state === 'SYN-SENT' && to.sentSyn) from.state = 'ESTABLISHED';
  }
  if (flags & TCP_FIN) {
    const synLen = flags & TCP_SYN ? 1 : 0;
    if (from.finEnd < 0) from.finEnd = (seq + synLen + payloadLength + 1) >>> 0;
    if (from.state === 'ESTABLISHED' || from.state === 'SYN-RECEIVED') from.state = 'FIN-WAIT-1';
    else if (from.state === 'CLOSE-WAIT') from.state = 'LAST-ACK';
    // The receiver: a FIN moves it toward closing.
    if (to.state === 'ESTABLISHED' || to.state === 'SYN-RECEIVED') to.state = 'CLOSE-WAIT';
    else if (to.state === 'FIN-WAIT-1') {
      to.state = flags & TCP_ACK && to.finEnd >= 0 && seqGe(ack, to.finEnd) ? 'TIME-WAIT' : 'CLOSING';
    } else if (to.state === 'FIN-WAIT-2') to.state = 'TIME-WAIT';
  }
}

/** The connection is over: both ends closed or one in TIME-WAIT with the other CLOSED. */
export function isClosed(a: TcpEndpoint, b: TcpEndpoint): boolean {
  const done = (s: TcpEndpointState): boolean => s === 'CLOSED' || s === 'TIME-WAIT';
  return done(a.state) && done(b.state) && (a.sentSyn || b.sentSyn || a.finEnd >= 0 || b.finEnd >= 0);
}
