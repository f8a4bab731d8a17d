// The adapter from the layer decoder feeds the reassembler the same segments as the pipeline's
// own header walk: both give identical streams on real traces.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/index.js';
import { TcpReassembler, TcpSegmentInfo, tcpSegmentFromDecoder } from '../../src/sequence/index.js';
import { corpusDir } from './oracle.js';
import { readCapture } from './pcap-reader.js';
import { endpoint, hex, reassembleFile } from './streams.js';

const FILES = [
  'zeek/http_get.pcap',
  'zeek/tcp_missing-syn.pcap',
  'zeek/tcp_retransmit-fast009.pcap',
  'zeek/ftp_ipv6.pcap',
];

describe('tcpSegmentFromDecoder', () => {
  for (const name of FILES) {
    it(`reassembles ${name} like the pipeline`, () => {
      const path = join(corpusDir, name);
      const viaDecoder: string[] = [];
      const streams = new Map<number, [string, string]>();
      const r = new TcpReassembler({
        open: (c) => {
          streams.set(c.id, ['', '']);
          viaDecoder.push(`${endpoint(c.addrA, c.portA)} ${endpoint(c.addrB, c.portB)}`);
        },
        data: (c, d, buf, start, end) => {
          const s = streams.get(c.id) as [string, string];
          s[d] += hex(buf.subarray(start, end));
        },
        gap: (c, d, _o, len, cause) => {
          const s = streams.get(c.id) as [string, string];
          s[d] += cause === 'truncated' ? `[cut ${len}]` : `[gap ${len}]`;
        },
      });
      const decoder = new Decoder();
      const seg = new TcpSegmentInfo();
      let fed = 0;
      for (const f of readCapture(path)) {
        decoder.decode(f.data, 0, f.data.length, f.linkType);
        if (tcpSegmentFromDecoder(decoder, f.ts, seg) !== null) {
          r.push(seg);
          fed++;
        }
      }
      r.flush();
      expect(fed).toBeGreaterThan(0);
      const pipeline = reassembleFile(path);
      expect(viaDecoder).toEqual(pipeline.map((p) => `${p.a} ${p.b}`));
      expect([...streams.values()]).toEqual(pipeline.map((p) => [p.dirs[0].join(''), p.dirs[1].join('')]));
    });
  }
});
