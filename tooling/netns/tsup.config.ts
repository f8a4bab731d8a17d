import { defineLibrary } from '@pktkit/build-config/tsup';

export default defineLibrary({ platform: 'node' });
