import { definePackageTests } from '@pktkit/build-config/vitest';

export default definePackageTests();
