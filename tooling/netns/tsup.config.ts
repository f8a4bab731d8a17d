import { defineLibrary } from '@pktkit/build-config/tsup';

export default defineLibrary({
  platform: 'node',
  entry: { index: 'src/index.ts', vitest: 'src/vitest.ts' },
  // The vitest helpers run inside the consumer's vitest; never bundle it.
  external: ['vitest'],
});
