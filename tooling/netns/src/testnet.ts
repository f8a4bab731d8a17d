// Creating a test net: one namespace (the "test host") joined to this process's namespace by a
// veth pair, addressed from private ranges only, quiet (no IPv6 chatter), and always removed.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { type FrameCapture, startCapture } from './capture.js';
import { macBytes, toHex } from './hex.js';
import { type NetNames, netNames } from './names.js';
import { requireLive } from './privileges.js';
import { CAPTURE_SCRIPT, SEND_SCRIPT } from './python.js';
import { type LiveNet, register, unregister } from './registry.js';
import { type ExecResult, pythonPath, run, runChecked } from './run.js';
import { sweepStale } from './sweep.js';
import { deleteLinkSync, teardownSync } from './teardown.js';

export interface TestNetOptions {
  /**
   * Give both ends IPv6 addresses (fd70:6b74:6b69::/48) with DAD, router solicitations and
   * link-local addresses off. Default false: IPv6 is disabled on both ends, so tests see only
   * their own frames. With it on, expect MLD reports when addresses are added.
   */
  ipv6?: boolean;
  /** MTU of both ends (default: the kernel's, 1500). */
  mtu?: number;
}

/** Which veth end: `local` lives in this process's namespace, `peer` in the test namespace. */
export type Side = 'local' | 'peer';

export interface VethEnd {
  name: string;
  /** Namespace holding this end; null for this process's own namespace. */
  namespace: string | null;
  ifindex: number;
  /** `aa:bb:cc:dd:ee:ff` */
  mac: string;
  macBytes: Uint8Array;
  /** IPv4 address (the pair shares a /30). */
  ipv4: string;
  /** IPv6 address (the pair shares a /64), or null when IPv6 is off. */
  ipv6: string | null;
}

export interface TestNet {
  /** The test namespace, `pktkit-<pid>-<n>`. */
  namespace: string;
  local: VethEnd;
  peer: VethEnd;
  /** Sends each frame unchanged (an exact Ethernet frame) from one end, peer by default. */
  sendFrames(frames: readonly Uint8Array[], options?: { from?: Side }): Promise<void>;
  /** Starts receiving on one end (peer by default); resolves once the receiver is bound. */
  capture(options?: { on?: Side; includeOutgoing?: boolean }): Promise<FrameCapture>;
  /** Runs a command inside the test namespace to completion. */
  exec(
    file: string,
    args: readonly string[],
    options?: { input?: string; timeoutMs?: number },
  ): Promise<ExecResult>;
  /** Starts a long-running command inside the test namespace; it is killed at teardown. */
  spawn(file: string, args: readonly string[]): ChildProcess;
  /** Deletes the veth pair now (to test a device vanishing); teardown tolerates it. */
  deleteLink(): void;
  /** Tears everything down; idempotent. withTestNet calls it for you. */
  destroy(): Promise<void>;
}

let counter = 0;
const V4_BASE = '10.213';
const BLOCKS = 16384; // /30 blocks in 10.213.0.0/16

/** Picks a /30 no address in this namespace already uses, starting from a pid-derived block. */
async function pickBlock(pid: number, n: number): Promise<number> {
  const out = await runChecked('ip', ['-4', '-o', 'addr', 'show']);
  const used = new Set<number>();
  for (const m of out.matchAll(/inet 10\.213\.(\d+)\.(\d+)\//g))
    used.add(Number(m[1]) * 64 + (Number(m[2]) >> 2));
  const start = (pid * 97 + n) % BLOCKS;
  for (let i = 0; i < BLOCKS; i++) {
    const b = (start + i) % BLOCKS;
    if (!used.has(b)) return b;
  }
  throw new Error('no free /30 in 10.213.0.0/16');
}

function v4(block: number, host: 1 | 2): string {
  return `${V4_BASE}.${block >> 6}.${((block & 63) << 2) + host}`;
}

function v6(block: number, host: 1 | 2): string {
  return `fd70:6b74:6b69:${block.toString(16)}::${host}`;
}

interface LinkInfo {
  ifindex: number;
  address: string;
  operstate: string;
}

async function linkInfo(name: string, namespace: string | null): Promise<LinkInfo> {
  const ns = namespace ? ['-n', namespace] : [];
  const out = await runChecked('ip', [...ns, '-j', 'link', 'show', 'dev', name]);
  const [info] = JSON.parse(out) as LinkInfo[];
  if (!info) throw new Error(`ip shows no link ${name}`);
  return info;
}

/** Both ends report carrier only after both are up; frames sent before that are dropped. */
async function waitUp(names: NetNames): Promise<[LinkInfo, LinkInfo]> {
  for (let i = 0; ; i++) {
    const local = await linkInfo(names.local, null);
    const peer = await linkInfo(names.peer, names.namespace);
    if (local.operstate === 'UP' && peer.operstate === 'UP') return [local, peer];
    if (i >= 100)
      throw new Error(`veth ${names.local} did not come up (${local.operstate}/${peer.operstate})`);
    await sleep(20);
  }
}

function setLocalSysctl(ifname: string, key: string, value: string): void {
  writeFileSync(`/proc/sys/net/ipv6/conf/${ifname}/${key}`, value);
}

export async function createTestNet(options: TestNetOptions = {}): Promise<TestNet> {
  requireLive('@pktkit/netns');
  sweepStale({ minAgeMs: 30_000 });
  const n = counter++;
  const names = netNames(process.pid, n);
  const state: LiveNet = { names, children: new Set() };
  // Registered before anything exists, so an interrupt during setup still cleans up.
  register(state);
  try {
    return await build(names, state, options, n);
  } catch (e) {
    unregister(state);
    teardownSync(names, state.children);
    throw e;
  }
}

async function build(names: NetNames, state: LiveNet, options: TestNetOptions, n: number): Promise<TestNet> {
  const { namespace: ns, local, peer } = names;
  const ipv6 = options.ipv6 ?? false;
  const inNs = (file: string, args: readonly string[]): string[] => ['netns', 'exec', ns, file, ...args];

  await runChecked('ip', ['netns', 'add', ns]);
  // Defaults first, so the peer end inherits them when it is created inside the namespace.
  const v6conf = ipv6
    ? ['accept_dad=0', 'accept_ra=0', 'router_solicitations=0', 'addr_gen_mode=1']
    : ['disable_ipv6=1'];
  await runChecked(
    'ip',
    inNs('sysctl', [
      '-q',
      '-w',
      ...v6conf.flatMap((kv) => [`net.ipv6.conf.all.${kv}`, `net.ipv6.conf.default.${kv}`]),
    ]),
  );
  await runChecked('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  await runChecked('ip', ['link', 'add', local, 'type', 'veth', 'peer', 'name', peer, 'netns', ns]);
  if (existsSync(`/proc/sys/net/ipv6/conf/${local}`)) {
    for (const kv of v6conf) {
      const [key, value] = kv.split('=') as [string, string];
      setLocalSysctl(local, key, value);
    }
  }
  if (options.mtu !== undefined) {
    await runChecked('ip', ['link', 'set', local, 'mtu', String(options.mtu)]);
    await runChecked('ip', ['-n', ns, 'link', 'set', peer, 'mtu', String(options.mtu)]);
  }
  const block = await pickBlock(process.pid, n);
  await runChecked('ip', ['addr', 'add', `${v4(block, 1)}/30`, 'dev', local]);
  await runChecked('ip', ['-n', ns, 'addr', 'add', `${v4(block, 2)}/30`, 'dev', peer]);
  if (ipv6) {
    await runChecked('ip', ['addr', 'add', `${v6(block, 1)}/64`, 'dev', local, 'nodad']);
    await runChecked('ip', ['-n', ns, 'addr', 'add', `${v6(block, 2)}/64`, 'dev', peer, 'nodad']);
  }
  await runChecked('ip', ['link', 'set', local, 'up']);
  await runChecked('ip', ['-n', ns, 'link', 'set', peer, 'up']);
  const [localInfo, peerInfo] = await waitUp(names);

  const end = (name: string, namespace: string | null, info: LinkInfo, host: 1 | 2): VethEnd => ({
    name,
    namespace,
    ifindex: info.ifindex,
    mac: info.address,
    macBytes: macBytes(info.address),
    ipv4: v4(block, host),
    ipv6: ipv6 ? v6(block, host) : null,
  });

  const track = (child: ChildProcess): ChildProcess => {
    // A failed spawn shows as the exit code the caller sees; never as an unhandled 'error' crash.
    child.on('error', () => {});
    state.children.add(child);
    child.once('close', () => state.children.delete(child));
    return child;
  };
  const python = pythonPath();
  // The command line that runs `file args` on one side.
  const onSide = (side: Side, file: string, args: readonly string[]): [string, string[]] =>
    side === 'peer' ? ['ip', inNs(file, args)] : [file, [...args]];
  const ifOf = (side: Side): string => (side === 'peer' ? peer : local);

  let destroyed = false;
  const net: TestNet = {
    namespace: ns,
    local: end(local, null, localInfo, 1),
    peer: end(peer, ns, peerInfo, 2),

    async sendFrames(frames, opts = {}) {
      const side = opts.from ?? 'peer';
      const [file, args] = onSide(side, python, ['-c', SEND_SCRIPT, ifOf(side)]);
      const input = frames.map((f) => `${toHex(f)}\n`).join('');
      const r = await run(file, args, { input });
      if (r.code !== 0 || r.stdout.trim() !== String(frames.length)) {
        throw new Error(`sendFrames from ${side} failed (${r.code ?? r.signal}): ${r.stderr.trim()}`);
      }
    },

    capture(opts = {}) {
      const side = opts.on ?? 'peer';
      const [file, args] = onSide(side, python, ['-u', '-c', CAPTURE_SCRIPT, ifOf(side)]);
      const child = track(spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] }));
      return startCapture(child, opts.includeOutgoing ?? false, `capture on ${ifOf(side)}`);
    },

    exec(file, args, opts = {}) {
      return run('ip', inNs(file, args), opts);
    },

    spawn(file, args) {
      return track(spawn('ip', inNs(file, args), { stdio: ['ignore', 'pipe', 'pipe'] }));
    },

    deleteLink() {
      const errors = deleteLinkSync(local);
      if (errors.length > 0) throw new Error(errors.join('; '));
    },

    async destroy() {
      if (destroyed) return;
      destroyed = true;
      unregister(state);
      const errors = teardownSync(names, state.children);
      if (errors.length > 0) throw new Error(`@pktkit/netns teardown: ${errors.join('; ')}`);
    },
  };
  return net;
}

/**
 * Creates a test net, runs `fn` with it and always tears it down: after success, after a throw,
 * and (through exit/signal handlers) when the process is interrupted. Returns what `fn` returns.
 */
export async function withTestNet<T>(
  options: TestNetOptions,
  fn: (net: TestNet) => Promise<T> | T,
): Promise<T> {
  const net = await createTestNet(options);
  let result: T;
  try {
    result = await fn(net);
  } catch (e) {
    await net.destroy().catch(() => {}); // the test's own error matters more than teardown's
    throw e;
  }
  await net.destroy();
  return result;
}
