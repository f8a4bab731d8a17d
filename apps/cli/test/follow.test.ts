// `pktkit follow tcp N` against `tshark -q -z follow,tcp,MODE,N`: the same text, byte for byte.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySink, PcapWriter } from '@pktkit/formats';
import { Ether, IPv4, Raw, TCP } from '@pktkit/pkts';
import { describe, expect, it } from 'vitest';
import { corpus, pktkit } from './helpers.js';

interface Segment {
  /** 0: client → server, 1: server → client. */
  dir: 0 | 1;
  seq: number;
  flags: string;
  data?: string;
}

/** Two interleaved conversations: handshakes, data both ways, a reordered pair, a retransmission. */
function conversationFile(): string {
  const sink = new MemorySink();
  const w = new PcapWriter(sink, { linkType: 1 });
  const ends = [
    { c: '10.1.0.1', s: '10.1.0.2', cp: 40000, sp: 80 },
    { c: '10.1.0.3', s: '10.1.0.2', cp: 40001, sp: 8080 },
  ];
  const script = (c: number, s: number): Segment[] => [
    { dir: 0, seq: c, flags: 'S' },
    { dir: 1, seq: s, flags: 'SA' },
    { dir: 0, seq: c + 1, flags: 'PA', data: 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' },
    { dir: 1, seq: s + 1 + 10, flags: 'PA', data: 'second-part\n' }, // arrives before its predecessor
    { dir: 1, seq: s + 1, flags: 'PA', data: 'first-part' },
    { dir: 1, seq: s + 1, flags: 'PA', data: 'first-part' }, // retransmission
    { dir: 0, seq: c + 28, flags: 'PA', data: 'bye\u0001\u0002' },
  ];
  const segments = [script(1000, 5000), script(4294967290, 77)];
  let t = 0;
  for (let i = 0; i < 7; i++) {
    for (let k = 0; k < 2; k++) {
      const seg = segments[k]![i]!;
      const e = ends[k]!;
      const [src, dst, sport, dport] = seg.dir === 0 ? [e.c, e.s, e.cp, e.sp] : [e.s, e.c, e.sp, e.cp];
      let pkt = Ether()
        .div(IPv4({ src, dst }))
        .div(TCP({ sport, dport, seq: seg.seq >>> 0, ack: 1, flags: seg.flags }));
      if (seg.data) pkt = pkt.div(Raw(seg.data)) as unknown as typeof pkt;
      t += 1000;
      w.writePacket({ data: pkt.bytes(), seconds: 1_700_000_000, nanoseconds: t });
    }
  }
  void w.flush();
  const path = join(mkdtempSync(join(tmpdir(), 'pktkit-follow-')), 'conv.pcap');
  writeFileSync(path, sink.bytes());
  return path;
}

function tshark(file: string, mode: string, stream: number): string {
  const r = spawnSync('tshark', ['-r', file, '-q', '-z', `follow,tcp,${mode},${stream}`], {
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('pktkit follow tcp vs tshark', () => {
  const file = conversationFile();
  for (const mode of ['ascii', 'hex', 'raw']) {
    for (const stream of [0, 1]) {
      it(`${mode}, stream ${stream}: reordered and retransmitted segments, sequence wrap-around`, () => {
        const ours = pktkit(['follow', 'tcp', String(stream), '-r', file, '-m', mode]);
        expect(ours.status, ours.stderr).toBe(0);
        const theirs = tshark(file, mode, stream);
        // tshark did see the data (so equality is not two empty outputs).
        expect(theirs.trim().split('\n').length).toBeGreaterThan(mode === 'hex' ? 9 : 8);
        expect(ours.stdout).toBe(theirs);
      });
    }
  }

  it('a tunnelled stream (Geneve) in a corpus file, all three modes', () => {
    for (const mode of ['ascii', 'hex', 'raw']) {
      const geneve = join(corpus, 'geneve.pcap');
      expect(pktkit(['follow', 'tcp', '0', '-r', geneve, '-m', mode]).stdout).toBe(tshark(geneve, mode, 0));
    }
  });
});
