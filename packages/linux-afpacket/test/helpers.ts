import { setTimeout as sleep } from 'node:timers/promises';
import type { PacketRing, PacketSocket, ReceivedFrame } from '../src/index.js';

export interface Received extends ReceivedFrame {
  data: Uint8Array;
}

/** Polls the non-blocking socket until `count` frames arrived or `timeoutMs` passed. */
export async function receiveFrames(
  sock: PacketSocket,
  count: number,
  timeoutMs = 10_000,
  size = 65536,
): Promise<Received[]> {
  const out: Received[] = [];
  const deadline = Date.now() + timeoutMs;
  const buf = new Uint8Array(size);
  while (out.length < count && Date.now() < deadline) {
    const r = sock.receive(buf);
    if (r) out.push({ ...r, data: buf.slice(0, r.captured) });
    else await sleep(2);
  }
  return out;
}

/** A deterministic Ethernet frame with the local experimental EtherType 0x88b5. */
export function frame(dst: Uint8Array, src: Uint8Array, length: number, seed: number): Uint8Array {
  const f = new Uint8Array(length);
  f.set(dst, 0);
  f.set(src, 6);
  f[12] = 0x88;
  f[13] = 0xb5;
  for (let i = 14; i < length; i++) f[i] = (seed * 131 + i * 17) & 0xff;
  return f;
}

export const BROADCAST = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

export const hex = (frames: readonly Uint8Array[]): string[] =>
  frames.map((f) => Buffer.from(f).toString('hex'));

export interface RingCopy {
  data: Uint8Array;
  caplen: number;
  wireLength: number;
  sec: number;
  nsec: number;
  packetType: number;
  ifindex: number;
  protocol: number;
}

/** Copies the frames of every block the kernel has handed over so far, releasing each block. */
export function takeAvailable(ring: PacketRing): RingCopy[] {
  const out: RingCopy[] = [];
  for (let block = ring.nextBlock(); block; block = ring.nextBlock()) {
    block.forEach((f) => {
      const { caplen, wireLength, sec, nsec, packetType, ifindex, protocol } = f;
      out.push({ data: f.data().slice(), caplen, wireLength, sec, nsec, packetType, ifindex, protocol });
    });
    block.release();
  }
  return out;
}

/**
 * Walks ring blocks until `count` frames were seen or `timeoutMs` passed, copying each frame and
 * releasing each block. Polls the block status (independent of the ring's own readiness code).
 */
export async function drainRing(ring: PacketRing, count: number, timeoutMs = 10_000): Promise<RingCopy[]> {
  const out: RingCopy[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < count && Date.now() < deadline) {
    out.push(...takeAvailable(ring));
    if (out.length < count) await sleep(2);
  }
  return out;
}
