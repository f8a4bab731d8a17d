/* Second oracle for files tshark cannot dissect (unknown link types): libpcap's own reader.
   For each file argument prints "FILE <path>", its link type, then per packet:
   seconds nanoseconds caplen len fnv1a64(bytes). One process for the whole corpus. */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>

static void dump(const char *path) {
  char errbuf[PCAP_ERRBUF_SIZE];
  printf("FILE %s\n", path);
  pcap_t *p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (!p) {
    printf("ERROR %s\n", errbuf);
    return;
  }
  printf("LINKTYPE %d\n", pcap_datalink(p));
  struct pcap_pkthdr *h;
  const u_char *d;
  int rc;
  while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (bpf_u_int32 i = 0; i < h->caplen; i++) hash = (hash ^ d[i]) * 0x100000001b3ULL;
    printf("%lld %ld %u %u %016llx\n", (long long)h->ts.tv_sec, (long)h->ts.tv_usec, h->caplen, h->len,
           (unsigned long long)hash);
  }
  if (rc == -1) printf("ERROR %s\n", pcap_geterr(p));
  pcap_close(p);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) dump(argv[i]);
  return 0;
}
