// Loads the addon on first use, so importing this package never throws (addon not built, Npcap
// missing); opening a capture then throws BackendUnavailableError saying how to fix it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendUnavailableError } from '@pktkit/capture-api';

export interface NativeDevice {
  name: string;
  description: string | null;
  /** PCAP_IF_* bits. */
  flags: number;
  addresses: { family: 'ipv4' | 'ipv6'; address: string; netmask: string }[];
}

/** One pcap_t (native/addon.cc). Methods are the libpcap calls of the same name. */
export interface NativeHandle {
  setSnaplen(snaplen: number): void;
  setPromisc(on: boolean): void;
  setImmediate(on: boolean): void;
  setBufferSize(bytes: number): void;
  setTimeout(ms: number): void;
  /** False when the device cannot give nanosecond timestamps. */
  setNanoPrecision(): boolean;
  /** 0 or a PCAP_WARNING_* code; then the handle is non-blocking. */
  activate(): number;
  setDirection(direction: 0 | 1 | 2): void;
  info(): { linkType: number; snaplen: number; nano: boolean };
  setFilter(program: Uint8Array): void;
  /** Copies as many pending packets as fit into `buffer`; returns the bytes of records written. */
  dispatch(buffer: Uint8Array): number;
  /** [ps_recv, ps_drop, ps_ifdrop, packets the addon could not fit (always 0 by design)]. */
  stats(): [number, number, number, number];
  inject(frame: Uint8Array): number;
  breakloop(): void;
  selectableFd(): number;
  /** Resolves true when readable, false on timeout or wake(). */
  wait(timeoutMs: number): Promise<boolean>;
  wake(): void;
  close(): void;
}

export interface NativeAddon {
  findAllDevs(): NativeDevice[];
  libVersion(): string;
  ifindex(name: string): number;
  compile(
    linkType: number,
    snaplen: number,
    expression: string,
    optimize: boolean,
    netmask: number,
  ): Uint8Array;
  PcapHandle: new (device: string) => NativeHandle;
}

const BUILD_HINT =
  'build it with `pnpm --filter @pktkit/npcap build` (needs cmake, a C++ compiler and libpcap-dev)';

/** build/Release beside dist/ or src/; PKTKIT_NPCAP_ADDON overrides (custom builds). */
export function addonPath(): string {
  const override = process.env.PKTKIT_NPCAP_ADDON;
  if (override) return resolve(override);
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', 'build', 'Release', 'npcap.node');
}

let cached: NativeAddon | undefined;

/** Why the addon cannot be used here, or null. */
export function unavailableReason(): string | null {
  return existsSync(addonPath()) ? null : `native addon not built (no ${addonPath()}); ${BUILD_HINT}`;
}

export function loadAddon(): NativeAddon {
  if (cached) return cached;
  const reason = unavailableReason();
  if (reason) throw new BackendUnavailableError(`@pktkit/npcap: ${reason}`);
  try {
    cached = createRequire(import.meta.url)(addonPath()) as NativeAddon;
  } catch (e) {
    throw new BackendUnavailableError(
      `@pktkit/npcap: loading ${addonPath()} failed (${(e as Error).message}); ${BUILD_HINT}`,
      { cause: e },
    );
  }
  return cached;
}
