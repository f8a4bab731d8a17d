import { defineLibrary } from '@pktkit/build-config/tsup';

export default defineLibrary({
  platform: 'neutral',
  // `./node` adds compileFilterAsync (system resolver); the main entry stays browser-safe.
  entry: { index: 'src/index.ts', node: 'src/filter/resolve-node.ts' },
  external: ['node:dns'],
  splitting: true,
});
