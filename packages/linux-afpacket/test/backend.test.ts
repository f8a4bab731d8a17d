// AfPacketBackend beyond the shared conformance suite: what is Linux-specific (VLAN re-insertion,
// userland re-filtering after a swap, the outgoing direction, device removal, privileges).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  type CaptureHandle,
  createRecord,
  DeviceGoneError,
  InvalidOptionError,
  recordBytes,
} from '@pktkit/capture-api';
import {
  conformanceFrame,
  conformanceSeq,
  EVEN_CONFORMANCE_FRAMES_FILTER,
} from '@pktkit/capture-api/conformance';
import { createTestNet, type TestNet } from '@pktkit/netns';
import { liveDescribe } from '@pktkit/netns/vitest';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AfPacketBackend } from '../src/index.js';

const SRC = new Uint8Array([0x02, 0x70, 0x6b, 0x74, 0, 2]);

async function collect(capture: CaptureHandle, count: number, timeoutMs = 5000): Promise<Uint8Array[]> {
  const got: Uint8Array[] = [];
  const record = createRecord();
  const timer = setTimeout(() => void capture.close(), timeoutMs);
  for await (const batch of capture) {
    for (let i = 0; i < batch.count; i++) got.push(recordBytes(batch.read(i, record)).slice());
    batch.release();
    if (got.length >= count) break;
  }
  clearTimeout(timer);
  return got;
}

/** Inserts an 802.1Q/802.1ad tag after the MAC addresses. */
function tagged(frame: Uint8Array, tpid: number, tci: number): Uint8Array {
  const out = new Uint8Array(frame.length + 4);
  out.set(frame.subarray(0, 12));
  out[12] = tpid >> 8;
  out[13] = tpid & 0xff;
  out[14] = tci >> 8;
  out[15] = tci & 0xff;
  out.set(frame.subarray(12), 16);
  return out;
}

liveDescribe('AfPacketBackend on a veth', () => {
  let net: TestNet;
  const backend = new AfPacketBackend();
  beforeEach(async () => {
    net = await createTestNet();
  });
  afterEach(async () => {
    await net.destroy();
  });

  it('re-inserts VLAN tags the kernel stripped, with their real TPID (802.1Q and 802.1ad)', async () => {
    const capture = await backend.open({ device: net.local.name, immediate: true });
    const plain = [1, 2].map((seq) => conformanceFrame(net.local.macBytes, SRC, seq, 80));
    const frames = [tagged(plain[0]!, 0x8100, 0x2064), tagged(plain[1]!, 0x88a8, 0x0123)];
    const pending = collect(capture, 2);
    await net.sendFrames(frames);
    const got = await pending;
    await capture.close();
    expect(got).toEqual(frames);
  });

  it('keeps VLAN tags stripped when asked not to reconstruct them', async () => {
    const capture = await backend.open({ device: net.local.name, immediate: true, reconstructVlan: false });
    const plain = conformanceFrame(net.local.macBytes, SRC, 3, 80);
    const pending = collect(capture, 1);
    await net.sendFrames([tagged(plain, 0x8100, 5)]);
    const [got] = await pending;
    await capture.close();
    expect(got).toEqual(plain);
  });

  it('re-filters frames already in the ring with the new program after a swap', async () => {
    const capture = await backend.open({ device: net.local.name, immediate: true });
    // Frames arrive while nobody reads: the ring holds odd and even ones accepted by no filter.
    await net.sendFrames(Array.from({ length: 10 }, (_, i) => conformanceFrame(net.local.macBytes, SRC, i)));
    await new Promise((r) => setTimeout(r, 200));
    await capture.setFilter(EVEN_CONFORMANCE_FRAMES_FILTER);
    const pending = collect(capture, 7);
    await net.sendFrames([10, 11, 12].map((seq) => conformanceFrame(net.local.macBytes, SRC, seq)));
    const got = await pending;
    await capture.close();
    expect(got.map(conformanceSeq)).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });

  it("direction 'out' delivers only frames this host sends", async () => {
    const capture = await backend.open({ device: net.local.name, direction: 'out', immediate: true });
    const pending = collect(capture, 1);
    await net.sendFrames([conformanceFrame(net.local.macBytes, SRC, 1)]);
    const mine = conformanceFrame(net.peer.macBytes, net.local.macBytes, 2);
    await net.sendFrames([mine], { from: 'local' });
    const got = await pending;
    await capture.close();
    expect(got).toEqual([mine]);
  });

  it('raises DeviceGoneError when the interface is deleted mid-capture', async () => {
    const capture = await backend.open({ device: net.local.name });
    const iteration = collect(capture, 1, 10_000);
    await new Promise((r) => setTimeout(r, 100));
    net.deleteLink();
    await expect(iteration).rejects.toBeInstanceOf(DeviceGoneError);
    await capture.close();
  });

  it("rejects the 'any' device with a typed error until cooked capture exists", async () => {
    await expect(backend.open({ device: 'any' })).rejects.toBeInstanceOf(InvalidOptionError);
  });

  it('without CAP_NET_RAW open() gives PermissionError naming CAP_NET_RAW (child under setpriv)', () => {
    const script = join(import.meta.dirname, 'fixtures', 'backend-open-lo.mjs');
    const r = spawnSync(
      'setpriv',
      ['--inh-caps=-net_raw', '--bounding-set=-net_raw', '--', process.execPath, script],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ name: 'PermissionError', code: 'EPERM_CAPTURE', osCode: 'EPERM' });
    expect(out.message).toMatch(/CAP_NET_RAW/);
  });
});
