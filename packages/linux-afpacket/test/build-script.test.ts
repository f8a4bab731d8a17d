import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const script = join(pkg, 'scripts', 'build-native.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'pktkit-afpacket-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * A copy of what the published package ships, with a compile error planted in its sources;
 * `withDeps` links the build dependencies in as an install would.
 */
function copyOfPackage(name: string, withDeps: boolean): string {
  const dir = join(scratch, name);
  for (const f of ['CMakeLists.txt', 'package.json', 'native', 'scripts']) {
    cpSync(join(pkg, f), join(dir, f), { recursive: true });
  }
  // In every source, so the compiler stops at once instead of parsing napi.h for the others.
  for (const f of readdirSync(join(dir, 'native')).filter((n) => n.endsWith('.cc'))) {
    writeFileSync(join(dir, 'native', f), 'this is not C++;\n');
  }
  if (withDeps) {
    const modules = join(dir, 'node_modules');
    mkdirSync(modules);
    for (const dep of ['cmake-js', 'node-addon-api', 'node-api-headers']) {
      symlinkSync(realpathSync(join(pkg, 'node_modules', dep)), join(modules, dep));
    }
  }
  return dir;
}

describe('scripts/build-native.mjs', () => {
  it('on another OS skips with a clear message and exits 0', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `Object.defineProperty(process, 'platform', { value: 'darwin' }); await import(${JSON.stringify(script)});`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('skipped: linux-afpacket targets Linux only (this is darwin)');
  });

  it('fails loudly (exit 1) on a compile error', () => {
    const dir = copyOfPackage('compile-error', true);
    const r = spawnSync(process.execPath, [join(dir, 'scripts', 'build-native.mjs')], {
      encoding: 'utf8',
      cwd: dir,
    });
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain('this is not C++');
    expect(r.stderr).toContain('native build failed');
  });

  it('--soft (the install lifecycle) only warns and exits 0; without it the same failure is exit 1', () => {
    // A failure that needs no compiler run: cmake-js itself is missing. (pnpm's NODE_PATH would
    // find the workspace's copy; a user's install has no such path.)
    const dir = copyOfPackage('no-cmake-js', false);
    const script = join(dir, 'scripts', 'build-native.mjs');
    const env = { ...process.env };
    delete env.NODE_PATH;
    const soft = spawnSync(process.execPath, [script, '--soft'], { encoding: 'utf8', cwd: dir, env });
    expect(soft.status).toBe(0);
    expect(soft.stderr).toContain('WARNING: native build failed: cmake-js is not installed');
    expect(soft.stderr).toContain('apt-get install cmake g++');
    const hard = spawnSync(process.execPath, [script], { encoding: 'utf8', cwd: dir, env });
    expect(hard.status).toBe(1);
    expect(hard.stderr).toContain('native build failed: cmake-js is not installed');
  });
});
