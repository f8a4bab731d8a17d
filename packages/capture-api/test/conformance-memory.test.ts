// The conformance suite against the memory backend: proves the suite's own expectations hold on
// the reference implementation, with real BPF filtering from @pktkit/bpf.
import { createFilter } from '@pktkit/bpf';
import { describeCaptureConformance } from '../src/conformance/index.js';
import { MemoryBackend, PacketDirection } from '../src/index.js';
import { createRecord, recordBytes } from '../src/records.js';

const backend = new MemoryBackend({ filterCompiler: (program) => createFilter(program, { jit: true }) });
const MAC = new Uint8Array([0x02, 0, 0, 0, 0, 1]);

describeCaptureConformance('MemoryBackend conformance', {
  backend,
  async createLink() {
    return {
      device: 'mem0',
      mac: MAC,
      async send(frames) {
        for (const frame of frames) backend.deliver('mem0', frame, PacketDirection.Host);
      },
      async receiveAtPeer(count, timeoutMs) {
        // The memory backend's "far side" is another capture seeing the injected (outgoing) frames.
        const peer = await backend.open({ device: 'mem0', direction: 'out' });
        const frames = (async () => {
          const got: Uint8Array[] = [];
          const record = createRecord();
          const timer = setTimeout(() => void peer.close(), timeoutMs);
          for await (const batch of peer) {
            for (let i = 0; i < batch.count; i++) got.push(recordBytes(batch.read(i, record)).slice());
            batch.release();
            if (got.length >= count) break;
          }
          clearTimeout(timer);
          await peer.close();
          return got;
        })();
        return { started: Promise.resolve(), frames };
      },
      async teardown() {},
    };
  },
});
