// capture-api's backend conformance suite, run live against AfPacketBackend on the netns harness.
import { describeCaptureConformance } from '@pktkit/capture-api/conformance';
import { createConformanceLink } from '@pktkit/netns';
import { liveDescribe } from '@pktkit/netns/vitest';
import { AfPacketBackend } from '../src/index.js';

liveDescribe('linux-afpacket live', () => {
  describeCaptureConformance('AfPacketBackend conformance', {
    backend: new AfPacketBackend(),
    createLink: () => createConformanceLink(),
    openOptions: { immediate: true },
  });
});
