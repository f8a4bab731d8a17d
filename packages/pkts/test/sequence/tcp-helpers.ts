// Builds TcpSegment inputs directly (the engines take plain segment descriptions).
import {
  type Direction,
  TCP_ACK,
  type TcpConnection,
  TcpSegmentInfo,
  type TcpStreamHandler,
} from '../../src/sequence/index.js';

const ADDRS = new Uint8Array([10, 0, 0, 1, 10, 0, 0, 2]);

export interface SegSpec {
  /** 0: client → server, 1: server → client. */
  dir: Direction;
  seq: number;
  ack?: number;
  flags?: number;
  window?: number;
  data?: Uint8Array;
  ts?: bigint;
  clientPort?: number;
  addrs?: Uint8Array;
}

export function segment(s: SegSpec): TcpSegmentInfo {
  const g = new TcpSegmentInfo();
  g.addrBuf = s.addrs ?? ADDRS;
  g.srcAddrOffset = s.dir === 0 ? 0 : 4;
  g.dstAddrOffset = s.dir === 0 ? 4 : 0;
  g.addrLength = 4;
  const cp = s.clientPort ?? 40000;
  g.srcPort = s.dir === 0 ? cp : 80;
  g.dstPort = s.dir === 0 ? 80 : cp;
  g.seq = s.seq >>> 0;
  g.ack = (s.ack ?? 0) >>> 0;
  g.flags = s.flags ?? TCP_ACK;
  g.window = s.window ?? 65535;
  const d = s.data ?? new Uint8Array(0);
  g.payload = d;
  g.payloadOffset = 0;
  g.payloadLength = d.length;
  g.timestamp = s.ts ?? 0n;
  return g;
}

export type Item = { data: Uint8Array } | { gap: number };

/** Records delivered data and gaps per connection and direction. */
export class Recorder implements TcpStreamHandler {
  readonly streams = new Map<number, [Item[], Item[]]>();
  readonly anomalies: string[] = [];
  readonly closes: string[] = [];
  /** The buffers data was delivered from (to check zero-copy delivery). */
  views: Uint8Array[] = [];

  data(conn: TcpConnection, dir: Direction, buf: Uint8Array, start: number, end: number): void {
    this.views.push(buf);
    this.get(conn)[dir].push({ data: buf.slice(start, end) });
  }
  gap(conn: TcpConnection, dir: Direction, _offset: number, length: number): void {
    this.get(conn)[dir].push({ gap: length });
  }
  anomaly(_conn: TcpConnection, a: { kind: string }): void {
    this.anomalies.push(a.kind);
  }
  close(_conn: TcpConnection, reason: string): void {
    this.closes.push(reason);
  }
  private get(conn: TcpConnection): [Item[], Item[]] {
    let s = this.streams.get(conn.id);
    if (s === undefined) {
      s = [[], []];
      this.streams.set(conn.id, s);
    }
    return s;
  }
}

/** Merges adjacent data and adjacent gaps: "hex|[gap n]|hex". */
export function render(items: readonly Item[]): string {
  const out: string[] = [];
  let data: number[] = [];
  let gap = 0;
  const flushData = (): void => {
    if (data.length > 0) out.push(Buffer.from(data).toString('hex'));
    data = [];
  };
  const flushGap = (): void => {
    if (gap > 0) out.push(`[gap ${gap}]`);
    gap = 0;
  };
  for (const it of items) {
    if ('gap' in it) {
      flushData();
      gap += it.gap;
    } else {
      flushGap();
      for (const b of it.data) data.push(b);
    }
  }
  flushData();
  flushGap();
  return out.join('|');
}
