// TTY conventions: the progress bar and colour appear only on a terminal (a pty from `script`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureImixPcap } from '@pktkit/bench';
import { describe, expect, it } from 'vitest';
import { bin, corpus, pktkit } from './helpers.js';

describe('progress bar', () => {
  const big = ensureImixPcap({ packets: 140_000 });
  const out = join(mkdtempSync(join(tmpdir(), 'pktkit-progress-')), 'o.pcap');

  it('is drawn on a TTY', () => {
    const cmd = `${process.execPath} ${bin} read -r ${big} -w ${out} tcp port 80`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/writing \S+ [█░]{30} +\d+% \d+ packets/);
  });

  it('is absent when stderr is not a TTY', () => {
    const r = pktkit(['read', '-r', big, '-w', out, 'tcp', 'port', '80']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('colours output on a TTY only (and NO_COLOR turns it off)', () => {
    const file = join(corpus, 'vxlan.pcap');
    const tty = spawnSync(
      'script',
      ['-qec', `${process.execPath} ${bin} read -r ${file} -c 1`, '/dev/null'],
      {
        encoding: 'utf8',
      },
    );
    expect(tty.stdout).toContain('\x1b[36mIP\x1b[39m');
    const noColor = spawnSync(
      'script',
      ['-qec', `${process.execPath} ${bin} read -r ${file} -c 1`, '/dev/null'],
      {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect(noColor.stdout).not.toContain('\x1b[');
    expect(pktkit(['read', '-r', file, '-c', '1']).stdout).not.toContain('\x1b[');
  });
});
