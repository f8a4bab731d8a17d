// Locating the repository root from any package, so presets and tests can find ../shared.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function findRepoRoot(start = process.cwd()) {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`pktkit: no pnpm-workspace.yaml above ${start}`);
    dir = parent;
  }
}

/** The shared test data (real captures, libpcap vectors), beside the repository root. */
export function sharedDir(start) {
  return process.env.PKTKIT_SHARED ?? resolve(findRepoRoot(start), '..', 'shared');
}
