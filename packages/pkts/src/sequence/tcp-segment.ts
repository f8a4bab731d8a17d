// The plain input of TCP reassembly: what one segment says, independent of any decoder's view
// classes. A caller may reuse one TcpSegmentInfo for every packet (nothing keeps a reference to it).

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;

export interface TcpSegment {
  /** Buffer holding the source and destination addresses (usually the IP header's bytes). */
  readonly addrBuf: Uint8Array;
  readonly srcAddrOffset: number;
  readonly dstAddrOffset: number;
  /** 4 for IPv4, 16 for IPv6. */
  readonly addrLength: number;
  readonly srcPort: number;
  readonly dstPort: number;
  /** Sequence and acknowledgement numbers, unsigned 32-bit. */
  readonly seq: number;
  readonly ack: number;
  /** TCP flag bits (TCP_SYN | TCP_ACK…). */
  readonly flags: number;
  /** Advertised window as on the wire (unscaled). */
  readonly window: number;
  /** Buffer holding the payload; only `[payloadOffset, payloadOffset + payloadLength)` is read. */
  readonly payload: Uint8Array;
  readonly payloadOffset: number;
  readonly payloadLength: number;
  /**
   * Payload bytes the segment carried on the wire beyond those captured (snap length): delivered
   * as a gap right after the captured part. 0 when the segment was captured whole.
   */
  readonly truncatedLength?: number;
  /** Capture time, nanoseconds. */
  readonly timestamp: bigint;
  /** Link context (VLAN id, interface index…): the same addresses in different contexts are different flows. */
  readonly context: number;
}

const EMPTY = new Uint8Array(0);

/** A mutable TcpSegment for callers that fill one object per packet. */
export class TcpSegmentInfo implements TcpSegment {
  addrBuf: Uint8Array = EMPTY;
  srcAddrOffset = 0;
  dstAddrOffset = 0;
  addrLength = 4;
  srcPort = 0;
  dstPort = 0;
  seq = 0;
  ack = 0;
  flags = 0;
  window = 0;
  payload: Uint8Array = EMPTY;
  payloadOffset = 0;
  payloadLength = 0;
  truncatedLength = 0;
  timestamp = 0n;
  context = 0;
}
