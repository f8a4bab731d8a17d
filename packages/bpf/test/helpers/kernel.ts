// Drives kernel-oracle.py (SO_ATTACH_FILTER on real sockets; the tests run as root).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Program } from '../../src/index.js';

const script = join(dirname(fileURLToPath(import.meta.url)), 'kernel-oracle.py');
const PYTHON = '/usr/bin/python3';

function call<T>(mode: string, input: unknown): T {
  const r = spawnSync(PYTHON, [script, mode], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`kernel oracle failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

const plain = (p: Program): number[][] => p.map((i) => [i.code, i.jt, i.jf, i.k]);

/** 0 when the kernel accepts the program, else the errno SO_ATTACH_FILTER failed with. */
export function kernelVerify(programs: readonly Program[]): number[] {
  return call<number[]>('verify', programs.map(plain));
}

/** One copy of a test frame as an AF_PACKET socket on lo saw it: direction and captured bytes. */
export interface KernelCopy {
  pktType: number;
  capturedLength: number;
}

/**
 * In a fresh network namespace, attaches each program to an AF_PACKET socket on lo and sends its frame
 * through lo from another packet socket; returns the copies the filter let through (truncated to its result).
 */
export function kernelRun(programs: readonly Program[], frames: readonly Uint8Array[]): KernelCopy[][] {
  const r = spawnSync('unshare', ['--net', PYTHON, script, 'run'], {
    input: JSON.stringify({
      programs: programs.map(plain),
      frames: frames.map((f) => Buffer.from(f).toString('hex')),
    }),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`kernel oracle failed: ${r.stderr}`);
  const raw = JSON.parse(r.stdout) as [number, number][][];
  return raw.map((copies) => copies.map(([pktType, capturedLength]) => ({ pktType, capturedLength })));
}
