import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpus, pktkit } from './helpers.js';

describe('pktkit bin', () => {
  it('lists every command and the exit codes', () => {
    const r = pktkit(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: pktkit/m);
    for (const c of ['capture', 'read', 'compile', 'convert', 'follow', 'stats', 'interfaces']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c}`, 'm'));
    }
    expect(r.stdout).not.toMatch(/not (implemented|written)/);
    expect(r.stdout).toContain('5 bad filter');
  });

  it('prints the package version', () => {
    expect(pktkit(['--version']).stdout.trim()).toBe('0.0.0');
  });

  it('rejects an unknown command with the usage exit code', () => {
    expect(pktkit(['frobnicate']).status).not.toBe(0);
  });

  it('distinct exit codes and clear messages: bad filter 5, missing file 6, not a capture 6, no device 4', () => {
    const badFilter = pktkit(['compile', 'tcp', 'port']);
    expect(badFilter.status).toBe(5);
    expect(badFilter.stderr).toMatch(/^pktkit: bad filter expression: /);
    const missing = pktkit(['read', '-r', '/nonexistent/x.pcap']);
    expect(missing.status).toBe(6);
    expect(missing.stderr).toContain('no such file');
    const notCapture = join(mkdtempSync(join(tmpdir(), 'pktkit-cli-')), 'x.pcap');
    writeFileSync(notCapture, 'hello, this is not a capture file at all');
    const bad = pktkit(['read', '-r', notCapture]);
    expect(bad.status).toBe(6);
    expect(bad.stderr).toMatch(/^pktkit: bad capture file: /);
    const noDevice = pktkit(['capture', '-i', 'pktkit-nodev0', '-c', '1', '--backend', 'npcap']);
    expect(noDevice.stderr).toMatch(/no such capture device: pktkit-nodev0|permission/i);
    expect([4, 3]).toContain(noDevice.status);
  });
});

describe('pktkit read', () => {
  it('prints tcpdump-style lines with the same addresses, ports and lengths as tcpdump -n', () => {
    const file = join(corpus, 'vxlan.pcap');
    const ours = pktkit(['read', '-r', file, '-n']).stdout.trim().split('\n');
    // tcpdump prints VXLAN's inner frame on a line of its own; the packet lines start with the time.
    const theirs = spawnSync('tcpdump', ['-n', '-r', file], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n')
      .filter((l) => /^\d\d:/.test(l));
    expect(ours.length).toBe(theirs.length);
    // tcpdump decodes VXLAN's inner frame; compare the outer part both print the same way.
    ours.forEach((line, i) => {
      const outer = line.replace(/: UDP, length \d+$/, '');
      expect(theirs[i]!.startsWith(outer)).toBe(true);
    });
  });

  it('-c, -e, -x and -A shape the output like tcpdump', () => {
    const file = join(corpus, 'vxlan.pcap');
    const e = pktkit(['read', '-r', file, '-c', '1', '-e']).stdout.trim();
    expect(e).toMatch(/36:dc:85:1e:b3:40 > 00:16:3e:08:71:cf, ethertype IPv4 \(0x0800\), length 148: IP /);
    const x = pktkit(['read', '-r', file, '-c', '1', '-x']).stdout.trim().split('\n');
    expect(x[1]).toBe('\t0x0000:  0016 3e08 71cf 36dc 851e b340 0800 4500');
    expect(x.length).toBe(1 + Math.ceil(148 / 16));
    const a = pktkit(['read', '-r', file, '-c', '1', '-A']).stdout.trim().split('\n');
    expect(a.length).toBeGreaterThanOrEqual(2);
  });

  it('-w writes exactly the packets tcpdump -w writes, byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pktkit-cli-'));
    for (const [file, filter] of [
      ['vxlan.pcap', 'udp port 4789'],
      ['pppoes.pcap', 'pppoes'],
    ] as const) {
      const ours = join(dir, `ours-${file}`);
      const theirs = join(dir, `theirs-${file}`);
      expect(pktkit(['read', '-r', join(corpus, file), '-w', ours, filter]).status).toBe(0);
      const t = spawnSync('tcpdump', ['-r', join(corpus, file), '-w', theirs, filter]);
      expect(t.status).toBe(0);
      expect(Buffer.compare(readFileSync(ours), readFileSync(theirs))).toBe(0);
    }
  });
});

describe('pktkit read -w over the whole corpus', () => {
  it('every corpus file (pcap and pcapng, crafted ones included) is rewritten exactly as tcpdump -r -w does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pktkit-cli-'));
    const files = readdirSync(corpus).filter((n) => /\.pcap(ng)?$/.test(n));
    expect(files.length).toBeGreaterThan(30);
    for (const name of files) {
      const ours = join(dir, `ours-${name}.pcap`);
      const theirs = join(dir, `theirs-${name}.pcap`);
      const r = pktkit(['read', '-r', join(corpus, name), '-w', ours]);
      expect({ name, status: r.status }).toEqual({ name, status: 0 });
      expect(spawnSync('tcpdump', ['-r', join(corpus, name), '-w', theirs]).status).toBe(0);
      expect({ name, same: Buffer.compare(readFileSync(ours), readFileSync(theirs)) === 0 }).toEqual({
        name,
        same: true,
      });
    }
  }, 240_000);
});

describe('pktkit interfaces', () => {
  it('lists devices numbered like tcpdump -D, loopback included', () => {
    const r = pktkit(['interfaces']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^1\.\S+ \[/m);
    expect(r.stdout).toMatch(/^\d+\.lo \[Up, Running, Loopback\]/m);
    // Other tests' veth pairs (pkn…) come and go meanwhile: compare the stable devices only.
    const stable = (names: string[]): string[] => names.filter((n) => !n.startsWith('pkn')).sort();
    const names = (text: string): string[] => stable([...text.matchAll(/^\d+\.(\S+)/gm)].map((m) => m[1]!));
    const ours = names(r.stdout);
    const tcpdump = names(spawnSync('tcpdump', ['-D'], { encoding: 'utf8' }).stdout);
    // Every network interface of this namespace is listed, and nothing tcpdump does not know.
    expect(ours).toEqual(expect.arrayContaining(stable(readdirSync('/sys/class/net'))));
    for (const name of ours) expect(tcpdump).toContain(name);
  });
});
