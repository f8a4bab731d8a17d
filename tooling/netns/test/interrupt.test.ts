import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { sweepStale } from '../src/index.js';
import { liveDescribe } from '../src/vitest.js';
import { within } from './helpers.js';

const fixture = fileURLToPath(new URL('./fixtures/hold-net.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

interface Held {
  names: { namespace: string; local: string; peer: string };
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

/** Starts a child process that creates a net and holds it until killed. */
async function holdNet(): Promise<Held> {
  expect(existsSync(dist), 'build @pktkit/netns first (pnpm build)').toBe(true);
  const child = spawn(process.execPath, [fixture], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const line = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    void exit.then(() => reject(new Error(`child exited before creating a net: ${stderr}`)));
  });
  const names = JSON.parse(await within(line, 20_000, 'child net')) as Held['names'];
  return { names, exit, kill: (s) => child.kill(s) };
}

function exists(names: Held['names']): boolean {
  return existsSync(`/run/netns/${names.namespace}`) || existsSync(`/sys/class/net/${names.local}`);
}

liveDescribe('teardown when the process is interrupted (live)', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: the child's handlers delete its net, then it dies of ${signal}`, async () => {
      const held = await holdNet();
      expect(exists(held.names)).toBe(true);
      held.kill(signal);
      const exit = await within(held.exit, 10_000, 'child exit');
      // Re-raised after cleanup: the exit status still says "killed by this signal".
      expect(exit.signal).toBe(signal);
      expect(exists(held.names)).toBe(false);
    });
  }

  it('SIGKILL leaves the net behind; sweepStale removes it once past the grace age', async () => {
    const held = await holdNet();
    held.kill('SIGKILL');
    expect((await within(held.exit, 10_000, 'child exit')).signal).toBe('SIGKILL');
    expect(existsSync(`/run/netns/${held.names.namespace}`)).toBe(true);
    // The sweep createTestNet runs (30 s grace) leaves a leftover this young alone…
    const young = sweepStale({ minAgeMs: 30_000 });
    expect(young.namespaces).not.toContain(held.names.namespace);
    expect(exists(held.names)).toBe(true);
    // …and removes it, with its veth, once it is older than the grace age.
    await new Promise((r) => setTimeout(r, 300));
    const swept = sweepStale({ minAgeMs: 250 });
    expect(swept.errors).toEqual([]);
    expect(swept.namespaces).toContain(held.names.namespace);
    expect(swept.links).toContain(held.names.local);
    expect(exists(held.names)).toBe(false);
  });

  it('sweepStale leaves nets of live processes alone', async () => {
    const held = await holdNet();
    try {
      const swept = sweepStale();
      expect(swept.namespaces).not.toContain(held.names.namespace);
      expect(swept.links).not.toContain(held.names.local);
      expect(exists(held.names)).toBe(true);
    } finally {
      held.kill('SIGTERM');
      await held.exit;
    }
    expect(exists(held.names)).toBe(false);
  });
});
