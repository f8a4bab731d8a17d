// Outside witnesses for the harness tests: tcpdump writing a pcap, and a minimal pcap reader.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Frames of a classic pcap file (either byte order, µs or ns), in file order. */
export function readPcap(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, true);
  const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!little && view.getUint32(0, false) !== 0xa1b2c3d4 && view.getUint32(0, false) !== 0xa1b23c4d) {
    throw new Error(`not a pcap file (magic ${magic.toString(16)})`);
  }
  const frames: Uint8Array[] = [];
  for (let off = 24; off + 16 <= bytes.length; ) {
    const incl = view.getUint32(off + 8, little);
    frames.push(bytes.slice(off + 16, off + 16 + incl));
    off += 16 + incl;
  }
  return frames;
}

export interface Tcpdump {
  /** Resolves with the frames once tcpdump wrote `count` of them and exited. */
  frames: Promise<Uint8Array[]>;
  child: ChildProcess;
}

/**
 * Starts `tcpdump -c count -w file` on an interface (prefix e.g. ['ip','netns','exec',ns]) and
 * resolves once it is listening.
 */
export function tcpdump(
  iface: string,
  count: number,
  prefix: string[] = [],
  filter: string[] = [],
): Promise<Tcpdump> {
  const dir = mkdtempSync(join(tmpdir(), 'pktkit-netns-'));
  const file = join(dir, 'cap.pcap');
  const argv = [...prefix, 'tcpdump', '-i', iface, '-n', '-U', '-c', String(count), '-w', file, ...filter];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const frames = exited.then((code) => {
    try {
      if (code !== 0) throw new Error(`tcpdump exited ${code}: ${stderr}`);
      return readPcap(readFileSync(file));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  frames.catch(() => {});
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tcpdump not listening: ${stderr}`)), 10_000);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (stderr.includes('listening on')) {
        clearTimeout(timer);
        resolve({ frames, child });
      }
    });
    void exited.then(() => reject(new Error(`tcpdump exited early: ${stderr}`)));
  });
}

/** Rejects if `p` does not settle in time (so a lost frame fails the test instead of hanging). */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A deterministic Ethernet frame: broadcast dst, given src, a local experimental EtherType. */
export function frame(src: Uint8Array, length: number, seed: number): Uint8Array {
  const f = new Uint8Array(length);
  f.fill(0xff, 0, 6);
  f.set(src, 6);
  f[12] = 0x88;
  f[13] = 0xb5; // IEEE 802 local experimental EtherType 1
  for (let i = 14; i < length; i++) f[i] = (seed * 31 + i * 7) & 0xff;
  return f;
}
