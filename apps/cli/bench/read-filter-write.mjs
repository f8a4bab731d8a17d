#!/usr/bin/env node
// `pktkit read -r big.pcap 'tcp port 80' -w out.pcap` against `tcpdump -r big.pcap -w out.pcap 'tcp port 80'`,
// in the same run: medians of whole-process wall times (start-up included for both), and the two
// output files compared byte for byte.
//   pnpm bench            (1M IMIX packets, ~370 MB)
//   PKTKIT_BENCH_PACKETS=200000 pnpm bench
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchOutDir, ensureImixPcap, measureCommand, printComparison } from '@pktkit/bench';

const packets = Number(process.env.PKTKIT_BENCH_PACKETS ?? 1_000_000);
const runs = Number(process.env.PKTKIT_BENCH_RUNS ?? 5);
const big = ensureImixPcap({ packets });
const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');
const ours = join(benchOutDir(), 'cli-read-ours.pcap');
const peer = join(benchOutDir(), 'cli-read-tcpdump.pcap');
const filter = 'tcp port 80';

console.log(`read ${big} (${packets} packets), filter '${filter}', -w; ${runs} runs each`);
const a = measureCommand('pktkit read', process.execPath, [cli, 'read', '-r', big, '-w', ours, filter], {
  runs,
  units: packets,
});
const b = measureCommand('tcpdump -r', 'tcpdump', ['-r', big, '-w', peer, filter], { runs, units: packets });
const ratio = printComparison({ ours: a, peer: b, label: 'x tcpdump throughput', goal: 1.0 });
const same = Buffer.compare(readFileSync(ours), readFileSync(peer)) === 0;
console.log(`  output files identical: ${same ? 'yes' : 'NO'} (${readFileSync(ours).length} bytes)`);
if (!same) process.exitCode = 1;

export { ratio };
