import { defineLibrary } from '@pktkit/build-config/tsup';

export default defineLibrary({ platform: 'node', entry: { index: 'src/index.ts', cli: 'src/cli.ts' } });
