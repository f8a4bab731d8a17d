// A fresh test net shaped as @pktkit/capture-api's ConformanceLink, so every backend runs the
// conformance suite on the same live setup (typed structurally: no dependency on capture-api).
import { createTestNet, type TestNetOptions } from './testnet.js';

export interface LiveConformanceLink {
  device: string;
  mac: Uint8Array;
  send(frames: readonly Uint8Array[]): Promise<void>;
  receiveAtPeer(
    count: number,
    timeoutMs: number,
  ): Promise<{ started: Promise<void>; frames: Promise<Uint8Array[]> }>;
  remove(): void;
  teardown(): Promise<void>;
}

/** A veth pair in a new namespace: capture on `device` (our end); frames come from and go to the peer. */
export async function createConformanceLink(options: TestNetOptions = {}): Promise<LiveConformanceLink> {
  const net = await createTestNet(options);
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
}
