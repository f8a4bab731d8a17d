import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root (the folder holding pnpm-workspace.yaml). */
export function repoRoot(start = process.cwd()): string {
  let dir = resolve(start);
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${start}`);
    dir = parent;
  }
  return dir;
}

/** Where generated benchmark inputs and peer binaries live (git-ignored, reused across runs). */
export function benchOutDir(): string {
  const dir = process.env.PKTKIT_BENCH_OUT ?? join(repoRoot(), 'bench-out');
  mkdirSync(dir, { recursive: true });
  return dir;
}
