import { defineLibrary } from '@pktkit/build-config/tsup';

// Two entries: the browser-safe core, and the Node entry (file paths, Node streams, file sinks).
export default defineLibrary({
  platform: 'neutral',
  entry: { index: 'src/index.ts', node: 'src/node/index.ts' },
  external: [/^node:/],
  tsconfig: 'tsconfig.node.json',
});
