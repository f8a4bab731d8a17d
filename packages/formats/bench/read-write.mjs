// @pktkit/formats benchmark (see BENCHMARKS.md): ≥300 MB IMIX capture read from disk as pcap and as
// pcapng, every record's bytes touched, against libpcap's pcap_next_ex loop in C and npm pcap-parser;
// writing against libpcap's pcap_dump. Medians of several runs, ratios printed, for wall-clock time
// and for CPU time (the shared machine is often overloaded, which distorts wall-clock time).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  benchOutDir,
  compileC,
  ensureImixPcap,
  imixPacketsForBytes,
  median,
  printComparison,
} from '@pktkit/bench';
import pcapParser from 'pcap-parser';
import { PcapWriter } from '../dist/index.js';
import { FileSink, openCapture } from '../dist/node.js';
import { DUMP_LOOP_C, READ_LOOP_C } from './peers.mjs';

const targetBytes = Number(process.env.PKTKIT_BENCH_BYTES ?? 300e6);
const runs = Number(process.env.PKTKIT_BENCH_RUNS ?? 5);
const packets = imixPacketsForBytes(targetBytes);
const pcapPath = ensureImixPcap({ packets });
const pcapngPath = pcapPath.replace(/\.pcap$/, '.pcapng');
if (!existsSync(pcapngPath)) {
  // The same packets as pcapng, converted by Wireshark's editcap (an outside writer).
  const r = spawnSync('editcap', ['-F', 'pcapng', pcapPath, pcapngPath], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`editcap failed: ${r.stderr}`);
}
const readLoop = compileC('formats-read-loop', READ_LOOP_C, ['pcap']);
const dumpLoop = compileC('formats-dump-loop', DUMP_LOOP_C, ['pcap']);
const mb = (path) => `${(statSync(path).size / 1e6).toFixed(0)} MB`;
console.log(
  `@pktkit/formats bench: ${packets} IMIX packets; pcap ${mb(pcapPath)}, pcapng ${mb(pcapngPath)}; ${runs} runs`,
);

/** Runs `fn` warmup + runs times; returns wall and CPU Measurements (ns per run). */
async function timeOurs(name, fn, n = runs) {
  await fn();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await fn();
    wall.push(Number(process.hrtime.bigint() - t0));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) * 1000);
  }
  return pair(name, wall, cpu);
}

/** Runs a C peer that prints "<wall ns> … <cpu ns>" (first and last numbers). */
function timeC(name, binary, args) {
  const once = () => {
    const r = spawnSync(binary, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${binary} failed: ${r.stderr}`);
    const words = r.stdout.trim().split(' ').map(Number);
    return [words[0], words[words.length - 1]];
  };
  once();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const [w, c] = once();
    wall.push(w);
    cpu.push(c);
  }
  return pair(name, wall, cpu);
}

function pair(name, wall, cpu) {
  return {
    wall: { name: `${name} [wall]`, samplesNs: wall, medianNs: median(wall), units: packets },
    cpu: { name: `${name} [cpu]`, samplesNs: cpu, medianNs: median(cpu), units: packets },
  };
}

const results = {};
function compare(key, ours, peer, label, goal) {
  results[`${key}.wall`] = printComparison({ ours: ours.wall, peer: peer.wall, label, goal });
  results[`${key}.cpu`] = printComparison({ ours: ours.cpu, peer: peer.cpu, label, goal });
}

function check(n, sum) {
  if (n !== packets) throw new Error(`read ${n} packets, expected ${packets}`);
  return sum;
}

/** Ours, fast path: batches of buffered records, readSync chunks; first and last byte touched. */
async function oursBatches(path) {
  let n = 0;
  let sum = 0;
  for await (const batch of openCapture(path, { syncReads: true }).batches()) {
    for (const r of batch) {
      const b = r.buffer;
      const o = r.dataOffset;
      sum += b[o] + b[o + r.dataLength - 1] + r.captureLength;
      n++;
    }
  }
  return check(n, sum);
}

/** Ours, plainest path: one await per record, threadpool reads, `record.data` view. */
async function oursPerRecord(path) {
  let n = 0;
  let sum = 0;
  for await (const r of openCapture(path)) {
    const d = r.data;
    sum += d[0] + d[d.length - 1] + r.captureLength;
    n++;
  }
  return check(n, sum);
}

function pcapParserRead(path) {
  return new Promise((resolve, reject) => {
    let n = 0;
    let sum = 0;
    const parser = pcapParser.parse(path);
    parser.on('packet', (p) => {
      sum += p.data[0] + p.data[p.data.length - 1] + p.header.capturedLength;
      n++;
    });
    parser.on('end', () => resolve(check(n, sum)));
    parser.on('error', reject);
  });
}

const sizes = [64, 64, 64, 64, 64, 64, 64, 576, 576, 576, 576, 1514];
function oursWrite(path) {
  const frame = Uint8Array.from({ length: 1514 }, (_, i) => (i * 7) & 0xff);
  const writer = new PcapWriter(new FileSink(path), { snaplen: 65535 });
  const packet = { data: frame, seconds: 0, nanoseconds: 0 };
  for (let i = 0; i < packets; i++) {
    frame[0] = i & 0xff;
    packet.data = frame.subarray(0, sizes[i % 12]);
    packet.seconds = 1_700_000_000 + Math.floor(i / 100_000);
    packet.nanoseconds = ((i * 7) % 1_000_000) * 1000;
    writer.writePacket(packet);
  }
  return writer.close();
}

console.log('\n1. read pcap from disk, every record touched — ours (batches) vs libpcap pcap_next_ex:');
const cPcap = timeC('libpcap pcap_next_ex (C), pcap', readLoop, [pcapPath]);
const oursPcap = await timeOurs('@pktkit/formats openCapture().batches(), pcap', () => oursBatches(pcapPath));
compare('pcapVsLibpcap', oursPcap, cPcap, 'x libpcap', 1);

console.log('\n2. read pcapng from disk, every record touched — ours (batches) vs libpcap:');
const cNg = timeC('libpcap pcap_next_ex (C), pcapng', readLoop, [pcapngPath]);
const oursNg = await timeOurs('@pktkit/formats openCapture().batches(), pcapng', () =>
  oursBatches(pcapngPath),
);
compare('pcapngVsLibpcap', oursNg, cNg, 'x libpcap', 1);

console.log('\n3. read pcap — ours (batches) vs npm pcap-parser:');
const parser = await timeOurs('pcap-parser 0.2.1', () => pcapParserRead(pcapPath), Math.min(runs, 3));
compare('pcapVsPcapParser', oursPcap, parser, 'x pcap-parser', 5);
console.log('\n   for reference, the plainest path (for-await per record, threadpool reads, record.data):');
const oursPlain = await timeOurs('@pktkit/formats for await (record of openCapture(path))', () =>
  oursPerRecord(pcapPath),
);
compare('plainVsPcapParser', oursPlain, parser, 'x pcap-parser');
compare('plainVsLibpcap', oursPlain, cPcap, 'x libpcap');

console.log('\n4. write pcap to disk — ours (PcapWriter + FileSink) vs libpcap pcap_dump:');
const outOurs = join(benchOutDir(), 'formats-write-ours.pcap');
const outC = join(benchOutDir(), 'formats-write-libpcap.pcap');
const cW = timeC('libpcap pcap_dump (C)', dumpLoop, [outC, String(packets)]);
const oursW = await timeOurs('@pktkit/formats PcapWriter + FileSink', () => oursWrite(outOurs));
compare('writeVsPcapDump', oursW, cW, 'x pcap_dump', 1);
console.log(
  `   output byte-identical to pcap_dump's: ${Buffer.compare(readFileSync(outOurs), readFileSync(outC)) === 0}`,
);

console.log(
  `\nratios: ${JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Number(v.toFixed(2))])))}`,
);
