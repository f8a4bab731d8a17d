// capture-api's backend conformance suite, run live against PcapBackend on the netns harness: a
// fresh veth pair per test, frames sent and received by python AF_PACKET sockets on the peer end.
import { describeCaptureConformance } from '@pktkit/capture-api/conformance';
import { createTestNet } from '@pktkit/netns';
import { liveDescribe } from '@pktkit/netns/vitest';
import { PcapBackend } from '../src/index.js';

liveDescribe('npcap (libpcap) live', () => {
  describeCaptureConformance('PcapBackend conformance', {
    backend: new PcapBackend(),
    async createLink() {
      const net = await createTestNet();
      return {
        device: net.local.name,
        mac: net.local.macBytes,
        send: (frames) => net.sendFrames(frames),
        async receiveAtPeer(count, timeoutMs) {
          const peer = await net.capture({ on: 'peer' }); // resolves once the receiver is bound
          const frames = peer
            .waitFor(count, timeoutMs)
            .catch(() => undefined)
            .then(async () => (await peer.stop()).map((f) => f.data));
          return { started: Promise.resolve(), frames };
        },
        remove: () => net.deleteLink(),
        teardown: () => net.destroy(),
      };
    },
  });
});
