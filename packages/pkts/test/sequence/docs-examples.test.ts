// The examples of docs/sequence.md, run as written (only the packet source and console differ).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dnsOverTcpFramers, framedStreams, Pipeline } from '../../src/sequence/index.js';
import { DnsSession, TcpSessionTracker } from '../../src/session/index.js';
import { corpusDir } from './oracle.js';
import { readCapture } from './pcap-reader.js';
import { segment } from './tcp-helpers.js';

describe('docs/sequence.md examples', () => {
  it('quick start: a pipeline over a capture', () => {
    const log: string[] = [];
    const text = new TextDecoder();
    const packets = readCapture(join(corpusDir, 'zeek', 'http_get.pcap'));
    const pipeline = new Pipeline({
      handler: {
        open: (conn) => log.push(`new connection ${conn.id} ${conn.portA} → ${conn.portB}`),
        data: (conn, dir, buf, start, end, offset) =>
          log.push(
            `${conn.id} ${dir === 0 ? 'A→B' : 'B→A'} ${offset} ${text.decode(buf.subarray(start, end)).slice(0, 16)}`,
          ),
        gap: (conn, dir, offset, length, cause) =>
          log.push(`${conn.id} ${dir} ${length} missing (${cause}) at ${offset}`),
        close: (conn, reason) => log.push(`${conn.id} closed: ${reason}`),
      },
    });
    for (const { data, linkType, ts } of packets) pipeline.pushFrame(data, 0, data.length, linkType, ts);
    pipeline.flush();
    expect(log[0]).toMatch(/^new connection 0 \d+ → 80$/);
    expect(log.some((l) => l.includes('A→B 0 GET '))).toBe(true);
    expect(log.at(-1)).toBe('0 closed: end');
  });

  it('sessions: tracker and DNS', () => {
    const seen: string[] = [];
    const tracker = new TcpSessionTracker({
      established: (s) => seen.push(`rtt ${s.handshakeRtt}`),
      reset: (_s, dir) => seen.push(`RST from ${dir}`),
    });
    tracker.push(segment({ dir: 0, seq: 1, flags: 0x02, ts: 0n }));
    tracker.push(segment({ dir: 1, seq: 9, ack: 2, flags: 0x12, ts: 5n }));
    tracker.push(segment({ dir: 0, seq: 2, ack: 10, flags: 0x10, ts: 7n }));
    tracker.push(segment({ dir: 1, seq: 10, flags: 0x04, ts: 9n }));
    expect(seen).toEqual(['rtt 7', 'RST from 1']);

    const names: string[] = [];
    const dns = new DnsSession({
      matched: (x) => names.push(`${x.request.header.name} ${x.response.header.rcode}`),
    });
    const pipeline = new Pipeline({
      udp: (d) => dns.pushUdp(d),
      handler: framedStreams(dnsOverTcpFramers((conn, dir, m) => dns.pushTcpMessage(conn, dir, m))),
    });
    for (const f of readCapture(join(corpusDir, 'zeek', 'dns-caa.pcap'))) {
      pipeline.pushFrame(f.data, 0, f.data.length, f.linkType, f.ts);
    }
    expect(names.length).toBeGreaterThan(0);
  });
});
