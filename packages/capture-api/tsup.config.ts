import { defineLibrary } from '@pktkit/build-config/tsup';

export default defineLibrary({
  entry: { index: 'src/index.ts', conformance: 'src/conformance/index.ts' },
  external: ['vitest'],
  // Both entries must share one copy of the error classes, or `instanceof` fails across them.
  splitting: true,
});
