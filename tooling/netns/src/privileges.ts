// Whether live (namespace + raw socket) tests can run here, and the one rule for what to do
// when they cannot: skip with the reason locally, fail under CI.
import { readFileSync } from 'node:fs';
import { commandExists, pythonPath } from './run.js';

/** Capability bits from linux/capability.h that live tests need. */
const CAPS = { CAP_NET_ADMIN: 12, CAP_NET_RAW: 13, CAP_SYS_ADMIN: 21 } as const;
export type LiveCapability = keyof typeof CAPS;

export type LiveSupport = { ok: true } | { ok: false; reason: string };

/** The effective capability set of this process (CapEff in /proc/self/status). */
function effectiveCaps(): bigint {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(status);
    return m ? BigInt(`0x${m[1]}`) : 0n;
  } catch {
    return 0n;
  }
}

export function hasCapability(cap: LiveCapability): boolean {
  return process.platform === 'linux' && ((effectiveCaps() >> BigInt(CAPS[cap])) & 1n) === 1n;
}

/** CAP_NET_ADMIN, as root normally has it: enough to make links, not by itself namespaces. */
export function hasNetAdmin(): boolean {
  return hasCapability('CAP_NET_ADMIN');
}

let cached: LiveSupport | undefined;

/**
 * Can this process create namespaces and veths and open raw sockets? Cached: capabilities and
 * installed tools do not change while tests run.
 */
export function liveSupport(): LiveSupport {
  if (cached) return cached;
  cached = probe();
  return cached;
}

function probe(): LiveSupport {
  if (process.platform !== 'linux') {
    return { ok: false, reason: `network namespaces need Linux (this is ${process.platform})` };
  }
  const missing = (Object.keys(CAPS) as LiveCapability[]).filter((c) => !hasCapability(c));
  if (missing.length > 0) {
    return {
      ok: false,
      reason: `needs ${missing.join(', ')} to create network namespaces, veths and raw sockets; run the tests as root (e.g. sudo -E pnpm test)`,
    };
  }
  if (!commandExists('ip', ['-V']))
    return { ok: false, reason: 'needs the `ip` command (apt-get install iproute2)' };
  const python = pythonPath();
  if (!commandExists(python, ['-c', 'import socket; socket.AF_PACKET'])) {
    return { ok: false, reason: `needs ${python} with AF_PACKET support (apt-get install python3)` };
  }
  return { ok: true };
}

export type LiveDecision =
  | { kind: 'run' }
  | { kind: 'skip'; reason: string }
  | { kind: 'fail'; reason: string };

/** True when the environment says we run under CI (CI=true, CI=1…; not CI=false or CI=0). */
export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CI?.trim().toLowerCase();
  return v !== undefined && v !== '' && v !== '0' && v !== 'false';
}

/** The rule every package follows: run when possible; otherwise skip locally, fail under CI. */
export function decideLive(support: LiveSupport, ci: boolean): LiveDecision {
  if (support.ok) return { kind: 'run' };
  if (ci) {
    return {
      kind: 'fail',
      reason: `live test cannot run under CI (CI=true forbids skipping): ${support.reason}`,
    };
  }
  return { kind: 'skip', reason: support.reason };
}

export class LiveUnavailableError extends Error {
  constructor(purpose: string, reason: string) {
    super(`${purpose}: ${reason}`);
    this.name = 'LiveUnavailableError';
  }
}

/** Throws a clear error when live networking is unavailable (for scripts outside vitest). */
export function requireLive(purpose: string): void {
  const support = liveSupport();
  if (!support.ok) throw new LiveUnavailableError(purpose, support.reason);
}
