// The addon cannot be built on Linux (no /dev/bpf, no <net/bpf.h>). What can be checked here: the
// C++ compiles (-Wall -Wextra -Werror) against a shim declaring FreeBSD's and macOS's bpf API
// shapes, for both OS branches. It proves syntax and types only, not the ioctls' behaviour.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const includes = [
  join(root, 'test', 'fixtures', 'shim'),
  (require('node-addon-api') as { include_dir: string }).include_dir,
  (require('node-api-headers') as { include_dir: string }).include_dir,
];

function syntaxCheck(extra: string[]) {
  const args = [
    '-std=c++17',
    '-fsyntax-only',
    '-Wall',
    '-Wextra',
    '-Werror',
    '-DPKTKIT_BPF_SHIM_CHECK',
    '-DNAPI_VERSION=8',
    '-DNAPI_CPP_EXCEPTIONS',
    ...extra,
    ...includes.map((i) => `-I${i}`),
    join(root, 'native', 'addon.cc'),
    join(root, 'native', 'errors.cc'),
  ];
  return spawnSync(process.env.CXX ?? 'g++', args, { encoding: 'utf8' });
}

describe('native/addon.cc (syntax only, against a shim)', () => {
  it('compiles with the FreeBSD ioctl set (BIOCSDIRECTION, BIOCSETFNR, BIOCSTSTAMP)', () => {
    const r = syntaxCheck([]);
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('compiles with the macOS ioctl set (BIOCSSEESENT, no BIOCSTSTAMP/BIOCSETFNR)', () => {
    const r = syntaxCheck(['-DSHIM_DARWIN']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('refuses to compile for Linux without the shim, with a clear message', () => {
    const r = syntaxCheck(['-UPKTKIT_BPF_SHIM_CHECK']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/needs \/dev\/bpf \(macOS or a BSD\)/);
  });
});
