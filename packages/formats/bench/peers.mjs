// C peers for the formats benchmark, built against libpcap-dev by @pktkit/bench's compileC.
// Each prints the nanoseconds of its own loop, so process start-up is not counted.

export const READ_LOOP_C = `
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdint.h>
#include <time.h>
static uint64_t now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000ull + t.tv_nsec; }
static uint64_t cpu(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec * 1000000000ull + t.tv_nsec; }
int main(int argc, char **argv) {
  uint64_t cpu0 = cpu();
  char err[PCAP_ERRBUF_SIZE];
  uint64_t start = now();
  pcap_t *p = pcap_open_offline_with_tstamp_precision(argv[1], PCAP_TSTAMP_PRECISION_NANO, err);
  if (!p) { fprintf(stderr, "%s\\n", err); return 1; }
  struct pcap_pkthdr *h; const u_char *d; uint64_t n = 0, sum = 0;
  while (pcap_next_ex(p, &h, &d) == 1) { n++; sum += d[0] + d[h->caplen - 1] + h->caplen; }
  pcap_close(p);
  uint64_t elapsed = now() - start;
  printf("%llu %llu %llu %llu\\n", (unsigned long long)elapsed, (unsigned long long)n, (unsigned long long)sum, (unsigned long long)(cpu() - cpu0));
  return 0;
}
`;

export const DUMP_LOOP_C = `
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
static uint64_t now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000ull + t.tv_nsec; }
static uint64_t cpu(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec * 1000000000ull + t.tv_nsec; }
int main(int argc, char **argv) {
  uint64_t cpu0 = cpu();
  long packets = atol(argv[2]);
  static const int sizes[12] = {64,64,64,64,64,64,64,576,576,576,576,1514};
  u_char frame[1514];
  for (int i = 0; i < 1514; i++) frame[i] = (u_char)(i * 7);
  uint64_t start = now();
  pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
  pcap_dumper_t *dumper = pcap_dump_open(p, argv[1]);
  if (!dumper) { fprintf(stderr, "%s\\n", pcap_geterr(p)); return 1; }
  struct pcap_pkthdr h;
  for (long i = 0; i < packets; i++) {
    h.ts.tv_sec = 1700000000 + i / 100000; h.ts.tv_usec = (i * 7) % 1000000;
    h.caplen = h.len = sizes[i % 12];
    frame[0] = (u_char)i;
    pcap_dump((u_char *)dumper, &h, frame);
  }
  pcap_dump_close(dumper);
  pcap_close(p);
  printf("%llu %llu\\n", (unsigned long long)(now() - start), (unsigned long long)(cpu() - cpu0));
  return 0;
}
`;
