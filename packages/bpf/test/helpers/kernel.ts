// Drives kernel-oracle.py (SO_ATTACH_FILTER on real sockets; the tests run as root).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Program } from '../../src/index.js';

const script = join(dirname(fileURLToPath(import.meta.url)), 'kernel-oracle.py');
const PYTHON = '/usr/bin/python3';

function call<T>(mode: string, input: unknown): T {
  const r = spawnSync(PYTHON, [script, mode], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`kernel oracle failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

const plain = (p: Program): number[][] => p.map((i) => [i.code, i.jt, i.jf, i.k]);

/** 0 when the kernel accepts the program, else the errno SO_ATTACH_FILTER failed with. */
export function kernelVerify(programs: readonly Program[]): number[] {
  return call<number[]>('verify', programs.map(plain));
}

/** One copy of the test datagram as an AF_PACKET socket on lo saw it: direction, captured bytes. */
export interface KernelCopy {
  pktType: number;
  capturedLength: number;
  frame: Uint8Array;
}

/** Attaches each program to an AF_PACKET socket on lo and sends one UDP datagram through lo. */
export function kernelRun(programs: readonly Program[], payloadLength: number): KernelCopy[][] {
  const raw = call<[number, number, null, string][][]>('run', { programs: programs.map(plain), payload_len: payloadLength });
  return raw.map((copies) =>
    copies.map(([pktType, capturedLength, , hex]) => ({ pktType, capturedLength, frame: Uint8Array.from(Buffer.from(hex, 'hex')) })),
  );
}
