// Loads the native addon on first use, so importing this package never throws (not built, wrong
// platform); using it then throws an AddonUnavailableError that says how to fix it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AddonUnavailableError } from './errors.js';

/** The native functions (native/addon.cc). Thin syscall wrappers; see socket.ts for the API. */
export interface NativeAddon {
  ifindex(name: string): number;
  open(device: string | number): number;
  close(fd: number): void;
  recv(fd: number, buffer: Uint8Array, meta?: Int32Array): number;
  send(fd: number, frame: Uint8Array): number;
  ringOpen(
    device: string | number,
    blockSize: number,
    blockCount: number,
    retireTimeoutMs: number,
    filter?: Uint8Array,
    extra?: { promiscuous?: boolean; ignoreOutgoing?: boolean; fanout?: number },
  ): {
    fd: number;
    buffer: ArrayBuffer;
  };
  ringClose(fd: number, buffer: ArrayBuffer): void;
  ringLayout(): RingLayout;
  ringStats(fd: number): { packets: number; drops: number; freezeQueueCount: number };
  /** SO_ATTACH_FILTER on an open socket (atomic swap). */
  attachFilter(fd: number, filter: Uint8Array): void;
  /** SO_LOCK_FILTER. */
  lockFilter(fd: number): void;
  /** send() on a bound socket; returns the bytes sent. */
  sendFrame(fd: number, frame: Uint8Array): number;
  /** A thread blocked in poll() on `fd`; calls `onEvents(revents)` once per arm(). */
  Poller: new (
    fd: number,
    onEvents: (revents: number) => void,
  ) => NativePoller;
  /** Throws the socket's pending error (SO_ERROR), if any. */
  pendingError(fd: number): void;
  pollFlags: { POLLIN: number; POLLERR: number; POLLHUP: number; POLLNVAL: number };
}

export interface NativePoller {
  arm(): void;
  stop(): void;
}

/** Byte offsets and flag values from the kernel's if_packet.h, as the addon was compiled. */
export interface RingLayout {
  blockStatus: number;
  blockNumPkts: number;
  blockFirstPkt: number;
  blockLen: number;
  blockSeq: number;
  pktNextOffset: number;
  pktSec: number;
  pktNsec: number;
  pktSnaplen: number;
  pktLen: number;
  pktStatus: number;
  pktMac: number;
  pktVlanTci: number;
  pktVlanTpid: number;
  sllProtocol: number;
  sllIfindex: number;
  sllPkttype: number;
  statusUser: number;
  statusKernel: number;
  statusVlanValid: number;
  statusVlanTpidValid: number;
  statusBlkTmo: number;
  fanoutHash: number;
  fanoutLb: number;
  fanoutCpu: number;
  fanoutRollover: number;
  fanoutRandom: number;
  fanoutQm: number;
  fanoutFlagRollover: number;
  fanoutFlagDefrag: number;
}

const BUILD_HINT = 'build it with `pnpm --filter @pktkit/linux-afpacket build` (needs cmake and g++)';

/** build/Release beside dist/ or src/; PKTKIT_AFPACKET_ADDON overrides (tests, custom builds). */
export function addonPath(): string {
  const override = process.env.PKTKIT_AFPACKET_ADDON;
  if (override) return resolve(override);
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '..', 'build', 'Release', 'linux_afpacket.node');
}

let cached: NativeAddon | undefined;

export function addon(): NativeAddon {
  if (cached) return cached;
  if (process.platform !== 'linux') {
    throw new AddonUnavailableError(
      'ERR_PKTKIT_UNSUPPORTED_PLATFORM',
      `@pktkit/linux-afpacket targets Linux only (this is ${process.platform})`,
    );
  }
  const path = addonPath();
  if (!existsSync(path)) {
    throw new AddonUnavailableError(
      'ERR_PKTKIT_ADDON_NOT_BUILT',
      `@pktkit/linux-afpacket: native addon not built (no ${path}); ${BUILD_HINT}`,
    );
  }
  try {
    cached = createRequire(import.meta.url)(path) as NativeAddon;
  } catch (e) {
    throw new AddonUnavailableError(
      'ERR_PKTKIT_ADDON_LOAD_FAILED',
      `@pktkit/linux-afpacket: loading ${path} failed (${(e as Error).message}); rebuild: ${BUILD_HINT}`,
      e,
    );
  }
  return cached;
}
