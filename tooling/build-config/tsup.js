// The one tsup preset: ESM + CJS + .d.ts/.d.cts into dist/, sourcemaps, no bundled dependencies.
import { defineConfig } from 'tsup';

/**
 * @param {import('./tsup').LibraryOptions} [options]
 */
export function defineLibrary(options = {}) {
  const { entry = { index: 'src/index.ts' }, platform = 'neutral', ...rest } = options;
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    target: 'es2022',
    platform,
    // import.meta.url in CJS output (native loaders, tests locating files)
    shims: platform === 'node',
    outDir: 'dist',
    ...rest,
  });
}
