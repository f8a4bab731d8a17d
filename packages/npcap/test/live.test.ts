// Live tests on a veth pair in a namespace of our own (the netns harness): frames are sent by a
// python AF_PACKET socket on the peer end, received here through libpcap, and compared byte for
// byte. Run as root; without privileges they are skipped with the reason (and fail under CI).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BPF_ABS, BPF_H, BPF_JEQ, BPF_JMP, BPF_K, BPF_LD, BPF_RET, insn } from '@pktkit/bpf';
import { DeviceGoneError, NoSuchDeviceError, recordBytes } from '@pktkit/capture-api';
import { type TestNet, withTestNet } from '@pktkit/netns';
import { liveDescribe } from '@pktkit/netns/vitest';
import { expect, it } from 'vitest';
import { compileFilter, indexRecords, PcapBackend, PcapRecordBatch } from '../src/index.js';
import { loadAddon } from '../src/native.js';
import { collect, frame, hex, nowNs } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const backend = new PcapBackend();

/** Frames from the peer to us: sizes from the minimum to a full 1514-byte frame. */
function framesFrom(net: TestNet, sizes: number[], etherType = 0x88b5, seed = 0): Uint8Array[] {
  return sizes.map((size, i) => frame(net.local.macBytes, net.peer.macBytes, size, seed + i, etherType));
}

// ldh [12]; jeq #0x88b5 → accept whole packet, else drop. Built by hand from @pktkit/bpf's opcodes.
const only88b5 = [
  insn(BPF_LD | BPF_H | BPF_ABS, 12),
  insn(BPF_JMP | BPF_JEQ | BPF_K, 0x88b5, 0, 1),
  insn(BPF_RET | BPF_K, 262144),
  insn(BPF_RET | BPF_K, 0),
];

liveDescribe('npcap backend over libpcap (live, veth in a namespace)', () => {
  it('captures every frame the peer sends, once, in order, byte-exact, with sane timestamps', async () => {
    await withTestNet({}, async (net) => {
      for (const immediate of [false, true]) {
        const capture = await backend.open({ device: net.local.name, immediate, snaplen: 2048 });
        expect(capture.linkType).toBe(1);
        const sent = framesFrom(net, [60, 61, 64, 128, 333, 1000, 1514, 60], 0x88b5, immediate ? 100 : 0);
        const before = nowNs();
        await net.sendFrames(sent);
        const got = await collect(capture, sent.length);
        const after = nowNs();
        await capture.close();
        expect(got.map((g) => g.hex)).toEqual(hex(sent));
        expect(got.map((g) => g.wireLength)).toEqual(sent.map((f) => f.length));
        for (let i = 0; i < got.length; i++) {
          expect(got[i]!.tsNs).toBeGreaterThanOrEqual(before - 1_000_000n);
          expect(got[i]!.tsNs).toBeLessThanOrEqual(after + 1_000_000n);
          if (i > 0) expect(got[i]!.tsNs).toBeGreaterThanOrEqual(got[i - 1]!.tsNs);
        }
      }
    });
  });

  it('truncates at snaplen and reports the wire length', async () => {
    await withTestNet({}, async (net) => {
      const capture = await backend.open({ device: net.local.name, immediate: true, snaplen: 100 });
      expect(capture.snaplen).toBe(100);
      const sent = framesFrom(net, [1514, 99, 100, 101]);
      await net.sendFrames(sent);
      const got = await collect(capture, sent.length);
      await capture.close();
      expect(got.map((g) => g.hex)).toEqual(hex(sent.map((f) => f.subarray(0, 100))));
      expect(got.map((g) => g.wireLength)).toEqual([1514, 99, 100, 101]);
    });
  });

  it('a kernel filter (hand-built program, then libpcap-compiled) delivers only matching frames; stats agree', async () => {
    await withTestNet({}, async (net) => {
      const mixed = [
        ...framesFrom(net, [60, 70, 80], 0x88b5, 1),
        ...framesFrom(net, [90, 100], 0x88b6, 2),
        ...framesFrom(net, [110], 0x88b5, 3),
      ];
      const matching = mixed.filter((f) => f[12] === 0x88 && f[13] === 0xb5);
      for (const filter of [only88b5, compileFilter('ether proto 0x88b6')]) {
        const capture = await backend.open({ device: net.local.name, immediate: true, filter });
        await net.sendFrames(mixed);
        const want = filter === only88b5 ? matching : mixed.filter((f) => f[13] === 0xb6);
        const got = await collect(capture, want.length);
        // Anything else would have arrived with the frames before it: nothing more comes.
        await net.sendFrames(framesFrom(net, [60], filter === only88b5 ? 0x88b5 : 0x88b6, 9));
        const marker = await collect(capture, 1);
        expect(got.map((g) => g.hex)).toEqual(hex(want));
        expect(marker).toHaveLength(1);
        expect(capture.stats()).toEqual({ received: BigInt(want.length + 1), dropped: 0n, ifDropped: 0n });
        await capture.close();
      }
    });
  });

  it('setFilter swaps the filter on a running capture', async () => {
    await withTestNet({}, async (net) => {
      const capture = await backend.open({ device: net.local.name, immediate: true, filter: only88b5 });
      await net.sendFrames(framesFrom(net, [60], 0x88b6, 1));
      await capture.setFilter(compileFilter('ether proto 0x88b6'));
      const after = framesFrom(net, [61, 62], 0x88b6, 2);
      await net.sendFrames([...framesFrom(net, [63], 0x88b5, 3), ...after]);
      const got = await collect(capture, 2);
      await capture.close();
      expect(got.map((g) => g.hex)).toEqual(hex(after));
    });
  });

  it('direction: "in" omits frames this host sends, "out" keeps only those, "both" sees all', async () => {
    await withTestNet({}, async (net) => {
      const open = (direction: 'in' | 'out' | 'both') =>
        backend.open({ device: net.local.name, immediate: true, direction });
      const [inOnly, outOnly, both] = await Promise.all([open('in'), open('out'), open('both')]);
      const sentByUs = frame(net.peer.macBytes, net.local.macBytes, 60, 1);
      const fromPeer = framesFrom(net, [61], 0x88b5, 2);
      // Sent by another socket on this host (a packet socket never sees its own transmissions).
      await net.sendFrames([sentByUs], { from: 'local' });
      await net.sendFrames(fromPeer);
      const [gotIn, gotOut, gotBoth] = await Promise.all([
        collect(inOnly, 1),
        collect(outOnly, 1),
        collect(both, 2),
      ]);
      await Promise.all([inOnly.close(), outOnly.close(), both.close()]);
      expect(gotIn.map((g) => g.hex)).toEqual(hex(fromPeer));
      expect(gotOut.map((g) => g.hex)).toEqual(hex([sentByUs]));
      expect(gotBoth.map((g) => g.hex)).toEqual(hex([sentByUs, ...fromPeer]));
    });
  });

  it('inject() sends a frame that reaches the peer byte-exact', async () => {
    await withTestNet({}, async (net) => {
      const capture = await backend.open({ device: net.local.name });
      const peer = await net.capture({ on: 'peer' });
      const frames = [60, 400, 1514].map((n, i) => frame(net.peer.macBytes, net.local.macBytes, n, 40 + i));
      for (const f of frames) await capture.inject(f);
      await peer.waitFor(frames.length, 5000);
      const received = await peer.stop();
      await capture.close();
      expect(received.map((r) => Buffer.from(r.data).toString('hex'))).toEqual(hex(frames));
    });
  });

  it('close() during iteration ends the loop cleanly, and is idempotent', async () => {
    await withTestNet({}, async (net) => {
      const capture = await backend.open({ device: net.local.name, timeoutMs: 100 });
      let batches = 0;
      const loop = (async () => {
        for await (const batch of capture) {
          batches++;
          batch.release();
        }
        return 'ended';
      })();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      await capture.close();
      expect(await loop).toBe('ended');
      expect(Date.now() - started).toBeLessThan(1000); // woken, not waiting out the poll timeout
      expect(batches).toBe(0);
      await capture.close();
      await expect(capture.inject(new Uint8Array(60))).rejects.toThrow(/closed/);
    });
  });

  it('a device deleted mid-capture raises DeviceGoneError', async () => {
    await withTestNet({}, async (net) => {
      const capture = await backend.open({ device: net.local.name, immediate: true });
      const loop = collect(capture, 1_000_000, 5000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      net.deleteLink();
      await expect(loop).rejects.toThrow(DeviceGoneError);
      await capture.close();
    });
  });

  it('delivers a burst larger than one buffer across several batches, in order', async () => {
    await withTestNet({}, async (net) => {
      // A 1 MiB batch buffer holds ~678 full frames at snaplen 2048: 700 need more than one batch.
      // (Not immediate mode: libpcap's TPACKET_V2 ring then has one snaplen-sized slot per frame.)
      const capture = await backend.open({ device: net.local.name, snaplen: 2048, bufferSize: 8 << 20 });
      const sent = Array.from({ length: 700 }, (_, i) =>
        frame(net.local.macBytes, net.peer.macBytes, 1514, i),
      );
      await net.sendFrames(sent);
      const got = await collect(capture, sent.length, 10_000);
      const stats = capture.stats();
      await capture.close();
      expect(stats.dropped).toBe(0n);
      expect(got.length).toBe(sent.length);
      expect(got.map((g) => g.hex)).toEqual(hex(sent));
      expect(got.at(-1)!.batch).toBeGreaterThan(0);
    });
  });

  it('100 open/close cycles leave no file descriptor behind', async () => {
    await withTestNet({}, async (net) => {
      const fds = () => readdirSync('/proc/self/fd').length;
      const warm = await backend.open({ device: net.local.name });
      await warm.close();
      const before = fds();
      for (let i = 0; i < 100; i++) {
        const capture = await backend.open({ device: net.local.name, bufferSize: 65536 });
        await capture.close();
      }
      expect(fds()).toBe(before);
    });
  });

  it('native: wait() reports readiness, breakloop() cuts a dispatch short without losing packets', async () => {
    await withTestNet({}, async (net) => {
      const handle = new (loadAddon().PcapHandle)(net.local.name);
      handle.setSnaplen(2048);
      handle.setImmediate(true);
      expect(handle.activate()).toBe(0);
      expect(handle.selectableFd()).toBeGreaterThanOrEqual(0);
      const buffer = new Uint8Array(1 << 20);
      expect(handle.dispatch(buffer)).toBe(0); // nothing yet, and non-blocking
      expect(await handle.wait(50)).toBe(false);
      const sent = framesFrom(net, [60, 70, 80], 0x88b5, 5);
      await net.sendFrames(sent);
      expect(await handle.wait(2000)).toBe(true);
      handle.breakloop();
      const counts: number[] = [];
      const got: string[] = [];
      for (let i = 0; i < 4 && got.length < sent.length; i++) {
        const n = handle.dispatch(buffer);
        const offsets = indexRecords(buffer, n, new Int32Array(8));
        const batch = new PcapRecordBatch(buffer, offsets, { linkType: 1, ifindex: 0, nano: false });
        counts.push(batch.count);
        for (let j = 0; j < batch.count; j++)
          got.push(Buffer.from(recordBytes(batch.read(j))).toString('hex'));
      }
      handle.close();
      expect(counts[0]).toBeLessThan(sent.length); // broken off
      expect(got).toEqual(hex(sent)); // and nothing lost
    });
  });

  it('a nonexistent device is NoSuchDeviceError', async () => {
    const err = await backend.open({ device: 'pktkit-nope0' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoSuchDeviceError);
    expect(err).toMatchObject({
      device: 'pktkit-nope0',
      osCode: 'PCAP_ERROR_NO_SUCH_DEVICE',
      syscall: 'pcap_activate',
    });
  });

  it('without CAP_NET_RAW (setpriv in a child) the PermissionError names CAP_NET_RAW', () => {
    const child = spawnSync(
      'setpriv',
      [
        '--inh-caps=-all',
        '--bounding-set=-all',
        process.execPath,
        join(here, 'fixtures', 'open-unprivileged.mjs'),
        'lo',
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(child.stderr).toBe('');
    const result = JSON.parse(child.stdout.trim()) as {
      name: string;
      code: string;
      osCode: string;
      message: string;
    };
    expect(result).toMatchObject({
      name: 'PermissionError',
      code: 'EPERM_CAPTURE',
      osCode: 'PCAP_ERROR_PERM_DENIED',
    });
    expect(result.message).toMatch(/CAP_NET_RAW/);
  });
});
