// Nets alive in this process, torn down on exit and on SIGINT/SIGTERM/SIGHUP even when the
// test's own finally never runs.
import type { ChildProcess } from 'node:child_process';
import type { NetNames } from './names.js';
import { teardownSync } from './teardown.js';

export interface LiveNet {
  names: NetNames;
  children: Set<ChildProcess>;
}

const live = new Map<string, LiveNet>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

export function register(net: LiveNet): void {
  live.set(net.names.namespace, net);
  install();
}

export function unregister(net: LiveNet): void {
  live.delete(net.names.namespace);
}

export function liveCount(): number {
  return live.size;
}

/** Tears down everything still registered; errors are collected, never thrown. */
export function teardownAllSync(): string[] {
  const errors: string[] = [];
  for (const net of live.values()) errors.push(...teardownSync(net.names, net.children));
  live.clear();
  return errors;
}

function onExit(): void {
  teardownAllSync();
}

function onSignal(signal: NodeJS.Signals): void {
  teardownAllSync();
  // Alone on this signal we replaced Node's default (die); restore it and die with the same signal.
  // With other listeners (a test runner), what happens next is theirs to decide.
  if (process.listenerCount(signal) === 1) {
    uninstall();
    process.kill(process.pid, signal);
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', onExit);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  installed = false;
  process.removeListener('exit', onExit);
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}
