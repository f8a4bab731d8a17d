// Loads the /dev/bpf addon on first use, so importing this package never throws (Linux, addon not
// built); opening a capture then throws BackendUnavailableError saying why and how to fix it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendUnavailableError } from '@pktkit/capture-api';

/** The native functions (native/addon.cc): one thin wrapper per syscall/ioctl. */
export interface BpfSyscalls {
  open(): number;
  close(fd: number): void;
  ifindex(name: string): number;
  setBufferLength(fd: number, bytes: number): number;
  getBufferLength(fd: number): number;
  setInterface(fd: number, name: string): void;
  setImmediate(fd: number, on: boolean): void;
  setHeaderComplete(fd: number, on: boolean): void;
  setReadTimeout(fd: number, ms: number): void;
  setPromiscuous(fd: number): void;
  setFilter(fd: number, program: Uint8Array, keepBuffer: boolean): void;
  /** [bs_recv, bs_drop], cumulative 32-bit counters. */
  getStats(fd: number): [number, number];
  getDlt(fd: number): number;
  setDlt(fd: number, dlt: number): void;
  setTimestampType(fd: number, type: number): void;
  /** 0 = in, 1 = out, 2 = both. */
  setDirection(fd: number, direction: 0 | 1 | 2): void;
  write(fd: number, frame: Uint8Array): number;
  /** One read() of exactly buffer.length bytes; resolves the byte count (0 on timeout). */
  read(fd: number, buffer: Uint8Array): Promise<number>;
}

const BPF_PLATFORMS: readonly string[] = ['darwin', 'freebsd', 'openbsd', 'netbsd'];

/** Why the live backend cannot run here, or null when it can be tried. */
export function unavailableReason(platform: string = process.platform): string | null {
  if (!BPF_PLATFORMS.includes(platform)) {
    return `/dev/bpf exists only on macOS and the BSDs (this is ${platform}); use @pktkit/linux-afpacket or @pktkit/npcap`;
  }
  if (!existsSync(addonPath())) {
    return `native addon not built (no ${addonPath()}); build it with \`pnpm --filter @pktkit/bsd-bpf build\` (needs cmake and a C++ compiler)`;
  }
  return null;
}

/** build/Release beside dist/ or src/; PKTKIT_BSD_BPF_ADDON overrides (custom builds). */
export function addonPath(): string {
  const override = process.env.PKTKIT_BSD_BPF_ADDON;
  if (override) return resolve(override);
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', 'build', 'Release', 'bsd_bpf.node');
}

let cached: BpfSyscalls | undefined;

export function loadSyscalls(): BpfSyscalls {
  if (cached) return cached;
  const reason = unavailableReason();
  if (reason) throw new BackendUnavailableError(`@pktkit/bsd-bpf: ${reason}`);
  try {
    cached = createRequire(import.meta.url)(addonPath()) as BpfSyscalls;
  } catch (e) {
    throw new BackendUnavailableError(
      `@pktkit/bsd-bpf: loading ${addonPath()} failed (${(e as Error).message}); rebuild with \`pnpm --filter @pktkit/bsd-bpf build\``,
      { cause: e },
    );
  }
  return cached;
}
