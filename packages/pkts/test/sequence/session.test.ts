// Session layer: the observed RFC 9293 state machine and its events, per-connection statistics
// with handshake RTT, the generic request/response session, DNS matching, and the stacked
// defragmentation → reassembly → framing pipeline.
import { describe, expect, it } from 'vitest';
import {
  dnsOverTcpFramers,
  framedStreams,
  LengthPrefixedFramer,
  Pipeline,
  TCP_ACK,
  TCP_FIN,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
} from '../../src/sequence/index.js';
import {
  DnsSession,
  type Exchange,
  parseDnsHeader,
  RequestResponseSession,
  type TcpSession,
  TcpSessionTracker,
} from '../../src/session/index.js';
import { ipv4 } from './build.js';
import { segment } from './tcp-helpers.js';

const enc = new TextEncoder();
const ms = (n: number): bigint => BigInt(n) * 1_000_000n;

function track(): { tracker: TcpSessionTracker; log: string[] } {
  const log: string[] = [];
  const tracker = new TcpSessionTracker(
    {
      open: () => log.push('open'),
      established: () => log.push('established'),
      data: (_s, d, b, start, end) =>
        log.push(`data${d}:${new TextDecoder().decode(b.subarray(start, end))}`),
      halfClose: (_s, d) => log.push(`half-close${d}`),
      close: () => log.push('close'),
      reset: (_s, d) => log.push(`reset${d}`),
      timeout: (_s, r) => log.push(`timeout:${r}`),
    },
    { idleTimeout: ms(60_000) },
  );
  return { tracker, log };
}

describe('TCP connection tracker (RFC 9293 states from observed segments)', () => {
  it('follows a full connection: handshake, data both ways, orderly close', () => {
    const { tracker, log } = track();
    let s = tracker.push(segment({ dir: 0, seq: 100, flags: TCP_SYN, ts: ms(0) }));
    expect(s.states).toEqual(['SYN-SENT', 'LISTEN']);
    s = tracker.push(segment({ dir: 1, seq: 900, ack: 101, flags: TCP_SYN | TCP_ACK, ts: ms(30) }));
    expect(s.states).toEqual(['ESTABLISHED', 'SYN-RECEIVED']);
    s = tracker.push(segment({ dir: 0, seq: 101, ack: 901, ts: ms(31) }));
    expect(s.states).toEqual(['ESTABLISHED', 'ESTABLISHED']);
    tracker.push(
      segment({ dir: 0, seq: 101, ack: 901, data: enc.encode('GET'), flags: TCP_ACK | TCP_PSH, ts: ms(32) }),
    );
    tracker.push(
      segment({ dir: 1, seq: 901, ack: 104, data: enc.encode('OK'), flags: TCP_ACK | TCP_PSH, ts: ms(60) }),
    );
    s = tracker.push(segment({ dir: 0, seq: 104, ack: 903, flags: TCP_ACK | TCP_FIN, ts: ms(61) }));
    expect(s.states).toEqual(['FIN-WAIT-1', 'CLOSE-WAIT']);
    s = tracker.push(segment({ dir: 1, seq: 903, ack: 105, flags: TCP_ACK | TCP_FIN, ts: ms(90) }));
    expect(s.states).toEqual(['TIME-WAIT', 'LAST-ACK']);
    s = tracker.push(segment({ dir: 0, seq: 105, ack: 904, flags: TCP_ACK, ts: ms(91) }));
    expect(s.states).toEqual(['TIME-WAIT', 'CLOSED']);
    expect(log).toEqual(['open', 'established', 'data0:GET', 'data1:OK', 'half-close0', 'close']);
    expect(s.handshakeRtt).toBe(ms(31));
    expect(s.serverRtt).toBe(ms(30));
    expect(s.clientRtt).toBe(ms(1));
    expect(s.stats(0)).toMatchObject({ packets: 5, bytes: 3, retransmissions: 0 });
    expect(s.stats(1)).toMatchObject({ packets: 3, bytes: 2 });
  });

  it('reports a reset and counts retransmissions', () => {
    const { tracker, log } = track();
    tracker.push(segment({ dir: 0, seq: 1, flags: TCP_SYN }));
    tracker.push(segment({ dir: 1, seq: 50, ack: 2, flags: TCP_SYN | TCP_ACK }));
    tracker.push(segment({ dir: 0, seq: 2, ack: 51 }));
    // Two bytes: a lone byte just below the next sequence number would be a keep-alive.
    tracker.push(segment({ dir: 0, seq: 2, ack: 51, data: enc.encode('xy') }));
    const s = tracker.push(segment({ dir: 0, seq: 2, ack: 51, data: enc.encode('xy') }));
    expect(s.stats(0).retransmissions).toBe(1);
    tracker.push(segment({ dir: 1, seq: 51, flags: TCP_RST }));
    expect(s.states).toEqual(['CLOSED', 'CLOSED']);
    expect(log.slice(-1)).toEqual(['reset1']);
    tracker.flush();
    expect(log.filter((l) => l.startsWith('timeout'))).toEqual([]);
  });

  it('handles simultaneous close (CLOSING)', () => {
    const { tracker } = track();
    tracker.push(segment({ dir: 0, seq: 1, flags: TCP_SYN }));
    tracker.push(segment({ dir: 1, seq: 50, ack: 2, flags: TCP_SYN | TCP_ACK }));
    tracker.push(segment({ dir: 0, seq: 2, ack: 51 }));
    tracker.push(segment({ dir: 0, seq: 2, ack: 51, flags: TCP_ACK | TCP_FIN }));
    const s = tracker.push(segment({ dir: 1, seq: 51, ack: 2, flags: TCP_ACK | TCP_FIN }));
    expect(s.states).toEqual(['CLOSING', 'LAST-ACK']);
    tracker.push(segment({ dir: 1, seq: 52, ack: 3 }));
    tracker.push(segment({ dir: 0, seq: 3, ack: 52 }));
    expect(s.closed).toBe(true);
  });

  it('picks up mid-stream connections and times them out on capture time', () => {
    const { tracker, log } = track();
    const s: TcpSession = tracker.push(segment({ dir: 0, seq: 7000, data: enc.encode('mid'), ts: ms(0) }));
    expect(s.midstream).toBe(true);
    expect(s.handshakeRtt).toBeNull();
    tracker.push(segment({ dir: 0, seq: 1, flags: TCP_SYN, clientPort: 1, ts: ms(120_000) }));
    // The idle connection expires before the next one opens.
    expect(log).toEqual(['open', 'established', 'data0:mid', 'timeout:timeout', 'open']);
  });
});

describe('request/response sessions', () => {
  it('matches, counts retries and reports unanswered requests', () => {
    const matched: Exchange<string, string>[] = [];
    const unanswered: string[] = [];
    const rr = new RequestResponseSession<string, string>({
      timeout: ms(1000),
      matched: (e) => matched.push(e),
      unanswered: (p, reason) => unanswered.push(`${p.request}:${reason}:${p.retries}`),
    });
    rr.request('a', ms(0), 'qa');
    rr.request('a', ms(200), 'qa'); // retry
    rr.request('b', ms(300), 'qb');
    expect(rr.response('a', ms(250), 'ra')).toBe(true);
    expect(rr.response('z', ms(260), 'rz')).toBe(false);
    rr.request('c', ms(5000), 'qc'); // expires b
    rr.flush();
    expect(matched.map((m) => [m.request, m.response, m.retries, m.latency])).toEqual([
      ['qa', 'ra', 1, ms(50)],
    ]);
    expect(unanswered).toEqual(['qb:timeout:0', 'qc:end:0']);
    expect(rr.counts).toEqual({ requests: 4, retries: 1, matched: 1, unanswered: 2, unmatched: 1 });
  });
});

function dnsQuery(id: number, name: string, response = false): Uint8Array {
  const labels = name.split('.').flatMap((l) => [l.length, ...enc.encode(l)]);
  const b = new Uint8Array(12 + labels.length + 5);
  b[0] = id >> 8;
  b[1] = id & 0xff;
  b[2] = response ? 0x81 : 0x01;
  b[5] = 1;
  b.set(labels, 12);
  b[12 + labels.length + 2] = 1; // QTYPE A
  b[12 + labels.length + 4] = 1;
  return b;
}

function udp(srcPort: number, dstPort: number, payload: Uint8Array): Uint8Array {
  const b = new Uint8Array(8 + payload.length);
  b[0] = srcPort >> 8;
  b[1] = srcPort & 0xff;
  b[2] = dstPort >> 8;
  b[3] = dstPort & 0xff;
  b[5] = b.length;
  b.set(payload, 8);
  return b;
}

describe('DNS query/response matching', () => {
  it('parses names with compression-loop protection', () => {
    const q = dnsQuery(7, 'Example.COM');
    expect(parseDnsHeader(q)).toMatchObject({ id: 7, response: false, name: 'example.com', qtype: 1 });
    const loop = new Uint8Array(16);
    loop[5] = 1;
    loop[12] = 0xc0;
    loop[13] = 12; // points at itself
    expect(parseDnsHeader(loop)?.name).toBeNull();
  });

  it('matches by id and 5-tuple over UDP (with a fragmented response) and TCP, with retries and unanswered', () => {
    const events: string[] = [];
    const dns = new DnsSession({
      timeout: ms(2000),
      matched: (e) =>
        events.push(`match ${e.response.header.name} ${e.response.transport} retries=${e.retries}`),
      unanswered: (p) => events.push(`unanswered ${p.request.header.name}`),
      unmatched: (k) => events.push(`unmatched ${k}`),
    });
    const pipeline = new Pipeline({
      udp: (d) => dns.pushUdp(d),
      handler: framedStreams(dnsOverTcpFramers((conn, dir, m) => dns.pushTcpMessage(conn, dir, m))),
    });
    const client = [10, 0, 0, 1];
    const server = [10, 0, 0, 53];
    const send = (
      src: number[],
      dst: number[],
      payload: Uint8Array,
      proto: number,
      t: bigint,
      id: number,
    ) => {
      const p = ipv4({ id, offset: 0, more: false, payload, proto, src, dst });
      pipeline.pushIp(p, 0, p.length, t);
    };
    // UDP: a query, its retry, the response; another query never answered.
    send(client, server, udp(5353, 53, dnsQuery(1, 'a.example')), 17, ms(0), 1);
    send(client, server, udp(5353, 53, dnsQuery(1, 'a.example')), 17, ms(500), 2);
    // The response arrives in two IPv4 fragments.
    const resp = udp(53, 5353, dnsQuery(1, 'a.example', true));
    const f1 = ipv4({
      id: 3,
      offset: 0,
      more: true,
      payload: resp.subarray(0, 16),
      proto: 17,
      src: server,
      dst: client,
    });
    const f2 = ipv4({
      id: 3,
      offset: 16,
      more: false,
      payload: resp.subarray(16),
      proto: 17,
      src: server,
      dst: client,
    });
    pipeline.pushIp(f2, 0, f2.length, ms(510));
    pipeline.pushIp(f1, 0, f1.length, ms(520));
    send(client, server, udp(5354, 53, dnsQuery(2, 'b.example')), 17, ms(600), 4);
    // A response from another port does not match (5-tuple).
    send(server, client, udp(53, 9999, dnsQuery(2, 'b.example', true)), 17, ms(610), 5);
    // TCP: two length-prefixed messages in one segment, the response split across segments.
    const q = dnsQuery(9, 'c.example');
    const r = dnsQuery(9, 'c.example', true);
    const framed = (m: Uint8Array) => new Uint8Array([m.length >> 8, m.length & 0xff, ...m]);
    const tcp = (
      src: number[],
      dst: number[],
      sport: number,
      dport: number,
      seq: number,
      flags: number,
      data: Uint8Array,
      t: bigint,
    ) => {
      const h = new Uint8Array(20 + data.length);
      h[0] = sport >> 8;
      h[1] = sport & 0xff;
      h[2] = dport >> 8;
      h[3] = dport & 0xff;
      h[4] = (seq >>> 24) & 0xff;
      h[5] = (seq >>> 16) & 0xff;
      h[6] = (seq >>> 8) & 0xff;
      h[7] = seq & 0xff;
      h[12] = 0x50;
      h[13] = flags;
      h.set(data, 20);
      send(src, dst, h, 6, t, 100 + seq);
    };
    tcp(client, server, 4000, 53, 10, TCP_SYN, new Uint8Array(0), ms(700));
    tcp(server, client, 53, 4000, 20, TCP_SYN | TCP_ACK, new Uint8Array(0), ms(701));
    tcp(client, server, 4000, 53, 11, TCP_ACK | TCP_PSH, framed(q), ms(702));
    const fr = framed(r);
    tcp(server, client, 53, 4000, 21 + 5, TCP_ACK, fr.subarray(5), ms(710)); // out of order
    tcp(server, client, 53, 4000, 21, TCP_ACK, fr.subarray(0, 5), ms(711));
    pipeline.flush();
    dns.flush();
    expect(events).toEqual([
      'match a.example udp retries=1',
      'unmatched udp|10.0.0.1 9999|10.0.0.53 53|2',
      'match c.example tcp retries=0',
      'unanswered b.example',
    ]);
  });
});

describe('length-prefixed framing', () => {
  it('frames across chunk boundaries, zero-copy inside a chunk, and stops at a gap', () => {
    const got: string[] = [];
    const desync: string[] = [];
    const f = new LengthPrefixedFramer((m) => got.push(new TextDecoder().decode(m)), {
      desync: (_o, r) => desync.push(r),
    });
    const chunk = new Uint8Array([0, 3, 97, 98, 99, 0, 2, 100]);
    f.data(chunk, 0);
    f.data(new Uint8Array([101, 0]), 8);
    f.data(new Uint8Array([1, 102]), 10);
    f.gap(12, 10);
    f.data(new Uint8Array([0, 1, 103]), 22);
    expect(got).toEqual(['abc', 'de', 'f']);
    expect(desync).toEqual(['gap']);
    expect(f.messages).toBe(3);
  });
});
