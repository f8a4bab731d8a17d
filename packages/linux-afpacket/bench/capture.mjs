// Live capture benchmark (issues 8 and 9): a C sender (sendmmsg) offers 64-byte frames into a
// veth from a test namespace; each capturer reads them on our end. Reported per capturer: CPU time
// per packet of the capturing process, packets seen, kernel drops. Same run, same link, medians.
//   node bench/capture.mjs   (root; PKTKIT_BENCH_PACKETS, PKTKIT_BENCH_RUNS)
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileC, median } from '@pktkit/bench';
import { createTestNet } from '@pktkit/netns';

const here = dirname(fileURLToPath(import.meta.url));
const PACKETS = Number(process.env.PKTKIT_BENCH_PACKETS ?? 500_000);
const RUNS = Number(process.env.PKTKIT_BENCH_RUNS ?? 3);
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

const sender = compileC('afpacket-bench-sender', readFileSync(join(here, 'sender.c'), 'utf8'));

function waitForLine(child, stream, pattern) {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk) => {
      text += chunk;
      if (pattern.test(text)) {
        child[stream].off('data', onData);
        resolve(text);
      }
    };
    child[stream].on('data', onData);
    child.once('exit', (code) => reject(new Error(`capturer exited ${code} before ready: ${text}`)));
  });
}

async function offer(net) {
  const r = await net.exec(sender, [net.peer.name, String(PACKETS), net.local.mac], { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`sender failed: ${r.stderr}`);
  const [sent, rate] = r.stdout.trim().split(' ').map(Number);
  return { sent, rate };
}

async function runNode(net, kind) {
  const child = spawn(process.execPath, [join(here, 'capture-child.mjs'), kind, net.local.name], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.setEncoding('utf8');
  await waitForLine(child, 'stdout', /ready/);
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  // Listen before offering: the child may finish while the sender is still reporting.
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const offered = await offer(net);
  await exited;
  const result = JSON.parse(out.trim().split('\n').pop());
  return { ...result, offeredRate: offered.rate };
}

async function runTcpdump(net) {
  const child = spawn('tcpdump', ['-i', net.local.name, '-n', '-w', '/dev/null'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.setEncoding('utf8');
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  await waitForLine(child, 'stderr', /listening on/);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stat = () => readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const before = stat();
  const offered = await offer(net);
  await new Promise((r) => setTimeout(r, 500));
  const after = stat();
  // utime and stime are fields 14 and 15 of /proc/pid/stat (11 and 12 after the comm field).
  const ticks = Number(after[11]) + Number(after[12]) - Number(before[11]) - Number(before[12]);
  child.kill('SIGINT');
  await exited;
  const captured = Number(/(\d+) packets? captured/.exec(err)?.[1] ?? Number.NaN);
  const dropped = Number(/(\d+) packets? dropped by kernel/.exec(err)?.[1] ?? Number.NaN);
  return {
    cpuNs: (ticks * 1e9) / CLK_TCK,
    seen: captured,
    received: captured,
    dropped,
    offeredRate: offered.rate,
  };
}

const capturers = [
  ['pktkit linux-afpacket (TPACKET_V3 ring, JS touches every packet)', (net) => runNode(net, 'afpacket')],
  ['pktkit npcap backend (system libpcap)', (net) => runNode(net, 'npcap')],
  ['tcpdump -w /dev/null', runTcpdump],
];

const net = await createTestNet();
try {
  console.log(`live capture benchmark: ${PACKETS} frames of 64 bytes per run, ${RUNS} runs, medians`);
  const rows = [];
  for (const [name, run] of capturers) {
    const results = [];
    for (let i = 0; i < RUNS; i++) results.push(await run(net));
    const perPacket = median(results.map((r) => r.cpuNs / Math.max(1, r.seen)));
    const row = {
      name,
      cpuNsPerPacket: perPacket,
      seen: median(results.map((r) => r.seen)),
      dropped: median(results.map((r) => r.dropped)),
      offeredRate: median(results.map((r) => r.offeredRate)),
    };
    rows.push(row);
    console.log(
      `  ${name}: ${perPacket.toFixed(0)} ns CPU/packet, seen ${row.seen}/${PACKETS}, dropped ${row.dropped}, offered ${(row.offeredRate / 1000).toFixed(0)}k packets/s`,
    );
  }
  const tcpdump = rows.at(-1);
  for (const row of rows.slice(0, -1)) {
    console.log(
      `  ${row.name}: ${(row.cpuNsPerPacket / tcpdump.cpuNsPerPacket).toFixed(2)}x tcpdump's CPU per packet`,
    );
  }
} finally {
  await net.destroy();
}
