// Removing a net, synchronously: the same code serves the normal path and the exit/signal
// handlers, where no promise would ever settle.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { NetNames } from './names.js';
import { runSync } from './run.js';

/** Kills every process still inside the namespace (only ours can be there), then deletes it. */
export function deleteNamespaceSync(namespace: string): string[] {
  const errors: string[] = [];
  if (!existsSync(`/run/netns/${namespace}`)) return errors;
  const pids = runSync('ip', ['netns', 'pids', namespace]);
  for (const pid of pids.stdout.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const del = runSync('ip', ['netns', 'del', namespace]);
  if (!del.ok && existsSync(`/run/netns/${namespace}`))
    errors.push(`ip netns del ${namespace}: ${del.stderr.trim()}`);
  return errors;
}

/** Deleting one veth end deletes its peer at once; deleting only the namespace would be async. */
export function deleteLinkSync(name: string): string[] {
  if (!existsSync(`/sys/class/net/${name}`)) return [];
  const del = runSync('ip', ['link', 'del', name]);
  if (!del.ok && existsSync(`/sys/class/net/${name}`)) return [`ip link del ${name}: ${del.stderr.trim()}`];
  return [];
}

export function teardownSync(names: NetNames, children: Iterable<ChildProcess>): string[] {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  return [...deleteLinkSync(names.local), ...deleteNamespaceSync(names.namespace)];
}
