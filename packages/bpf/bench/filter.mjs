// Filter throughput on the IMIX capture: our JIT and interpreter vs libpcap's bpf_filter in C, same run,
// same program (libpcap's own, from `tcpdump -ddd`), same loop (walk the pcap records in memory).
// Run: pnpm --filter @pktkit/bpf bench   (or `node bench/filter.mjs` after `pnpm build`)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  benchOutDir,
  compileC,
  ensureImixPcap,
  measure,
  measureCommand,
  printComparison,
} from '@pktkit/bench';
import { assemble, createBlockFilter } from '../dist/index.js';

const RUNS = Number(process.env.BPF_BENCH_RUNS ?? 7);
// A capture larger than the caches (memory-bound, like a real file) and one that stays in cache, walked
// several times per sample (CPU-bound: the filter's own cost dominates).
const SCENARIOS = [
  { packets: Number(process.env.BPF_BENCH_PACKETS ?? 300_000), passes: 1 },
  { packets: 20_000, passes: 15 },
];
const EXPRESSIONS = [
  'tcp port 80',
  '(tcp[tcpflags] & tcp-syn != 0) or (udp and port 53) or (ip6 and not icmp6)',
];

const C_PEER = String.raw`
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
/* usage: peer capture.pcap program.ddd passes — prints "<ns for the passes> <accepted per pass>" after a warm-up pass. */
static unsigned char *load(const char *path, long *size) {
  FILE *f = fopen(path, "rb");
  if (!f) exit(2);
  fseek(f, 0, SEEK_END);
  *size = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *buf = malloc(*size);
  if (fread(buf, 1, *size, f) != (size_t)*size) exit(2);
  fclose(f);
  return buf;
}
static unsigned pass(const struct bpf_insn *prog, const unsigned char *buf, long size) {
  unsigned accepted = 0;
  for (long off = 24; off + 16 <= size;) {
    unsigned cap, wire;
    memcpy(&cap, buf + off + 8, 4);
    memcpy(&wire, buf + off + 12, 4);
    if (bpf_filter(prog, buf + off + 16, wire, cap) != 0) accepted++;
    off += 16 + cap;
  }
  return accepted;
}
int main(int argc, char **argv) {
  long size;
  unsigned char *buf = load(argv[1], &size);
  FILE *pf = fopen(argv[2], "r");
  int n;
  if (!pf || fscanf(pf, "%d", &n) != 1) return 3;
  struct bpf_insn *prog = calloc(n, sizeof *prog);
  for (int i = 0; i < n; i++) {
    unsigned c, jt, jf, k;
    if (fscanf(pf, "%u %u %u %u", &c, &jt, &jf, &k) != 4) return 3;
    prog[i].code = c; prog[i].jt = jt; prog[i].jf = jf; prog[i].k = k;
  }
  int passes = atoi(argv[3]);
  unsigned accepted = pass(prog, buf, size);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 0; i < passes; i++) accepted = pass(prog, buf, size);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("%lld %u\n", (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec), accepted);
  return 0;
}
`;

const peer = compileC('bpf-filter-peer', C_PEER, ['pcap']);

/** Walks the pcap records like the C peer; returns how many packets the filter accepted. */
function pass(b, filter) {
  let accepted = 0;
  for (let off = 24; off + 16 <= b.length; ) {
    const cap = b[off + 8] | (b[off + 9] << 8) | (b[off + 10] << 16) | (b[off + 11] << 24);
    const wire = b[off + 12] | (b[off + 13] << 8) | (b[off + 14] << 16) | (b[off + 15] << 24);
    if (filter(b, off + 16, cap, wire) !== 0) accepted++;
    off += 16 + cap;
  }
  return accepted;
}

const programs = EXPRESSIONS.map((expr, n) => {
  const ddd = execFileSync('tcpdump', ['-ddd', '-y', 'EN10MB', expr], { encoding: 'utf8' });
  const file = join(benchOutDir(), `bpf-bench-${n}.ddd`);
  writeFileSync(file, ddd);
  return { expr, file, program: assemble(ddd, { syntax: 'decimal' }) };
});

for (const { packets, passes } of SCENARIOS) {
  const capture = ensureImixPcap({ packets });
  const bytes = readFileSync(capture);
  const units = packets * passes;
  console.log(
    `\n@pktkit/bpf filter benchmark: ${packets} IMIX packets (${(bytes.length / 1e6).toFixed(1)} MB) × ${passes} pass(es) per sample, ${RUNS} runs, medians`,
  );
  for (const { expr, file, program } of programs) {
    const jit = createBlockFilter(program, { jit: true });
    const interp = createBlockFilter(program, { jit: false });
    let peerAccepted = -1;
    const c = measureCommand('libpcap bpf_filter (C, -O2)', peer, [capture, file, String(passes)], {
      runs: RUNS,
      units,
      parse: (out) => {
        const [ns, acc] = out.trim().split(' ').map(Number);
        peerAccepted = acc;
        return ns;
      },
    });
    const jitAccepted = pass(bytes, jit);
    const interpAccepted = pass(bytes, interp);
    if (jitAccepted !== peerAccepted || interpAccepted !== peerAccepted) {
      throw new Error(
        `verdicts differ: libpcap ${peerAccepted}, jit ${jitAccepted}, interpreter ${interpAccepted}`,
      );
    }
    const repeat = (f) => () => {
      for (let i = 0; i < passes; i++) pass(bytes, f);
    };
    const j = measure('@pktkit/bpf JIT', repeat(jit), { runs: RUNS, warmup: 3, units });
    const i = measure('@pktkit/bpf interpreter', repeat(interp), { runs: RUNS, warmup: 3, units });
    console.log(
      `\n${expr}  (${program.length} instructions, ${peerAccepted} of ${packets} packets accepted)`,
    );
    printComparison({ ours: j, peer: c, label: 'x libpcap throughput', goal: 0.5 });
    printComparison({ ours: i, peer: c, label: 'x libpcap throughput', goal: 0.2 });
  }
}
