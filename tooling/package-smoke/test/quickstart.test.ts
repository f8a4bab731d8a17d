// The README's first quick-start command ends in this script: prove it captures live traffic and
// prints pktkit capture's tcpdump-style lines (the setup half is what CI itself runs before the tests).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findRepoRoot } from '@pktkit/build-config/repo';
import { liveDescribe } from '@pktkit/netns/vitest';
import { expect, it } from 'vitest';

liveDescribe('quick start capture', () => {
  it('runs pktkit capture on ARP and ICMP echo in a throwaway namespace and prints tcpdump-style lines', () => {
    const script = join(findRepoRoot(), 'tooling/scripts/quickstart-capture.mjs');
    const run = spawnSync(process.execPath, [script, '--count', '8'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe('8 packets captured');
    const summaries = lines.slice(1, -1);
    expect(summaries).toHaveLength(8);
    expect(summaries.some((l) => /ARP/.test(l))).toBe(true);
    expect(summaries.filter((l) => /ICMP/.test(l)).length).toBeGreaterThanOrEqual(4);
  });
});
