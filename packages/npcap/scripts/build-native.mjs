#!/usr/bin/env node
// Builds the libpcap/Npcap addon with cmake-js, offline (Node-API headers from node-api-headers).
//   node scripts/build-native.mjs          fail loudly on any error (the package's `build`)
//   node scripts/build-native.mjs --soft   warn and exit 0 on failure (the `install` lifecycle:
//                                          importing still works; opening a capture says how to fix)
// Linux/macOS need libpcap headers (Debian: libpcap-dev); Windows needs the Npcap SDK (NPCAP_SDK).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const soft = process.argv.includes('--soft');
const root = dirname(dirname(fileURLToPath(import.meta.url)));

function fail(message) {
  const fix =
    process.platform === 'win32'
      ? 'install Visual Studio Build Tools and cmake, unpack the Npcap SDK and set NPCAP_SDK to it'
      : 'install cmake, a C++ compiler and the libpcap headers (apt-get install cmake g++ libpcap-dev)';
  if (soft) {
    console.warn(`@pktkit/npcap: WARNING: native build failed: ${message}`);
    console.warn('  The package still imports; opening a capture will throw until the addon is built.');
    console.warn(`  Fix: ${fix}, then run \`node scripts/build-native.mjs\` in the package directory.`);
    process.exit(0);
  }
  console.error(`@pktkit/npcap: native build failed: ${message} (${fix})`);
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
