import { definePackageTests } from '@pktkit/build-config/vitest';

// One file at a time: the interrupt tests watch a killed child's leftovers, which a sweep run by a
// concurrently starting net in another file would otherwise remove first.
export default definePackageTests({ fileParallelism: false });
