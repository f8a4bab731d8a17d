// Live: two worker threads join one PACKET_FANOUT group (afpacket backend) through `fanoutGroup`;
// the kernel hashes flows over them. Oracle: the frames we sent (each flow = one UDP source port).
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { withTestNet } from '@pktkit/netns';
import { liveDescribe } from '@pktkit/netns/vitest';
import { Ether, IPv4, Raw, UDP } from '@pktkit/pkts';
import { expect, it } from 'vitest';

interface Member {
  worker: Worker;
  ready: Promise<void>;
  ports: Promise<number[]>;
}

function member(device: string, group: number): Member {
  const worker = new Worker(join(import.meta.dirname, 'fixtures', 'fanout-worker.mjs'), {
    workerData: { device, group },
  });
  let ready!: () => void;
  let done!: (ports: number[]) => void;
  const readyP = new Promise<void>((r) => {
    ready = r;
  });
  const ports = new Promise<number[]>((resolve, reject) => {
    done = resolve;
    worker.on('error', reject);
  });
  worker.on('message', (m: { ready?: boolean; ports?: number[] }) => {
    if (m.ready) ready();
    if (m.ports) done(m.ports);
  });
  return { worker, ready: readyP, ports };
}

liveDescribe('fanout over worker threads (afpacket, live)', () => {
  it('two workers in one fanout group split 24 flows between them: each flow whole in one worker, none lost', async () => {
    await withTestNet({}, async (net) => {
      const group = 1000 + (process.pid % 50000);
      const members = [member(net.local.name, group), member(net.local.name, group)];
      await Promise.all(members.map((m) => m.ready));
      const frames: Uint8Array[] = [];
      for (let flow = 0; flow < 24; flow++) {
        for (let k = 0; k < 3; k++) {
          frames.push(
            Ether({ src: net.peer.mac, dst: net.local.mac })
              .div(IPv4({ src: net.peer.ipv4, dst: net.local.ipv4 }))
              .div(UDP({ sport: 20000 + flow, dport: 9 }))
              .div(Raw(`f${flow}-${k}`))
              .bytes(),
          );
        }
      }
      await net.sendFrames(frames);
      await new Promise((r) => setTimeout(r, 500));
      for (const m of members) m.worker.postMessage('stop');
      const [a, b] = await Promise.all(members.map((m) => m.ports));
      await Promise.all(members.map((m) => m.worker.terminate()));
      expect(a!.length + b!.length).toBe(72);
      const flowsA = new Set(a);
      const flowsB = new Set(b);
      for (const port of flowsA) expect(flowsB.has(port)).toBe(false);
      expect(flowsA.size + flowsB.size).toBe(24);
      expect(flowsA.size).toBeGreaterThan(0);
      expect(flowsB.size).toBeGreaterThan(0);
    });
  });
});
