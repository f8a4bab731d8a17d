// The packet the sniffer yields: record fields plus a pkts Decoder pointed at the bytes on demand.
import { type CaptureRecord, PacketDirection } from '@pktkit/capture-api';
import { Decoder } from '@pktkit/pkts';

const NS = 1_000_000_000n;

/**
 * One captured packet. The sniffer hands out ONE instance re-pointed at each packet in turn: its
 * bytes are the backend's memory (a ring block, a read buffer) and are valid only until the loop
 * moves on. `copy()` gives an independent packet to keep.
 */
export class SniffedPacket {
  buffer: Uint8Array = new Uint8Array(0);
  offset = 0;
  /** Bytes captured (≤ snaplen). */
  caplen = 0;
  /** Bytes on the wire. */
  wireLength = 0;
  tsSec = 0;
  /** Nanoseconds within the second. */
  tsNsec = 0;
  ifindex = 0;
  direction: PacketDirection = PacketDirection.Unknown;
  linkType = 1;
  private decoder: Decoder | null;
  private decoded = false;

  constructor(decoder: Decoder | null = null) {
    this.decoder = decoder;
  }

  /** @internal Re-points this view at a backend record (no copy, no allocation). */
  attach(record: CaptureRecord): this {
    this.buffer = record.buffer;
    this.offset = record.offset;
    this.caplen = record.caplen;
    this.wireLength = record.wireLength;
    this.tsSec = record.tsSec;
    this.tsNsec = record.tsNsec;
    this.ifindex = record.ifindex;
    this.direction = record.direction;
    this.linkType = record.linkType;
    this.decoded = false;
    return this;
  }

  /** Exact capture time in nanoseconds since the epoch. */
  get timestamp(): bigint {
    return BigInt(this.tsSec) * NS + BigInt(this.tsNsec);
  }

  /** The captured bytes (a view, not a copy). */
  get data(): Uint8Array {
    return this.buffer.subarray(this.offset, this.offset + this.caplen);
  }

  /** The pkts decoder over this packet, decoded on first use (`.eth`, `.ipv4`, `.tcp`, …). */
  get layers(): Decoder {
    this.decoder ??= new Decoder();
    if (!this.decoded) {
      this.decoder.decode(this.buffer, this.offset, this.caplen, this.linkType);
      this.decoded = true;
    }
    return this.decoder;
  }

  /** One line per layer, from pkts. */
  summary(): string {
    return this.layers.summary();
  }

  /** Wireshark field names to values (`ip.src`, `tcp.dstport`, …), from pkts. */
  toJSON(): Record<string, string> {
    return this.layers.toJSON();
  }

  /** An independent packet owning a copy of the bytes; survives the batch it came from. */
  copy(): SniffedPacket {
    const owned = new SniffedPacket();
    owned.buffer = this.data.slice();
    owned.offset = 0;
    owned.caplen = this.caplen;
    owned.wireLength = this.wireLength;
    owned.tsSec = this.tsSec;
    owned.tsNsec = this.tsNsec;
    owned.ifindex = this.ifindex;
    owned.direction = this.direction;
    owned.linkType = this.linkType;
    return owned;
  }
}
