/* Test oracle: libpcap's own bpf_filter and bpf_image, driven over stdin.
 *   image:  reads "code jt jf k" lines, prints bpf_image(insn, i) for each; a line "R" restarts i at 0.
 *   filter: reads "P n" then n lines "code jt jf k" (a program), then any number of
 *           "K wirelen caplen hexbytes" packets; prints bpf_filter's result per packet.
 *   compile <dlt> <snaplen> <optimize> <expr>: prints pcap_compile's program as "code jt jf k" lines.
 *   fileinfo <savefile>: prints the file's DLT name and snap length.
 *   compilefile <savefile> <netmask|-> <expr>: the same for a capture file's link type and snap length.
 */
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char pkt[1 << 18];

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "image") == 0) {
    char line[256];
    int i = 0;
    while (fgets(line, sizeof line, stdin)) {
      unsigned code, jt, jf, k;
      if (line[0] == 'R') { /* next program: numbering restarts */
        i = 0;
        continue;
      }
      if (sscanf(line, "%u %u %u %u", &code, &jt, &jf, &k) != 4) continue;
      struct bpf_insn in = {(unsigned short)code, (unsigned char)jt, (unsigned char)jf, k};
      printf("%s\n", bpf_image(&in, i++));
    }
    return 0;
  }
  if (argc >= 6 && strcmp(argv[1], "compile") == 0) {
    pcap_t *p = pcap_open_dead(pcap_datalink_name_to_val(argv[2]), atoi(argv[3]));
    struct bpf_program prog;
    if (p == NULL || pcap_compile(p, &prog, argv[5], atoi(argv[4]), PCAP_NETMASK_UNKNOWN) != 0) {
      fprintf(stderr, "%s\n", p ? pcap_geterr(p) : "bad dlt");
      return 2;
    }
    for (unsigned i = 0; i < prog.bf_len; i++)
      printf("%u %u %u %u\n", prog.bf_insns[i].code, prog.bf_insns[i].jt, prog.bf_insns[i].jf, prog.bf_insns[i].k);
    return 0;
  }
  if (argc >= 5 && strcmp(argv[1], "compilefile") == 0) {
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline(argv[2], err);
    struct bpf_program prog;
    bpf_u_int32 mask = PCAP_NETMASK_UNKNOWN;
    if (strcmp(argv[3], "-") != 0) mask = inet_addr(argv[3]);
    if (p == NULL) {
      fprintf(stderr, "%s\n", err);
      return 2;
    }
    if (pcap_compile(p, &prog, argv[4], 1, mask) != 0) {
      fprintf(stderr, "%s\n", pcap_geterr(p));
      return 2;
    }
    for (unsigned i = 0; i < prog.bf_len; i++)
      printf("%u %u %u %u\n", prog.bf_insns[i].code, prog.bf_insns[i].jt, prog.bf_insns[i].jf, prog.bf_insns[i].k);
    return 0;
  }
  if (argc >= 3 && strcmp(argv[1], "fileinfo") == 0) {
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline(argv[2], err);
    if (p == NULL) {
      fprintf(stderr, "%s\n", err);
      return 2;
    }
    printf("%s %d\n", pcap_datalink_val_to_name(pcap_datalink(p)), pcap_snapshot(p));
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "filter") == 0) {
    static struct bpf_insn insns[4096];
    int n = 0;
    char tag[4];
    char *hex = malloc(1 << 19);
    while (scanf("%3s", tag) == 1) {
      if (tag[0] == 'P') {
        if (scanf("%d", &n) != 1) return 3;
        for (int i = 0; i < n; i++) {
          unsigned code, jt, jf, k;
          if (scanf("%u %u %u %u", &code, &jt, &jf, &k) != 4) return 3;
          insns[i].code = code; insns[i].jt = jt; insns[i].jf = jf; insns[i].k = k;
        }
      } else {
        unsigned wire, cap;
        if (scanf("%u %u %524287s", &wire, &cap, hex) != 3) return 3;
        for (unsigned i = 0; i < cap; i++) pkt[i] = hexval(hex[2 * i]) * 16 + hexval(hex[2 * i + 1]);
        printf("%u\n", bpf_filter(insns, pkt, wire, cap));
      }
    }
    return 0;
  }
  fprintf(stderr, "usage: image | filter | compile <dlt> <snaplen> <optimize> <expr>\n");
  return 1;
}
