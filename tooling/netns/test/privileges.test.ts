import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findRepoRoot } from '@pktkit/build-config/repo';
import { describe, expect, it } from 'vitest';
import { liveSupport } from '../src/index.js';

const DROP_ALL = ['--inh-caps=-all', '--bounding-set=-all', '--'];
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const ruleConfig = fileURLToPath(new URL('./fixtures/live-rule/vitest.config.mjs', import.meta.url));
const vitestBin = `${findRepoRoot()}/node_modules/vitest/vitest.mjs`;

/** Runs node without any capability (root uid, but the kernel refuses namespaces and raw sockets). */
function withoutCaps(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync('setpriv', [...DROP_ALL, process.execPath, ...args], {
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
}

describe('live support detection', () => {
  it('reports what is missing when capabilities are dropped (setpriv)', () => {
    expect(existsSync(dist), 'build @pktkit/netns first (pnpm build)').toBe(true);
    const r = withoutCaps(
      [
        '--input-type=module',
        '-e',
        `import {liveSupport} from ${JSON.stringify(dist)}; console.log(JSON.stringify(liveSupport()))`,
      ],
      process.env,
    );
    expect(r.status, r.stderr).toBe(0);
    const support = JSON.parse(r.stdout) as { ok: boolean; reason?: string };
    expect(support.ok).toBe(false);
    expect(support.reason).toMatch(/CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_ADMIN/);
    expect(support.reason).toMatch(/run the tests as root/);
  });

  it('agrees with the kernel here: ok exactly when this process can create a namespace', () => {
    const probe = `pktkit-probe-${process.pid}`;
    const made = spawnSync('ip', ['netns', 'add', probe]).status === 0;
    if (made) spawnSync('ip', ['netns', 'del', probe]);
    expect(liveSupport().ok).toBe(made);
  });
});

describe('liveDescribe/liveIt in a real vitest run without capabilities', () => {
  const env = { ...process.env };
  delete env.CI;
  delete env.VITEST;
  delete env.VITEST_WORKER_ID;
  delete env.VITEST_POOL_ID;
  delete env.NODE_ENV;

  it('skip locally, saying why', () => {
    const r = withoutCaps([vitestBin, 'run', '--config', ruleConfig], env);
    const out = r.stdout + r.stderr;
    expect(r.status, out).toBe(0);
    expect(out).toMatch(/skipped: needs CAP_NET_ADMIN/);
    expect(out).toMatch(/1 skipped/);
  });

  it('fail under CI=true, saying why', () => {
    const r = withoutCaps([vitestBin, 'run', '--config', ruleConfig], { ...env, CI: 'true' });
    const out = r.stdout + r.stderr;
    expect(r.status, out).not.toBe(0);
    expect(out).toMatch(/CI=true forbids skipping\): needs CAP_NET_ADMIN/);
    expect(out).not.toMatch(/skipped/);
  });
});
