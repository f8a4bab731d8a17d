#!/usr/bin/env node
// Scaffolds a package with the repo's conventions: node tooling/scripts/new-package.mjs <dir> <pure|node> "<description>"
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const [dir, kind, description] = process.argv.slice(2);
if (!dir || (kind !== 'pure' && kind !== 'node') || !description) {
  console.error('usage: new-package.mjs <packages/name|apps/name> <pure|node> "<description>"');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '../..');
const pkgDir = join(root, dir);
const short = basename(dir);
const name = `@pktkit/${short}`;
const write = (file, text) => {
  const path = join(pkgDir, file);
  if (existsSync(path)) return;
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};

const pkg = {
  name,
  version: '0.0.0',
  description,
  license: 'MIT',
  type: 'module',
  sideEffects: false,
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.ts',
  exports: {
    '.': {
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  files: ['dist', 'README.md'],
  engines: { node: '>=20' },
  scripts: {
    build: 'tsup',
    test: 'vitest run',
    typecheck: 'tsc --noEmit',
  },
  devDependencies: {
    '@pktkit/build-config': 'workspace:*',
    '@pktkit/tsconfig': 'workspace:*',
  },
};
if (kind === 'node') pkg.devDependencies['@types/node'] = '^20.19.0';
write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
write(
  'tsconfig.json',
  `${JSON.stringify(
    {
      extends: `../../tooling/tsconfig/${kind}.json`,
      compilerOptions: { rootDir: '.', noEmit: true, declaration: false },
      include: ['src', 'test', '*.config.ts'],
    },
    null,
    2,
  )}\n`,
);
write(
  'tsup.config.ts',
  `import { defineLibrary } from '@pktkit/build-config/tsup';\n\nexport default defineLibrary({ platform: '${kind === 'node' ? 'node' : 'neutral'}' });\n`,
);
write(
  'vitest.config.ts',
  `import { definePackageTests } from '@pktkit/build-config/vitest';\n\nexport default definePackageTests();\n`,
);
write('src/index.ts', `// ${name}: ${description}\nexport {};\n`);
write('README.md', `# ${name}\n\n${description}\n`);
console.log(`created ${dir}`);
