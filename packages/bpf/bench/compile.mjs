// Benchmark: compile 1000 varied pcap-filter expressions with compileFilter vs libpcap's
// pcap_compile (a C peer timing its own loop, so process start-up is excluded). Goal: our time
// ≤ 2x libpcap's, i.e. throughput ratio ≥ 0.5. Run: `pnpm build && node bench/compile.mjs`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchOutDir, compileC, measure, measureCommand, printComparison, SeededRandom } from '@pktkit/bench';
import { compileFilter } from '../dist/index.js';

const rnd = new SeededRandom(5);
const pick = (xs) => xs[rnd.below(xs.length)];
const int = (n) => rnd.below(n);
const ip = () => `${10 + int(200)}.${int(256)}.${int(256)}.${1 + int(254)}`;
const prims = [
  () => `host ${ip()}`,
  () => `src host ${ip()} or ${ip()}`,
  () => `dst net ${10 + int(200)}.${int(256)}.0.0/16`,
  () => `tcp port ${int(65536)}`,
  () => `udp dst port ${int(65536)} or ${int(65536)}`,
  () => `portrange ${int(1000)}-${1000 + int(1000)}`,
  () =>
    pick([
      'tcp',
      'udp',
      'icmp',
      'ip6',
      'arp',
      'icmp6',
      'vlan',
      'mpls',
      'pppoes',
      'llc',
      'ether broadcast',
      'multicast',
    ]),
  () => `ether host 00:11:22:${int(256).toString(16)}:${int(256).toString(16)}:${int(256).toString(16)}`,
  () => `tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn`,
  () => `ip[2:2] - ((ip[0] & 0xf) << 2) > ${int(1500)}`,
  () => `len > ${int(1500)}`,
  () => `ip6 net 2001:db8:${int(65536).toString(16)}::/48`,
  () => `vlan ${int(4096)} and ip`,
  () => `icmp[icmptype] == icmp-echo`,
];
function expr(depth) {
  if (depth === 0 || int(3) === 0) return pick(prims)();
  const a = expr(depth - 1);
  const b = expr(depth - 1);
  return pick([`${a} and ${b}`, `(${a}) or (${b})`, `not (${a}) and ${b}`, `${a} or ${b}`]);
}
const exprs = [];
while (exprs.length < 1000) {
  const e = expr(3);
  try {
    compileFilter(e, { linkType: 'EN10MB' });
    exprs.push(e);
  } catch {
    // keep only expressions both compilers take
  }
}
const file = join(benchOutDir(), 'filter-exprs.txt');
writeFileSync(file, `${exprs.join('\n')}\n`);

const peer = compileC(
  'pcap-compile-loop',
  `#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "r"); static char line[65536]; char *ex[2000]; int n = 0;
  while (n < 2000 && fgets(line, sizeof line, f)) { line[strcspn(line, "\\n")] = 0; ex[n++] = strdup(line); }
  pcap_t *p = pcap_open_dead(DLT_EN10MB, 262144);
  struct timespec a, b; clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 0; i < n; i++) { struct bpf_program prog; if (pcap_compile(p, &prog, ex[i], 1, PCAP_NETMASK_UNKNOWN) == 0) pcap_freecode(&prog); }
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("%.0f\\n", (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec));
  return 0;
}
`,
  ['pcap'],
);

console.log(`compile ${exprs.length} expressions (EN10MB, optimized)`);
const ours = measure(
  'compileFilter',
  () => {
    for (const e of exprs) compileFilter(e, { linkType: 'EN10MB' });
  },
  { units: exprs.length, runs: 7, warmup: 2 },
);
const theirs = measureCommand('libpcap pcap_compile', peer, [file], {
  units: exprs.length,
  runs: 7,
  parse: (out) => Number(out.trim()),
});
printComparison({ ours, peer: theirs, label: 'x libpcap throughput', goal: 0.5 });
