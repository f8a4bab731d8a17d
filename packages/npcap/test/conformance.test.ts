// capture-api's backend conformance suite, run live against PcapBackend on the netns harness: a
// fresh veth pair per test, frames sent and received by python AF_PACKET sockets on the peer end.
import { describeCaptureConformance } from '@pktkit/capture-api/conformance';
import { createConformanceLink } from '@pktkit/netns';
import { liveDescribe } from '@pktkit/netns/vitest';
import { PcapBackend } from '../src/index.js';

liveDescribe('npcap (libpcap) live', () => {
  describeCaptureConformance('PcapBackend conformance', {
    backend: new PcapBackend(),
    createLink: () => createConformanceLink(),
  });
});
