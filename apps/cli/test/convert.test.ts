// `pktkit convert`: tshark reads the converted file exactly as it reads the original.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpus, pktkit } from './helpers.js';

function tsharkView(file: string): string {
  const r = spawnSync(
    'tshark',
    [
      '-n',
      '-r',
      file,
      '-T',
      'fields',
      '-e',
      'frame.time_epoch',
      '-e',
      'frame.len',
      '-e',
      'frame.cap_len',
      '-e',
      'frame.protocols',
      '-e',
      'eth.src',
    ],
    { encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

function fileType(file: string): string {
  return spawnSync('capinfos', ['-t', '-M', file], { encoding: 'utf8' }).stdout;
}

describe('pktkit convert', () => {
  it('pcap → pcapng → pcap: tshark sees the same frames, times and lengths at each step', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pktkit-convert-'));
    const original = join(corpus, 'vxlan.pcap');
    const ng = join(dir, 'v.pcapng');
    const back = join(dir, 'v.pcap');
    expect(pktkit(['convert', original, ng]).status).toBe(0);
    expect(pktkit(['convert', ng, back]).status).toBe(0);
    expect(fileType(ng)).toMatch(/pcapng/);
    expect(fileType(back)).toMatch(/pcap/);
    const want = tsharkView(original);
    expect(want.split('\n').length).toBeGreaterThan(5);
    expect(tsharkView(ng)).toBe(want);
    expect(tsharkView(back)).toBe(want);
  });

  it('--ns writes a nanosecond pcap (magic a1b23c4d) with the same times', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pktkit-convert-'));
    const original = join(corpus, 'geneve.pcap');
    const ns = join(dir, 'g.pcap');
    expect(pktkit(['convert', '--ns', original, ns]).status).toBe(0);
    expect(readFileSync(ns).readUInt32LE(0).toString(16)).toBe('a1b23c4d');
    expect(tsharkView(ns)).toBe(tsharkView(original));
  });

  it('a file that is not a capture exits 6', () => {
    const r = pktkit(['convert', join(import.meta.dirname, 'helpers.ts'), join(tmpdir(), 'x.pcapng')]);
    expect(r.status).toBe(6);
  });
});
