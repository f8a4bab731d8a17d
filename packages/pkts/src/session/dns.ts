// DNS query/response matching, the worked example of RequestResponseSession: a query waits under
// (transport, client address/port, server address/port, id) until the response to it arrives;
// a repeated query is a retry; queries never answered are reported after the timeout.
import type { UdpDatagramInfo } from '../sequence/pipeline.js';
import type { Direction, TcpConnection } from '../sequence/tcp-reassembly.js';
import { type RequestResponseOptions, RequestResponseSession } from './request-response.js';

export interface DnsHeader {
  readonly id: number;
  readonly response: boolean;
  readonly opcode: number;
  readonly rcode: number;
  readonly questions: number;
  readonly answers: number;
  /** First question's name (lower-case, no trailing dot), or null when absent or malformed. */
  readonly name: string | null;
  readonly qtype: number;
}

export interface DnsEvent {
  readonly header: DnsHeader;
  readonly transport: 'udp' | 'tcp';
  /** "address port" of the querier and of the server. */
  readonly client: string;
  readonly server: string;
  readonly time: bigint;
}

/** Reads the DNS header and first question; null when shorter than a header. */
export function parseDnsHeader(b: Uint8Array, off = 0, len = b.length - off): DnsHeader | null {
  if (len < 12) return null;
  const u16 = (p: number): number => ((b[off + p] as number) << 8) | (b[off + p + 1] as number);
  const flags = u16(2);
  const questions = u16(4);
  let name: string | null = null;
  let qtype = 0;
  if (questions > 0) {
    const labels: string[] = [];
    let p = 12;
    let end = -1;
    let jumps = 0;
    let total = 0;
    // Compression pointers are followed at most 16 times and names stop at 255 bytes (RFC 1035).
    for (;;) {
      if (p >= len) {
        labels.length = 0;
        end = -2;
        break;
      }
      const l = b[off + p] as number;
      if (l === 0) {
        if (end < 0) end = p + 1;
        break;
      }
      if ((l & 0xc0) === 0xc0) {
        if (p + 1 >= len || ++jumps > 16) {
          end = -2;
          break;
        }
        if (end < 0) end = p + 2;
        p = ((l & 0x3f) << 8) | (b[off + p + 1] as number);
        continue;
      }
      total += l + 1;
      if (l & 0xc0 || p + 1 + l > len || total > 255) {
        end = -2;
        break;
      }
      let s = '';
      for (let i = 0; i < l; i++) s += String.fromCharCode(b[off + p + 1 + i] as number);
      labels.push(s.toLowerCase());
      p += 1 + l;
    }
    if (end >= 0) {
      name = labels.join('.');
      if (end + 2 <= len) qtype = u16(end);
    }
  }
  return {
    id: u16(0),
    response: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0x0f,
    rcode: flags & 0x0f,
    questions,
    answers: u16(6),
    name,
    qtype,
  };
}

/** "a.b.c.d port" or "x:x:…:x port" (uncompressed IPv6). */
export function endpointText(buf: Uint8Array, off: number, len: number, port: number): string {
  let s = '';
  if (len === 4) s = `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}`;
  else {
    for (let i = 0; i < len; i += 2) {
      if (i > 0) s += ':';
      s += (((buf[off + i] as number) << 8) | (buf[off + i + 1] as number)).toString(16);
    }
  }
  return `${s} ${port}`;
}

export class DnsSession {
  readonly session: RequestResponseSession<DnsEvent, DnsEvent>;
  private readonly port: number;

  constructor(options: RequestResponseOptions<DnsEvent, DnsEvent> & { port?: number } = {}) {
    this.session = new RequestResponseSession(options);
    this.port = options.port ?? 53;
  }

  /** A UDP datagram (e.g. from Pipeline's `udp` callback); ignored unless one port is the DNS port. */
  pushUdp(d: UdpDatagramInfo): void {
    if (d.srcPort !== this.port && d.dstPort !== this.port) return;
    const src = endpointText(d.addrBuf, d.srcAddrOffset, d.addrLength, d.srcPort);
    const dst = endpointText(d.addrBuf, d.dstAddrOffset, d.addrLength, d.dstPort);
    this.pushMessage(d.payload, d.payloadOffset, d.payloadLength, src, dst, 'udp', d.timestamp);
  }

  /** A DNS-over-TCP message from a framer (see dnsOverTcpFramers); time is the connection's last packet. */
  pushTcpMessage(conn: TcpConnection, direction: Direction, message: Uint8Array): void {
    const a = endpointText(conn.addrA, 0, conn.addrA.length, conn.portA);
    const b = endpointText(conn.addrB, 0, conn.addrB.length, conn.portB);
    const [src, dst] = direction === 0 ? [a, b] : [b, a];
    this.pushMessage(message, 0, message.length, src, dst, 'tcp', conn.lastSeen);
  }

  pushMessage(
    bytes: Uint8Array,
    off: number,
    len: number,
    src: string,
    dst: string,
    transport: 'udp' | 'tcp',
    time: bigint,
  ): void {
    const header = parseDnsHeader(bytes, off, len);
    if (header === null) return;
    const client = header.response ? dst : src;
    const server = header.response ? src : dst;
    const key = `${transport}|${client}|${server}|${header.id}`;
    const event: DnsEvent = { header, transport, client, server, time };
    if (header.response) this.session.response(key, time, event);
    else this.session.request(key, time, event);
  }

  flush(): void {
    this.session.flush();
  }
}
