// The backend conformance suite: one set of expectations every backend must meet, run against the
// memory backend in this package's tests and live (on the netns harness) by each real backend.
import { describe, expect, it } from 'vitest';
import { NoSuchDeviceError } from '../errors.js';
import { createRecord, recordBytes, recordTimestampNs } from '../records.js';
import type { CaptureBackend, CaptureHandle, OpenOptions } from '../types.js';
import {
  conformanceFrame,
  conformanceSeq,
  EVEN_CONFORMANCE_FRAMES_FILTER,
  REJECT_ALL_FILTER,
} from './frames.js';

/** A link to test on, made fresh for each test by the backend's harness. */
export interface ConformanceLink {
  /** Device name to open with the backend under test. */
  device: string;
  /** MAC of that device (frames are addressed to it). */
  mac: Uint8Array;
  /** Sends exact frames from the far side of the link, so they arrive on `device`. */
  send(frames: readonly Uint8Array[]): Promise<void>;
  /**
   * Starts collecting frames that arrive at the far side (for inject tests); resolves with what
   * arrived within `timeoutMs` once `count` conformance frames were seen or time ran out.
   */
  receiveAtPeer?(
    count: number,
    timeoutMs: number,
  ): Promise<{ started: Promise<void>; frames: Promise<Uint8Array[]> }>;
  /** Removes the link while a capture is open (for device-gone tests). */
  remove?(): Promise<void> | void;
  teardown(): Promise<void>;
}

export interface ConformanceOptions {
  backend: CaptureBackend;
  /** Makes a fresh link for one test. */
  createLink(): Promise<ConformanceLink>;
  /** Extra open options for this backend (e.g. immediate mode). */
  openOptions?: Partial<OpenOptions>;
  /** How long to wait for frames to arrive (default 5000 ms). */
  timeoutMs?: number;
}

const SRC_MAC = new Uint8Array([0x02, 0x70, 0x6b, 0x74, 0x00, 0x01]);

/** Collects conformance frames until `count` arrived or the deadline passed. */
async function collect(capture: CaptureHandle, count: number, timeoutMs: number) {
  const seen: { seq: number; bytes: Uint8Array; caplen: number; wireLength: number; ts: bigint }[] = [];
  const record = createRecord();
  const timer = setTimeout(() => void capture.close(), timeoutMs);
  try {
    for await (const batch of capture) {
      for (let i = 0; i < batch.count; i++) {
        const r = batch.read(i, record);
        const bytes = recordBytes(r);
        const seq = conformanceSeq(bytes);
        if (seq >= 0)
          seen.push({
            seq,
            bytes: bytes.slice(),
            caplen: r.caplen,
            wireLength: r.wireLength,
            ts: recordTimestampNs(r),
          });
      }
      batch.release();
      if (seen.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return seen;
}

const wallNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

/** Registers the conformance tests for one backend under `describe(title)`. */
export function describeCaptureConformance(title: string, options: ConformanceOptions): void {
  const timeoutMs = options.timeoutMs ?? 5000;
  const open = (device: string, extra: Partial<OpenOptions> = {}) =>
    options.backend.open({ device, ...options.openOptions, ...extra });

  const withLink = async (body: (link: ConformanceLink) => Promise<void>) => {
    const link = await options.createLink();
    try {
      await body(link);
    } finally {
      await link.teardown();
    }
  };

  describe(title, () => {
    it('captures every frame sent, once, in order, byte-exact, with sane timestamps', async () => {
      await withLink(async (link) => {
        const capture = await open(link.device);
        const frames = Array.from({ length: 50 }, (_, i) =>
          conformanceFrame(link.mac, SRC_MAC, i, 60 + i * 20),
        );
        const before = wallNs() - 2_000_000_000n;
        const pending = collect(capture, frames.length, timeoutMs);
        await link.send(frames);
        const seen = await pending;
        await capture.close();
        expect(seen.map((s) => s.seq)).toEqual(frames.map((_, i) => i));
        seen.forEach((s, i) => {
          expect(s.bytes).toEqual(frames[i]);
          expect(s.wireLength).toBe(frames[i]!.length);
          expect(s.ts).toBeGreaterThan(before);
          expect(s.ts).toBeLessThan(wallNs() + 2_000_000_000n);
          if (i > 0) expect(s.ts).toBeGreaterThanOrEqual(seen[i - 1]!.ts);
        });
      });
    });

    it('truncates to snaplen and keeps the wire length', async () => {
      await withLink(async (link) => {
        const capture = await open(link.device, { snaplen: 40 });
        const pending = collect(capture, 1, timeoutMs);
        const frame = conformanceFrame(link.mac, SRC_MAC, 7, 500);
        await link.send([frame]);
        const [seen] = await pending;
        await capture.close();
        expect(seen?.caplen).toBe(40);
        expect(seen?.wireLength).toBe(500);
        expect(seen?.bytes).toEqual(frame.subarray(0, 40));
      });
    });

    it('delivers only what the filter accepts, from the first packet on', async () => {
      await withLink(async (link) => {
        const capture = await open(link.device, { filter: EVEN_CONFORMANCE_FRAMES_FILTER });
        const pending = collect(capture, 10, timeoutMs);
        await link.send(Array.from({ length: 20 }, (_, i) => conformanceFrame(link.mac, SRC_MAC, i)));
        const seen = await pending;
        await capture.close();
        expect(seen.map((s) => s.seq)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
      });
    });

    it('swaps filters without letting rejected frames through', async () => {
      await withLink(async (link) => {
        const capture = await open(link.device);
        await capture.setFilter(REJECT_ALL_FILTER);
        await link.send([conformanceFrame(link.mac, SRC_MAC, 1)]);
        await capture.setFilter(EVEN_CONFORMANCE_FRAMES_FILTER);
        const pending = collect(capture, 1, timeoutMs);
        await link.send([conformanceFrame(link.mac, SRC_MAC, 3), conformanceFrame(link.mac, SRC_MAC, 4)]);
        const seen = await pending;
        await capture.close();
        expect(seen.map((s) => s.seq)).toEqual([4]);
      });
    });

    it('counts received packets in stats', async () => {
      await withLink(async (link) => {
        const capture = await open(link.device, { filter: EVEN_CONFORMANCE_FRAMES_FILTER });
        const pending = collect(capture, 5, timeoutMs);
        await link.send(Array.from({ length: 10 }, (_, i) => conformanceFrame(link.mac, SRC_MAC, i)));
        await pending;
        const stats = capture.stats();
        await capture.close();
        expect(stats.received).toBeGreaterThanOrEqual(5n);
        expect(stats.dropped).toBe(0n);
      });
    });

    it('ends a pending iteration cleanly on close', async () => {
      await withLink(async (link) => {
        const capture = await open(link.device);
        const next = capture[Symbol.asyncIterator]().next();
        await capture.close();
        expect((await next).done).toBe(true);
      });
    });

    it('rejects a device that does not exist with NoSuchDeviceError', async () => {
      await expect(open('pktkit-nodev0')).rejects.toBeInstanceOf(NoSuchDeviceError);
    });

    it('injects frames that arrive at the far side byte-exact', async () => {
      await withLink(async (link) => {
        if (!link.receiveAtPeer)
          throw new Error('this harness cannot receive at the peer: inject is untested');
        const capture = await open(link.device);
        const { started, frames: arrived } = await link.receiveAtPeer(3, timeoutMs);
        await started;
        const frames = [5, 6, 7].map((seq) =>
          conformanceFrame(new Uint8Array(6).fill(0xff), SRC_MAC, seq, 80),
        );
        for (const frame of frames) await capture.inject(frame);
        const got = (await arrived).filter((f) => conformanceSeq(f) >= 0);
        await capture.close();
        expect(got).toEqual(frames);
      });
    });
  });
}
