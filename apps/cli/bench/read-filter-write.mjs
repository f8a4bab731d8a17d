#!/usr/bin/env node
// `pktkit read -r big.pcap 'tcp port 80' -w out.pcap` against `tcpdump -r big.pcap -w out.pcap 'tcp port 80'`,
// in the same run. Runs alternate (pktkit, tcpdump, pktkit, …) so load changes on a shared machine
// hit both alike; we report medians of whole-process wall time (start-up included for both) and of
// CPU time (user + system, from /usr/bin/time), and compare the two output files byte for byte.
//   pnpm bench                               (1M IMIX packets, ~370 MB)
//   PKTKIT_BENCH_PACKETS=200000 PKTKIT_BENCH_RUNS=3 pnpm bench
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchOutDir, ensureImixPcap, printComparison } from '@pktkit/bench';

const packets = Number(process.env.PKTKIT_BENCH_PACKETS ?? 1_000_000);
const runs = Number(process.env.PKTKIT_BENCH_RUNS ?? 7);
const big = ensureImixPcap({ packets });
const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');
const ours = join(benchOutDir(), 'cli-read-ours.pcap');
const peer = join(benchOutDir(), 'cli-read-tcpdump.pcap');
const filter = 'tcp port 80';

/** One timed run: wall ns and CPU ns (user + sys of the child, as /usr/bin/time reports them). */
function once(command, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', command, ...args], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  if (!m) throw new Error(`no CPU line from /usr/bin/time: ${r.stderr}`);
  return { wall, cpu: (Number(m[1]) + Number(m[2])) * 1e9 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const measurement = (name, samplesNs) => ({ name, samplesNs, medianNs: median(samplesNs), units: packets });

const pktkitArgs = [cli, 'read', '-r', big, '-w', ours, filter];
const tcpdumpArgs = ['-r', big, '-w', peer, filter];
once(process.execPath, pktkitArgs); // warm-up: page cache, both binaries
once('tcpdump', tcpdumpArgs);
const a = { wall: [], cpu: [] };
const b = { wall: [], cpu: [] };
for (let i = 0; i < runs; i++) {
  const x = once(process.execPath, pktkitArgs);
  const y = once('tcpdump', tcpdumpArgs);
  a.wall.push(x.wall);
  a.cpu.push(x.cpu);
  b.wall.push(y.wall);
  b.cpu.push(y.cpu);
}

console.log(`read ${big} (${packets} packets), filter '${filter}', -w; ${runs} alternating runs each`);
console.log('wall time (whole process):');
const wallRatio = printComparison({
  ours: measurement('pktkit read', a.wall),
  peer: measurement('tcpdump -r', b.wall),
  label: 'x tcpdump throughput',
  goal: 1.0,
});
console.log('CPU time (user + system):');
printComparison({
  ours: measurement('pktkit read (CPU)', a.cpu),
  peer: measurement('tcpdump -r (CPU)', b.cpu),
  label: 'x tcpdump throughput per CPU second',
});
const same = Buffer.compare(readFileSync(ours), readFileSync(peer)) === 0;
console.log(`output files identical: ${same ? 'yes' : 'NO'} (${readFileSync(ours).length} bytes)`);
if (!same) process.exitCode = 1;

export { wallRatio };
