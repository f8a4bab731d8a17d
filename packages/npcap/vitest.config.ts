import { fileURLToPath } from 'node:url';
import { definePackageTests } from '@pktkit/build-config/vitest';

const captureApi = (path: string) => fileURLToPath(new URL(`../capture-api/src/${path}`, import.meta.url));

// capture-api's dist bundles `.` and `./conformance` separately (tsup splitting off), so each has
// its own copy of the error classes and the suite's `instanceof NoSuchDeviceError` fails against
// errors this package throws. Until that build shares one copy, tests load capture-api's source
// once for both entry points.
export default definePackageTests({
  alias: [
    { find: /^@pktkit\/capture-api\/conformance$/, replacement: captureApi('conformance/index.ts') },
    { find: /^@pktkit\/capture-api$/, replacement: captureApi('index.ts') },
  ],
});
