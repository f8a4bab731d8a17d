import { defineLibrary } from '@pktkit/build-config/tsup';

// splitting: each command is its own chunk, loaded when run, so start-up stays small
// (`pktkit read -w` never loads the capture backends or the decoder).
export default defineLibrary({
  platform: 'node',
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  splitting: true,
});
