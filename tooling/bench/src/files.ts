import { closeSync, existsSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ImixGenerator } from './imix.js';
import { benchOutDir } from './paths.js';

export interface ImixFileOptions {
  /** Number of frames (default 1,000,000). */
  packets?: number;
  seed?: number;
  /** Output path; defaults to bench-out/imix-<packets>-<seed>.pcap. Reused when it already exists. */
  path?: string;
}

/**
 * Writes (once) a classic little-endian microsecond pcap of IMIX Ethernet frames and returns its path.
 * Timestamps start at 1,700,000,000 s and advance 7 µs per frame, so they are exact and increasing.
 * Written directly, not with @pktkit/formats, so that package's benchmark does not test itself.
 */
export function ensureImixPcap(options: ImixFileOptions = {}): string {
  const packets = options.packets ?? 1_000_000;
  const seed = options.seed ?? 0x1a2b3c4d;
  const path = options.path ?? join(benchOutDir(), `imix-${packets}-${seed.toString(16)}.pcap`);
  if (existsSync(path) && statSync(path).size > 24) return path;
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  const chunk = new Uint8Array(4 << 20);
  const view = new DataView(chunk.buffer);
  const frame = new Uint8Array(2048);
  const gen = new ImixGenerator({ seed });
  view.setUint32(0, 0xa1b2c3d4, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(8, 0, true);
  view.setUint32(12, 0, true);
  view.setUint32(16, 65535, true);
  view.setUint32(20, 1, true);
  let used = 24;
  let micros = 0;
  for (let i = 0; i < packets; i++) {
    const len = gen.next(frame);
    if (used + 16 + len > chunk.length) {
      writeSync(fd, chunk, 0, used);
      used = 0;
    }
    view.setUint32(used, 1_700_000_000 + Math.floor(micros / 1_000_000), true);
    view.setUint32(used + 4, micros % 1_000_000, true);
    view.setUint32(used + 8, len, true);
    view.setUint32(used + 12, len, true);
    chunk.set(frame.subarray(0, len), used + 16);
    used += 16 + len;
    micros += 7;
  }
  writeSync(fd, chunk, 0, used);
  closeSync(fd);
  renameSync(tmp, path);
  return path;
}

/** Approximate packet count for a target file size in bytes (IMIX mean frame ≈ 353 B + 16 B header). */
export function imixPacketsForBytes(bytes: number): number {
  const meanRecord = (7 * 64 + 4 * 576 + 1514) / 12 + 16;
  return Math.ceil(bytes / meanRecord);
}
