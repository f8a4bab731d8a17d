import { describe, expect, it } from 'vitest';
import {
  CaptureClosedError,
  type CaptureHandle,
  createRecord,
  MemoryBackend,
  NoSuchDeviceError,
  PacketDirection,
  recordBytes,
  recordTimestampNs,
} from '../src/index.js';

async function take(capture: CaptureHandle, n: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  const record = createRecord();
  for await (const batch of capture) {
    for (let i = 0; i < batch.count; i++) out.push(recordBytes(batch.read(i, record)).slice());
    batch.release();
    if (out.length >= n) break;
  }
  return out;
}

const frame = (n: number, len = 60): Uint8Array => new Uint8Array(len).fill(n);

describe('MemoryBackend', () => {
  it('delivers frames in order, byte-exact, with exact timestamps', async () => {
    let clock = 1_700_000_000_123_456_789n;
    const backend = new MemoryBackend({ now: () => clock++ });
    const capture = await backend.open({ device: 'mem0' });
    backend.deliver('mem0', frame(1));
    backend.deliver('mem0', frame(2));
    const got = await take(capture, 2);
    expect(got).toEqual([frame(1), frame(2)]);
    await capture.close();
  });

  it('reports timestamps, lengths and direction on the reused record', async () => {
    const backend = new MemoryBackend({ now: () => 1_700_000_000_999_999_999n });
    const capture = await backend.open({ device: 'mem0', snaplen: 20 });
    backend.deliver('mem0', frame(9, 100));
    const it = capture[Symbol.asyncIterator]();
    const { value: batch } = await it.next();
    const r = batch!.read(0);
    expect(recordTimestampNs(r)).toBe(1_700_000_000_999_999_999n);
    expect(r.caplen).toBe(20);
    expect(r.wireLength).toBe(100);
    expect(r.direction).toBe(PacketDirection.Host);
    batch!.release();
    expect(() => batch!.read(0)).toThrow(RangeError);
    await capture.close();
  });

  it('filters with the supplied compiler: snap length from the filter, rejects dropped', async () => {
    const backend = new MemoryBackend({ filterCompiler: () => (p) => (p[0] === 7 ? 10 : 0) });
    const capture = await backend.open({ device: 'mem0', filter: [{ code: 6, jt: 0, jf: 0, k: 0 }] });
    backend.deliver('mem0', frame(1));
    backend.deliver('mem0', frame(7));
    const [only] = await take(capture, 1);
    expect(only).toEqual(frame(7, 10));
    expect(capture.stats().received).toBe(1n);
    await capture.close();
  });

  it('honours direction and sends injected frames to other captures on the device', async () => {
    const backend = new MemoryBackend();
    const inbound = await backend.open({ device: 'mem0', direction: 'in' });
    const outbound = await backend.open({ device: 'mem0', direction: 'out' });
    await inbound.inject(frame(3));
    backend.deliver('mem0', frame(4));
    expect(await take(outbound, 1)).toEqual([frame(3)]);
    expect(await take(inbound, 1)).toEqual([frame(4)]);
    await inbound.close();
    await outbound.close();
  });

  it('counts drops past the queue limit instead of growing without bound', async () => {
    const backend = new MemoryBackend({ queueLimit: 3 });
    const capture = await backend.open({ device: 'mem0' });
    for (let i = 0; i < 5; i++) backend.deliver('mem0', frame(i));
    expect(capture.stats()).toMatchObject({ received: 5n, dropped: 2n });
    expect(await take(capture, 3)).toHaveLength(3);
    await capture.close();
  });

  it('ends a pending iteration on close, then refuses work with a typed error', async () => {
    const backend = new MemoryBackend();
    const capture = await backend.open({ device: 'mem0' });
    const pending = capture[Symbol.asyncIterator]().next();
    await capture.close();
    expect((await pending).done).toBe(true);
    await expect(capture.inject(frame(1))).rejects.toBeInstanceOf(CaptureClosedError);
    await capture.close(); // idempotent
  });

  it('rejects unknown devices with NoSuchDeviceError', async () => {
    const backend = new MemoryBackend();
    await expect(backend.open({ device: 'nope0' })).rejects.toBeInstanceOf(NoSuchDeviceError);
    expect(() => backend.deliver('nope0', frame(1))).toThrow(NoSuchDeviceError);
    expect((await backend.listInterfaces()).map((i) => i.name)).toEqual(['mem0']);
  });
});
