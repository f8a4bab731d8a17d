/* Test oracle: libpcap's own compiler and interpreter. Reads commands on stdin:
 *   C <dlt-name> <snaplen> <optimize> <netmask-u32> <expression...>   -> "OK n c jt jf k ..." | "ERR msg"
 *   G <nprogs> <npkts>, then nprogs lines "n c jt jf k ...", then npkts lines "caplen wirelen hex"
 *       -> nprogs lines of space-separated bpf_filter results
 *   T <dlt-name> <reps> <n>, then n expression lines -> "TIME <ns per compile>"
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char line[1 << 20];

static int hexval(int c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

int main(void) {
  setvbuf(stdout, NULL, _IOFBF, 1 << 20);
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = 0;
    if (line[0] == 'C') {
      char dlt[64]; int snaplen, opt; unsigned netmask; int n = 0;
      if (sscanf(line, "C %63s %d %d %u %n", dlt, &snaplen, &opt, &netmask, &n) < 4) { printf("ERR bad\n"); continue; }
      int v = pcap_datalink_name_to_val(dlt);
      if (v < 0) { printf("ERR unknown dlt\n"); fflush(stdout); continue; }
      pcap_t *p = pcap_open_dead(v, snaplen);
      struct bpf_program prog;
      if (pcap_compile(p, &prog, line + n, opt, netmask) < 0) {
        printf("ERR %s\n", pcap_geterr(p));
      } else {
        printf("OK %u", prog.bf_len);
        for (unsigned i = 0; i < prog.bf_len; i++)
          printf(" %u %u %u %u", prog.bf_insns[i].code, prog.bf_insns[i].jt, prog.bf_insns[i].jf, prog.bf_insns[i].k);
        printf("\n");
        pcap_freecode(&prog);
      }
      pcap_close(p);
      fflush(stdout);
    } else if (line[0] == 'G') {
      int np, nk;
      sscanf(line, "G %d %d", &np, &nk);
      struct bpf_insn **progs = calloc(np, sizeof *progs);
      for (int i = 0; i < np; i++) {
        if (!fgets(line, sizeof line, stdin)) return 1;
        char *s = line; int len = (int)strtol(s, &s, 10);
        progs[i] = calloc(len + 1, sizeof(struct bpf_insn));
        for (int j = 0; j < len; j++) {
          progs[i][j].code = (unsigned short)strtoul(s, &s, 10);
          progs[i][j].jt = (unsigned char)strtoul(s, &s, 10);
          progs[i][j].jf = (unsigned char)strtoul(s, &s, 10);
          progs[i][j].k = (unsigned)strtoul(s, &s, 10);
        }
      }
      unsigned char **pk = calloc(nk, sizeof *pk); unsigned *cap = calloc(nk, 4), *wire = calloc(nk, 4);
      for (int i = 0; i < nk; i++) {
        if (!fgets(line, sizeof line, stdin)) return 1;
        char *s = line; cap[i] = strtoul(s, &s, 10); wire[i] = strtoul(s, &s, 10);
        while (*s == ' ') s++;
        pk[i] = malloc(cap[i] + 1);
        for (unsigned j = 0; j < cap[i]; j++) pk[i][j] = (unsigned char)(hexval(s[2 * j]) * 16 + hexval(s[2 * j + 1]));
      }
      for (int i = 0; i < np; i++) {
        for (int j = 0; j < nk; j++) printf(j ? " %u" : "%u", bpf_filter(progs[i], pk[j], wire[j], cap[j]));
        printf("\n");
        free(progs[i]);
      }
      for (int i = 0; i < nk; i++) free(pk[i]);
      free(pk); free(cap); free(wire); free(progs);
      fflush(stdout);
    } else if (line[0] == 'T') {
      char dlt[64]; int reps, n;
      sscanf(line, "T %63s %d %d", dlt, &reps, &n);
      char **ex = calloc(n, sizeof *ex);
      for (int i = 0; i < n; i++) {
        if (!fgets(line, sizeof line, stdin)) return 1;
        line[strcspn(line, "\n")] = 0;
        ex[i] = strdup(line);
      }
      pcap_t *p = pcap_open_dead(pcap_datalink_name_to_val(dlt), 262144);
      struct timespec a, b;
      clock_gettime(CLOCK_MONOTONIC, &a);
      for (int r = 0; r < reps; r++)
        for (int i = 0; i < n; i++) {
          struct bpf_program prog;
          if (pcap_compile(p, &prog, ex[i], 1, PCAP_NETMASK_UNKNOWN) == 0) pcap_freecode(&prog);
        }
      clock_gettime(CLOCK_MONOTONIC, &b);
      double ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
      printf("TIME %.1f\n", ns / ((double)reps * n));
      for (int i = 0; i < n; i++) free(ex[i]);
      free(ex);
      pcap_close(p);
      fflush(stdout);
    }
  }
  return 0;
}
