import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const script = join(pkg, 'scripts', 'build-native.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'pktkit-afpacket-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of what the published package ships, with a compile error planted in the sources. */
function brokenCopy(): string {
  const dir = join(scratch, 'pkg');
  for (const f of ['CMakeLists.txt', 'package.json', 'native', 'scripts'])
    cpSync(join(pkg, f), join(dir, f), { recursive: true });
  writeFileSync(join(dir, 'native', 'errors.cc'), 'this is not C++;\n');
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  for (const dep of ['cmake-js', 'node-addon-api', 'node-api-headers']) {
    symlinkSync(realpathSync(join(pkg, 'node_modules', dep)), join(modules, dep));
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

  it('fails loudly on a compile error; --soft (install) only warns', () => {
    const dir = brokenCopy();
    const hard = spawnSync(process.execPath, [join(dir, 'scripts', 'build-native.mjs')], {
      encoding: 'utf8',
      cwd: dir,
    });
    expect(hard.status).toBe(1);
    expect(hard.stderr).toContain('native build failed');
    const soft = spawnSync(process.execPath, [join(dir, 'scripts', 'build-native.mjs'), '--soft'], {
      encoding: 'utf8',
      cwd: dir,
    });
    expect(soft.status).toBe(0);
    expect(soft.stderr).toContain('WARNING: native build failed');
    expect(soft.stderr).toContain('apt-get install cmake g++');
  });
});
