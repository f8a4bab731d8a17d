import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchOutDir } from './paths.js';

/**
 * Compiles a C peer (e.g. a pcap_next_ex loop against libpcap-dev) with -O2 and returns the binary's
 * path. Cached by a hash of the source and flags, so repeated runs do not recompile.
 */
export function compileC(name: string, source: string, libraries: readonly string[] = []): string {
  const flags = ['-O2', '-Wall', ...libraries.map((lib) => `-l${lib}`)];
  const hash = createHash('sha256').update(source).update(flags.join(' ')).digest('hex').slice(0, 12);
  const dir = benchOutDir();
  const binary = join(dir, `${name}-${hash}`);
  if (existsSync(binary)) return binary;
  const file = join(dir, `${name}-${hash}.c`);
  writeFileSync(file, source);
  const result = spawnSync('cc', ['-o', binary, file, ...flags], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cc failed for ${name}:\n${result.stderr}`);
  return binary;
}
