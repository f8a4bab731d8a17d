// Live: the sniffer over real backends on a veth pair in a namespace of our own (netns harness).
// Frames come from the peer through a python AF_PACKET socket; tshark reads what we wrote.
// Without privileges the suite is skipped with the reason (and fails under CI).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCapture } from '@pktkit/formats';
import { type TestNet, withTestNet } from '@pktkit/netns';
import { liveDescribe } from '@pktkit/netns/vitest';
import { expect, it } from 'vitest';
import { openSniffer, selectBackend } from '../src/index.js';
import { mixedFrames } from './frames.js';

function framesFor(net: TestNet, n: number): Uint8Array[] {
  return mixedFrames(n, {
    srcMac: net.peer.mac,
    dstMac: net.local.mac,
    src: net.peer.ipv4,
    dst: net.local.ipv4,
  });
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

liveDescribe('sniffer live on a veth (libpcap, afpacket and auto)', () => {
  for (const backend of ['npcap', 'afpacket', 'auto'] as const) {
    it(`${backend}: kernel filter + count + writeTo pcapng = exactly the N matching frames, as tshark reads them`, async () => {
      await withTestNet({}, async (net) => {
        const sniffer = await openSniffer({
          device: net.local.name,
          backend,
          filter: 'udp port 9',
          count: 4,
          immediate: true,
        });
        expect(sniffer.backendName).toBe((await selectBackend(backend)).backend.name);
        const frames = framesFor(net, 12); // 6 UDP port 9, 6 TCP port 80
        const path = join(mkdtempSync(join(tmpdir(), 'pktkit-sniffer-live-')), 'f.pcapng');
        const done = sniffer.writeTo({ path });
        await net.sendFrames(frames);
        await done;
        const expected = frames.filter((_, i) => i % 2 === 0).slice(0, 4);
        const written = Array.from(readCapture(new Uint8Array(readFileSync(path))), (r) => hex(r.data));
        expect(written).toEqual(expected.map(hex));
        const t = spawnSync(
          'tshark',
          ['-r', path, '-T', 'fields', '-e', 'frame.len', '-e', 'udp.dstport', '-e', 'ip.src'],
          {
            encoding: 'utf8',
          },
        );
        expect(t.status, t.stderr).toBe(0);
        expect(t.stdout.trim().split('\n')).toEqual(expected.map((f) => `${f.length}\t9\t${net.peer.ipv4}`));
      });
    });
  }

  for (const backend of ['npcap', 'afpacket'] as const) {
    it(`${backend}: iteration yields decoded views, stats count what the kernel filter passed`, async () => {
      await withTestNet({}, async (net) => {
        const sniffer = await openSniffer({
          device: net.local.name,
          backend: 'npcap',
          filter: 'tcp dst port 80',
          immediate: true,
        });
        // dst port: the local stack answers each segment with a RST from port 80, which 'tcp port 80' would match.
        const frames = framesFor(net, 10);
        await net.sendFrames(frames);
        const got: string[] = [];
        for await (const p of sniffer) {
          expect(p.layers.tcp?.dport).toBe(80);
          got.push(hex(p.data));
          if (got.length === 5) break;
        }
        const stats = sniffer.stats();
        await sniffer.close();
        expect(got).toEqual(frames.filter((_, i) => i % 2 === 1).map(hex));
        expect(stats.captured).toBe(5n);
        expect(stats.received).toBe(5n);
        expect(stats.dropped).toBe(0n);
      });
    });

    it(`${backend}: an AbortSignal stops a live capture that is waiting for packets`, async () => {
      await withTestNet({}, async (net) => {
        const controller = new AbortController();
        const sniffer = await openSniffer({
          device: net.local.name,
          backend: 'npcap',
          signal: controller.signal,
        });
        setTimeout(() => controller.abort(), 200);
        let n = 0;
        for await (const _ of sniffer) n++;
        expect(n).toBe(0);
        expect(sniffer.isClosed).toBe(true);
      });
    });
  }

  it('a missing device is NoSuchDeviceError', async () => {
    await expect(openSniffer({ device: 'pktkit-nope0', backend: 'npcap' })).rejects.toMatchObject({
      code: 'ENODEV_CAPTURE',
    });
  });
});
