// One direction of a TCP connection: where the stream starts, what was delivered, what waits out
// of order. Stream offsets are plain numbers counted from the first data byte (after the SYN), so
// the 2^32 sequence wrap never reaches the buffering logic.

/** Out-of-order bytes waiting for the hole before them (a private copy of the packet's bytes). */
export class BufferedSegment {
  constructor(
    readonly offset: number,
    readonly data: Uint8Array,
  ) {}
  get end(): number {
    return this.offset + this.data.length;
  }
}

/** Shared empty lists: most directions never buffer, so their lists are only made on first use. */
const NONE: BufferedSegment[] = [];
const NO_CUTS: number[] = [];

export class TcpHalfStream {
  /** A sequence number for this direction is known (from a SYN or the first segment seen). */
  started = false;
  /** The SYN of this direction was seen (false for a mid-stream pickup). */
  sawSyn = false;
  /** Initial sequence number (the SYN's, or one before the first byte seen mid-stream). */
  isn = 0;
  /** Sequence number of stream offset 0. */
  base = 0;
  /** Stream offset of the next byte to deliver. */
  next = 0;
  /** Stream offset of the FIN, -1 before one is seen. */
  finOffset = -1;
  /** Every byte up to the FIN was delivered. */
  finished = false;
  /** A RST was sent in this direction. */
  reset = false;
  /** Last advertised window (unscaled), for zero-window probe detection by the peer. */
  window = -1;
  /** Sorted, non-overlapping segments after a hole (shared empty list until first used). */
  pending: BufferedSegment[] = NONE;
  pendingBytes = 0;
  /** Snap-length cuts not reached yet, as [start, end) stream offset pairs. */
  truncated: number[] = NO_CUTS;

  /** A private pending list, for writing. */
  ownPending(): BufferedSegment[] {
    if (this.pending === NONE) this.pending = [];
    return this.pending;
  }

  ownTruncated(): number[] {
    if (this.truncated === NO_CUTS) this.truncated = [];
    return this.truncated;
  }
  /** Optional ring of recently delivered bytes, to check retransmissions against. */
  history: Uint8Array | null = null;

  // Statistics.
  packets = 0;
  /** Payload bytes delivered (not counting gaps). */
  bytes = 0;
  /** Payload bytes on the wire, retransmissions included. */
  wireBytes = 0;
  retransmissions = 0;
  gapBytes = 0;
  gaps = 0;
  keepAlives = 0;
  zeroWindowProbes = 0;
  inconsistencies = 0;

  /** Sequence number of the next byte expected. */
  get nextSeq(): number {
    return (this.base + this.next) >>> 0;
  }
}
