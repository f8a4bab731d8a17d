// Receiving frames on one veth end with the python witness, for checking what code under test sent.
import type { ChildProcess } from 'node:child_process';
import { fromHex } from './hex.js';

/** Linux packet types (linux/if_packet.h) as the receiving socket reports them. */
export const PacketType = { HOST: 0, BROADCAST: 1, MULTICAST: 2, OTHERHOST: 3, OUTGOING: 4 } as const;

export interface CapturedFrame {
  data: Uint8Array;
  /** One of {@link PacketType}. */
  packetType: number;
}

export interface FrameCapture {
  /** Frames received so far, in arrival order. */
  readonly frames: readonly CapturedFrame[];
  /** Resolves once at least `count` frames arrived; rejects after `timeoutMs` (default 5000). */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedFrame[]>;
  /** Stops the receiver after draining frames in flight; resolves with everything received. */
  stop(): Promise<CapturedFrame[]>;
}

/** Wraps a started CAPTURE_SCRIPT process; resolves once its socket is bound. */
export function startCapture(
  child: ChildProcess,
  includeOutgoing: boolean,
  label: string,
): Promise<FrameCapture> {
  const frames: CapturedFrame[] = [];
  const waiters = new Set<() => void>();
  let pending = '';
  let stderr = '';
  let ready: (() => void) | undefined;
  let failed: ((e: Error) => void) | undefined;
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));

  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      nl = pending.indexOf('\n');
      if (line === 'ready') {
        ready?.();
        continue;
      }
      const space = line.indexOf(' ');
      const packetType = Number(line.slice(0, space));
      if (!includeOutgoing && packetType === PacketType.OUTGOING) continue;
      frames.push({ packetType, data: fromHex(line.slice(space + 1)) });
    }
    for (const w of waiters) w();
  });
  child.once('error', (e) => failed?.(e)); // e.g. python3 missing
  child.once('close', (code) => {
    failed?.(new Error(`${label}: capture exited (${code}) before it was ready: ${stderr.trim()}`));
    for (const w of waiters) w();
  });

  const capture: FrameCapture = {
    frames,
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (frames.length >= count) {
            done();
            resolve(frames.slice());
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(
              new Error(`${label}: capture ended with ${frames.length}/${count} frames: ${stderr.trim()}`),
            );
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${label}: ${frames.length}/${count} frames after ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      return frames.slice();
    },
  };

  return new Promise((resolve, reject) => {
    ready = () => {
      ready = undefined;
      failed = undefined;
      resolve(capture);
    };
    failed = reject;
  });
}
