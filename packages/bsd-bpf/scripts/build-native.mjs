#!/usr/bin/env node
// Builds the /dev/bpf addon with cmake-js, offline (Node-API headers from node-api-headers).
//   node scripts/build-native.mjs          fail loudly on any error (the package's `build`)
//   node scripts/build-native.mjs --soft   warn and exit 0 on failure (the `install` lifecycle)
// /dev/bpf exists on macOS and the BSDs only: everywhere else the build is skipped (not an error),
// the TypeScript record walker still works, and the backend reports itself unavailable.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const soft = process.argv.includes('--soft');
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const BPF_PLATFORMS = ['darwin', 'freebsd', 'openbsd', 'netbsd'];

if (!BPF_PLATFORMS.includes(process.platform)) {
  console.log(
    `@pktkit/bsd-bpf: native build skipped: /dev/bpf exists only on macOS and the BSDs (this is ${process.platform}); ` +
      'the record walker (TypeScript) is built and usable, the live backend is not',
  );
  process.exit(0);
}

function fail(message) {
  if (soft) {
    console.warn(`@pktkit/bsd-bpf: WARNING: native build failed: ${message}`);
    console.warn('  The package still imports; opening a capture will throw until the addon is built.');
    console.warn('  Fix: install cmake and a C++ compiler, then run `node scripts/build-native.mjs`');
    console.warn('  in the package directory.');
    process.exit(0);
  }
  console.error(`@pktkit/bsd-bpf: native build failed: ${message}`);
  process.exit(1);
}

let cmakeJs;
try {
  const require = createRequire(import.meta.url);
  cmakeJs = join(dirname(require.resolve('cmake-js/package.json')), 'bin', 'cmake-js');
} catch {
  fail('cmake-js is not installed (it is a dependency of this package: reinstall it)');
}

const args = [cmakeJs, 'build', '--directory', root, '--out', join(root, 'build'), '--config', 'Release'];
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
if (result.error) fail(result.error.message);
if (result.status !== 0)
  fail(`cmake-js exited with ${result.status ?? result.signal} (compiler output above)`);
