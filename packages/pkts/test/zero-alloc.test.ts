// The decoder allocates nothing per packet: 1M decodes run with no young-generation collection.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('zero-allocation decoding', () => {
  it('decodes 1M IMIX packets (eth/ip/tcp/udp fields read) with no scavenge', () => {
    const probe = join(import.meta.dirname, 'fixtures', 'gc-probe.mjs');
    const r = spawnSync(
      process.execPath,
      ['--trace-gc', '--expose-gc', '--allow-natives-syntax', probe, '1000000'],
      {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      },
    );
    expect(r.status).toBe(0);
    const out = r.stdout;
    const begin = out.indexOf('PKTS-BEGIN');
    const end = out.indexOf('PKTS-END');
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(begin);
    const during = out
      .slice(begin, end)
      .split('\n')
      .filter((l) => /Scavenge|Mark-Compact|Mark-sweep|Minor/i.test(l));
    expect(during).toEqual([]);
    // The loop really ran and read fields.
    expect(Number(/PKTS-DECODED (\d+)/.exec(out)?.[1])).toBe(1_000_000);
    expect(Number(/PKTS-ACC (-?\d+)/.exec(out)?.[1])).not.toBe(0);
  });
  it('the same probe with an allocating loop does show scavenges (the detector works)', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--trace-gc',
        '-e',
        "console.log('PKTS-BEGIN'); let a=[]; for (let i=0;i<1e6;i++) a=[i, {x:i}]; console.log('PKTS-END', a.length)",
      ],
      { encoding: 'utf8' },
    );
    const out = r.stdout;
    const during = out
      .slice(out.indexOf('PKTS-BEGIN'), out.indexOf('PKTS-END'))
      .split('\n')
      .filter((l) => /Scavenge/.test(l));
    expect(during.length).toBeGreaterThan(0);
  });
});
