// Adapter from the package's layer decoder to the reassembler's plain segment input, for callers
// already decoding with `Decoder`. Fragments are not segments: feed those through the
// Defragmenter (or use Pipeline, which does both from raw frames).
import type { Decoder } from '../core/decoder.js';
import { K } from '../core/kinds.js';
import type { View } from '../core/view.js';
import type { TcpView } from '../protocols/tcp.js';
import { TcpSegmentInfo } from './tcp-segment.js';

/**
 * Fills `out` from the innermost IP/TCP pair of the packet the decoder points at; returns null
 * when there is no whole TCP header, or when the IP datagram is a fragment.
 */
export function tcpSegmentFromDecoder(
  decoder: Decoder,
  timestamp: bigint,
  out: TcpSegmentInfo = new TcpSegmentInfo(),
  context = 0,
): TcpSegmentInfo | null {
  let ip: View | undefined;
  let tcp: View | undefined;
  for (let i = 0; ; i++) {
    const v = decoder.layer(i);
    if (v === undefined) break;
    if (v.kind === K.IPV4 || v.kind === K.IPV6) ip = v;
    else if (v.kind === K.IPV6_FRAG) return null;
    else if (v.kind === K.TCP) {
      tcp = v;
      break;
    }
  }
  if (ip === undefined || tcp === undefined || tcp.truncated) return null;
  const b = ip.buf;
  const v4 = ip.kind === K.IPV4;
  if (v4 && ((((b[ip.off + 6] as number) << 8) | (b[ip.off + 7] as number)) & 0x3fff) !== 0) return null;
  const t = tcp as TcpView;
  out.addrBuf = b;
  out.srcAddrOffset = ip.off + (v4 ? 12 : 8);
  out.dstAddrOffset = ip.off + (v4 ? 16 : 24);
  out.addrLength = v4 ? 4 : 16;
  out.srcPort = t.sport;
  out.dstPort = t.dport;
  out.seq = t.seq;
  out.ack = t.ack;
  out.flags = t.flags & 0xff;
  out.window = t.window;
  // The datagram's end by its length field; the capture may stop earlier (snap length).
  const declared = v4
    ? ((b[ip.off + 2] as number) << 8) | (b[ip.off + 3] as number)
    : ((b[ip.off + 4] as number) << 8) | (b[ip.off + 5] as number);
  const wireEnd = declared === 0 ? t.end : ip.off + (v4 ? 0 : 40) + declared;
  const start = t.payloadOffset;
  const capturedEnd = Math.min(t.end, wireEnd);
  out.payload = t.buf;
  out.payloadOffset = start;
  out.payloadLength = capturedEnd > start ? capturedEnd - start : 0;
  out.truncatedLength = wireEnd > Math.max(capturedEnd, start) ? wireEnd - Math.max(capturedEnd, start) : 0;
  out.timestamp = timestamp;
  out.context = context;
  return out;
}
