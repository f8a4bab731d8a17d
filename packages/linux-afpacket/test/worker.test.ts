import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createTestNet, type TestNet } from '@pktkit/netns';
import { liveDescribe } from '@pktkit/netns/vitest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BROADCAST, frame, hex } from './helpers.js';

const script = fileURLToPath(new URL('./fixtures/worker-ring.mjs', import.meta.url));
const threadCount = (): number => readdirSync('/proc/self/task').length;
const fdCount = (): number => readdirSync('/proc/self/fd').length;

function message<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 100));
}

liveDescribe('rings in worker_threads (live)', () => {
  let net: TestNet;
  beforeAll(async () => {
    net = await createTestNet();
  });
  afterAll(async () => {
    await net?.destroy();
  });

  it('a ring in a worker reads every frame the peer sends', async () => {
    const frames = Array.from({ length: 30 }, (_, i) => frame(BROADCAST, net.peer.macBytes, 60 + i, i));
    const worker = new Worker(script, {
      workerData: { ifname: net.local.name, mode: 'read', count: frames.length },
    });
    try {
      await message(worker);
      const result = message<{ frames: string[] }>(worker);
      await net.sendFrames(frames);
      expect((await result).frames).toEqual(hex(frames));
    } finally {
      await worker.terminate();
    }
  });

  it('terminating workers with a ring still waiting stops their poll threads: no crash, no leak', async () => {
    await settle();
    const threads = threadCount();
    const fds = fdCount();
    for (let i = 0; i < 10; i++) {
      const worker = new Worker(script, { workerData: { ifname: net.local.name, mode: 'hold' } });
      await message(worker);
      await worker.terminate();
    }
    await settle();
    expect(threadCount()).toBe(threads);
    expect(fdCount()).toBe(fds);
  });
});
