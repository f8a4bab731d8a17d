import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureImixPcap, ImixGenerator, measure, median, throughputRatio } from '../src/index.js';

describe('IMIX generator', () => {
  it('is deterministic for a seed and follows 64/576/1514 in 7:4:1', () => {
    const a = new ImixGenerator({ seed: 7 });
    const b = new ImixGenerator({ seed: 7 });
    const fa = new Uint8Array(2048);
    const fb = new Uint8Array(2048);
    const counts = new Map<number, number>();
    for (let i = 0; i < 1200; i++) {
      const la = a.next(fa);
      expect(b.next(fb)).toBe(la);
      expect(fa.subarray(0, la)).toEqual(fb.subarray(0, la));
      counts.set(la, (counts.get(la) ?? 0) + 1);
    }
    expect(counts.get(64)).toBe(700);
    expect(counts.get(576)).toBe(400);
    expect(counts.get(1514)).toBe(100);
  });

  it('writes a pcap that tshark reads as well-formed IPv4/IPv6 TCP/UDP/ICMP', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pktkit-bench-'));
    const path = ensureImixPcap({ packets: 2000, path: join(dir, 'imix.pcap') });
    expect(readFileSync(path).readUInt32LE(0)).toBe(0xa1b2c3d4);
    const out = execFileSync(
      'tshark',
      [
        '-r',
        path,
        '-o',
        'ip.check_checksum:TRUE',
        '-T',
        'fields',
        '-e',
        'frame.len',
        '-e',
        'ip.checksum.status',
        '-e',
        '_ws.expert.severity',
        '-e',
        'frame.protocols',
      ],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(2000);
    let v4 = 0;
    let v6 = 0;
    for (const line of lines) {
      const [, ipStatus, , protocols] = line.split('\t');
      if (protocols!.includes(':ipv6:')) v6++;
      else {
        v4++;
        expect(ipStatus).toBe('1'); // tshark: 0 bad, 1 good, 2 unverified
      }
      expect(protocols).toMatch(/:(tcp|udp|icmp|icmpv6)/);
      expect(protocols).not.toContain('malformed');
    }
    expect(v6).toBeGreaterThan(300);
    expect(v4).toBeGreaterThan(1300);
  });
});

describe('measurement helpers', () => {
  it('takes the median, not the mean', () => {
    expect(median([5, 1, 100, 3, 4])).toBe(4);
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });
  it('reports throughput ratios per unit of work', () => {
    const m = measure(
      'spin',
      () => {
        let x = 0;
        for (let i = 0; i < 1000; i++) x += i;
        return x;
      },
      { runs: 3, units: 1000 },
    );
    expect(m.samplesNs).toHaveLength(3);
    expect(throughputRatio(m, { ...m, medianNs: m.medianNs * 2 })).toBeCloseTo(2);
  });
});
