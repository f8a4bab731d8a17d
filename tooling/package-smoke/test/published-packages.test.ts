// Proves what users get from npm: each package, packed as it would be published, imports by name
// from a scratch project in ESM and in CJS, its types resolve under both module systems, and the
// pure packages' builds carry no Node imports (they must run in a browser).
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findRepoRoot } from '@pktkit/build-config/repo';
import { beforeAll, describe, expect, it } from 'vitest';

interface Manifest {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  bin?: Record<string, string> | string;
}

const root = findRepoRoot();
const PURE = new Set(['@pktkit/bpf', '@pktkit/formats', '@pktkit/pkts', '@pktkit/capture-api']);
const published: { dir: string; manifest: Manifest }[] = [];
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group))) {
    const dir = join(root, group, name);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    if (!manifest.private) published.push({ dir, manifest });
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'pktkit-smoke-'));
const modules = join(scratch, 'node_modules');

/** Packs with pnpm (workspace:* becomes a version, `files` applies) and unpacks into node_modules. */
function install(dir: string, name: string): void {
  const packed = execFileSync('pnpm', ['pack', '--pack-destination', scratch], {
    cwd: dir,
    encoding: 'utf8',
  });
  const tarball = packed.trim().split('\n').pop()!.trim();
  const target = join(modules, name);
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
}

/** Third-party runtime dependencies come from the workspace's store, as npm would have installed them. */
function linkThirdParty(dir: string, manifest: Manifest): void {
  const require = createRequire(join(dir, 'package.json'));
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    if (dep.startsWith('@pktkit/') || existsSync(join(modules, dep))) continue;
    const depRoot = packageRootOf(realpathSync(require.resolve(dep)), dep);
    mkdirSync(dirname(join(modules, dep)), { recursive: true });
    symlinkSync(depRoot, join(modules, dep), 'dir');
  }
}

/** Walks up from a resolved entry file to the folder whose package.json names the dependency. */
function packageRootOf(file: string, dep: string): string {
  let dir = dirname(file);
  while (dir !== dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as Manifest).name === dep)
      return dir;
    dir = dirname(dir);
  }
  throw new Error(`cannot find the package root of ${dep} from ${file}`);
}

const node = (args: string[]): string =>
  execFileSync(process.execPath, args, { cwd: scratch, encoding: 'utf8' });

beforeAll(() => {
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  for (const { dir, manifest } of published) install(dir, manifest.name);
  for (const { dir, manifest } of published) linkThirdParty(dir, manifest);
}, 180_000);

// One compiler run over every package (a run per package costs ~10 s each on this machine).
it('every package ships types that resolve for ESM and CJS consumers', () => {
  const dir = mkdtempSync(join(scratch, 'types-'));
  symlinkSync(modules, join(dir, 'node_modules'), 'dir');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'types-check', private: true, type: 'module' }),
  );
  const files: string[] = [];
  published.forEach(({ manifest }, i) => {
    const spec = JSON.stringify(manifest.name);
    writeFileSync(
      join(dir, `esm${i}.mts`),
      `import * as m from ${spec};\nexport const keys: string[] = Object.keys(m);\n`,
    );
    writeFileSync(
      join(dir, `cjs${i}.cts`),
      `import m = require(${spec});\nexport const keys: string[] = Object.keys(m);\n`,
    );
    files.push(`esm${i}.mts`, `cjs${i}.cts`);
  });
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  const args = [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
  args.push('--types', 'node', '--typeRoots', join(root, 'node_modules/@types'), ...files);
  const run = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
  expect(run.stdout + run.stderr).toBe('');
  expect(run.status).toBe(0);
}, 120_000);

describe.each(published.map((p) => [p.manifest.name, p] as const))(
  '%s as published',
  (name, { manifest }) => {
    it('imports by name in ESM and CJS with the same exports', () => {
      const esm = JSON.parse(
        node([
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(name)}); console.log(JSON.stringify(Object.keys(m).sort()))`,
        ]),
      ) as string[];
      const cjs = JSON.parse(
        node([
          '-e',
          `const m = require(${JSON.stringify(name)}); console.log(JSON.stringify(Object.keys(m).sort()))`,
        ]),
      ) as string[];
      expect(esm.length).toBeGreaterThan(0);
      expect(cjs.filter((k) => k !== '__esModule' && k !== 'default')).toEqual(
        esm.filter((k) => k !== 'default'),
      );
    });

    if (PURE.has(name)) {
      it('has no Node built-in imports in its browser-facing build', () => {
        const pkgRoot = join(modules, name);
        const pkg = JSON.parse(readFileSync(join(pkgRoot, 'package.json'), 'utf8')) as {
          exports: Record<string, unknown>;
        };
        // The default (non-node) ESM entry is what bundlers give browsers.
        const entry = browserEntry(pkg.exports['.']);
        const code = readFileSync(join(pkgRoot, entry), 'utf8');
        expect(code).not.toMatch(
          /from\s*["'](node:|fs|path|os|stream|net|child_process|worker_threads)["'/]/,
        );
        expect(code).not.toMatch(/require\(["']node:/);
        expect(code).not.toMatch(/import\(["']node:/);
      });
    }

    if (manifest.bin) {
      it('installs a runnable bin', () => {
        const bins = typeof manifest.bin === 'string' ? { [name]: manifest.bin } : manifest.bin!;
        for (const file of Object.values(bins)) {
          const out = node([join(modules, name, file), '--help']);
          expect(out).toMatch(/Usage/i);
        }
      });
    }
  },
);

/** Follows an exports entry the way a browser bundler would: browser > import > default. */
function browserEntry(entry: unknown): string {
  if (typeof entry === 'string') return entry;
  const conditions = entry as Record<string, unknown>;
  for (const key of ['browser', 'import', 'default']) {
    if (key in conditions) return browserEntry(conditions[key]);
  }
  throw new Error(`no browser/import/default condition in ${JSON.stringify(entry)}`);
}
