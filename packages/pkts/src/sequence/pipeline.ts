// One pipeline from captured frames to reassembled TCP streams and UDP payloads:
// link walk → IPv4/IPv6 defragmentation → TCP reassembly (→ message framing, see framing.ts).
// Allocation per packet is limited to what the stages need (copies only for fragments and
// out-of-order data).
import { Defragmenter, type DefragmenterOptions, DefragResult } from './ip-defrag.js';
import { IPPROTO_TCP, IPPROTO_UDP, IpInfo, LinkInfo, parseIp, parseLink } from './ip-input.js';
import { TcpReassembler, type TcpReassemblerOptions, type TcpStreamHandler } from './tcp-reassembly.js';
import { TcpSegmentInfo } from './tcp-segment.js';

/** A UDP datagram after defragmentation; fields are valid during the callback only. */
export class UdpDatagramInfo {
  addrBuf: Uint8Array = new Uint8Array(0);
  srcAddrOffset = 0;
  dstAddrOffset = 0;
  addrLength = 4;
  srcPort = 0;
  dstPort = 0;
  payload: Uint8Array = new Uint8Array(0);
  payloadOffset = 0;
  payloadLength = 0;
  timestamp = 0n;
  context = 0;
}

export interface PipelineOptions {
  /** Defragmentation options; `false` turns defragmentation off (fragments are then ignored). */
  defrag?: DefragmenterOptions | false;
  tcp?: TcpReassemblerOptions;
  /** Receives reassembled TCP streams. */
  handler?: TcpStreamHandler;
  /** Receives every UDP datagram (reassembled when it was fragmented). */
  udp?: (datagram: UdpDatagramInfo) => void;
  /** Receives every complete IP datagram after defragmentation, before transport parsing. */
  datagram?: (bytes: Uint8Array, offset: number, length: number, timestamp: bigint, context: number) => void;
}

export class Pipeline {
  readonly defragmenter: Defragmenter | null;
  readonly reassembler: TcpReassembler;
  private readonly link = new LinkInfo();
  private readonly ip = new IpInfo();
  private readonly seg = new TcpSegmentInfo();
  private readonly udpInfo = new UdpDatagramInfo();
  private readonly onUdp: ((d: UdpDatagramInfo) => void) | undefined;
  private readonly onDatagram: PipelineOptions['datagram'];
  /** Tunnel nesting level (VXLAN/Geneve), bounded against hostile recursion. */
  private depth = 0;

  constructor(options: PipelineOptions = {}) {
    this.defragmenter = options.defrag === false ? null : new Defragmenter(options.defrag ?? {});
    this.reassembler = new TcpReassembler(options.handler ?? {}, options.tcp ?? {});
    this.onUdp = options.udp;
    this.onDatagram = options.datagram;
  }

  /** Feeds one captured frame of the given LINKTYPE; returns false when it carries no IP datagram. */
  pushFrame(buf: Uint8Array, off: number, len: number, linkType: number, ts: bigint, context = 0): boolean {
    const link = this.link;
    if (!parseLink(buf, off, len, linkType, link)) return false;
    // The VLAN id joins the caller's context so fragments and flows never mix across VLANs.
    this.pushIp(buf, link.ipOffset, link.capturedLength, ts, context * 4096 + link.vlan);
    return true;
  }

  /** Feeds one IP datagram (IPv4 or IPv6). */
  pushIp(buf: Uint8Array, off: number, len: number, ts: bigint, context = 0): void {
    const ip = this.ip;
    if (!parseIp(buf, off, len, ip)) return;
    if (ip.fragment) {
      const d = this.defragmenter;
      if (d === null) return;
      // Fragments inside IP-in-IP are found by the header walk: defragment that inner datagram.
      const inner = ip.version === 4 ? ip.srcOffset - 12 : ip.srcOffset - 8;
      if (d.push(buf, inner, ip.end - inner, ts, context) !== DefragResult.Complete) return;
      const whole = d.datagram;
      if (!parseIp(whole, 0, whole.length, ip) || ip.fragment) return;
      this.transport(whole, ip, ts, context);
      return;
    }
    this.transport(buf, ip, ts, context);
  }

  /** Delivers everything still buffered (with gaps) and closes every connection. */
  flush(): void {
    this.reassembler.flush();
  }

  private transport(buf: Uint8Array, ip: IpInfo, ts: bigint, context: number): void {
    this.onDatagram?.(
      buf,
      ip.srcOffset - (ip.version === 4 ? 12 : 8),
      ip.end - ip.srcOffset + (ip.version === 4 ? 12 : 8),
      ts,
      context,
    );
    const p = ip.l4Offset;
    const end = ip.end;
    if (ip.protocol === IPPROTO_TCP) {
      if (p + 20 > end) return;
      const doff = ((buf[p + 12] as number) >> 4) * 4;
      if (doff < 20 || p + doff > end) return;
      const s = this.seg;
      s.addrBuf = buf;
      s.srcAddrOffset = ip.srcOffset;
      s.dstAddrOffset = ip.dstOffset;
      s.addrLength = ip.addrLength;
      s.srcPort = ((buf[p] as number) << 8) | (buf[p + 1] as number);
      s.dstPort = ((buf[p + 2] as number) << 8) | (buf[p + 3] as number);
      s.seq = readU32(buf, p + 4);
      s.ack = readU32(buf, p + 8);
      s.flags = buf[p + 13] as number;
      s.window = ((buf[p + 14] as number) << 8) | (buf[p + 15] as number);
      s.payload = buf;
      s.payloadOffset = p + doff;
      s.payloadLength = end - p - doff;
      s.truncatedLength = ip.wireEnd - end;
      s.timestamp = ts;
      s.context = context;
      this.reassembler.push(s);
    } else if (ip.protocol === IPPROTO_UDP) {
      if (p + 8 > end) return;
      const dport = ((buf[p + 2] as number) << 8) | (buf[p + 3] as number);
      if ((dport === 4789 || dport === 6081) && this.depth < 4) {
        // VXLAN (RFC 7348) and Geneve (RFC 8926) carry Ethernet frames: follow them inside.
        const h = p + 8;
        const inner = dport === 4789 ? h + 8 : h + 8 + ((buf[h] as number) & 0x3f) * 4;
        const geneveEth =
          dport === 6081 && (((buf[h + 2] as number) << 8) | (buf[h + 3] as number)) === 0x6558;
        if (inner < end && (dport === 4789 || geneveEth)) {
          this.depth++;
          this.pushFrame(buf, inner, end - inner, 1, ts, context);
          this.depth--;
          return;
        }
      }
      if (this.onUdp === undefined) return;
      const u = this.udpInfo;
      const ulen = ((buf[p + 4] as number) << 8) | (buf[p + 5] as number);
      u.addrBuf = buf;
      u.srcAddrOffset = ip.srcOffset;
      u.dstAddrOffset = ip.dstOffset;
      u.addrLength = ip.addrLength;
      u.srcPort = ((buf[p] as number) << 8) | (buf[p + 1] as number);
      u.dstPort = ((buf[p + 2] as number) << 8) | (buf[p + 3] as number);
      u.payload = buf;
      u.payloadOffset = p + 8;
      u.payloadLength = Math.max(0, Math.min(end, p + Math.max(ulen, 8)) - p - 8);
      u.timestamp = ts;
      u.context = context;
      this.onUdp(u);
    }
  }
}

function readU32(b: Uint8Array, p: number): number {
  return (
    (((b[p] as number) << 24) |
      ((b[p + 1] as number) << 16) |
      ((b[p + 2] as number) << 8) |
      (b[p + 3] as number)) >>>
    0
  );
}
