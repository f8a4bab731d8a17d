// Removing what killed processes (SIGKILL, crashes) left behind: harness namespaces and root-side
// veth ends whose creator pid no longer exists.
import { readdirSync, statSync } from 'node:fs';
import { ownerOfLink, pidOfNamespace } from './names.js';
import { runSync } from './run.js';
import { deleteLinkSync, deleteNamespaceSync } from './teardown.js';

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, we just may not signal it.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** A name match alone is not enough to delete a link: it must also be a veth. */
function isVeth(link: string): boolean {
  const r = runSync('ip', ['-d', '-j', 'link', 'show', 'dev', link]);
  if (!r.ok) return false;
  const [info] = JSON.parse(r.stdout) as { linkinfo?: { info_kind?: string } }[];
  return info?.linkinfo?.info_kind === 'veth';
}

/** Milliseconds since the namespace was created (its nsfs inode's mtime), or Infinity if unknown. */
function namespaceAge(ns: string): number {
  try {
    return Date.now() - statSync(`/run/netns/${ns}`).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export interface SweepOptions {
  /**
   * Leave leftovers whose namespace is younger than this (default 0: sweep all). createTestNet
   * sweeps with 30 s, so a test inspecting a net it just had killed is not raced by other
   * processes starting nets at the same moment; older leftovers go at the next net.
   */
  minAgeMs?: number;
}

export interface SweepResult {
  namespaces: string[];
  links: string[];
  errors: string[];
}

/** Deletes harness leftovers of dead processes; never touches live processes' nets or other names. */
export function sweepStale(options: SweepOptions = {}): SweepResult {
  const minAge = options.minAgeMs ?? 0;
  const result: SweepResult = { namespaces: [], links: [], errors: [] };
  const stale = (pid: number | undefined, ns: string): boolean =>
    pid !== undefined && pid !== process.pid && !processAlive(pid) && namespaceAge(ns) >= minAge;
  for (const link of list('/sys/class/net')) {
    const owner = ownerOfLink(link);
    if (!owner || !stale(owner.pid, owner.namespace) || !isVeth(link)) continue;
    const errors = deleteLinkSync(link);
    result.errors.push(...errors);
    if (errors.length === 0) result.links.push(link);
  }
  for (const ns of list('/run/netns')) {
    if (!stale(pidOfNamespace(ns), ns)) continue;
    const errors = deleteNamespaceSync(ns);
    result.errors.push(...errors);
    if (errors.length === 0) result.namespaces.push(ns);
  }
  return result;
}
