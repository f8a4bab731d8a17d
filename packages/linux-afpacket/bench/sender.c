// Offers N 64-byte frames into an interface as fast as sendmmsg allows, then a few sentinel
// frames (sequence 0xffffffff) that tell a capturer the burst is over. Prints the achieved rate.
//   sender <ifname> <count> <dst-mac aa:bb:cc:dd:ee:ff>
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 256
#define LEN 64

int main(int argc, char **argv) {
  if (argc < 4) return 2;
  long count = atol(argv[2]);
  unsigned char dst[6];
  if (sscanf(argv[3], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &dst[0], &dst[1], &dst[2], &dst[3], &dst[4], &dst[5]) != 6) return 2;
  int fd = socket(AF_PACKET, SOCK_RAW, 0);
  if (fd < 0) { perror("socket"); return 1; }
  struct sockaddr_ll sll = {0};
  sll.sll_family = AF_PACKET;
  sll.sll_ifindex = if_nametoindex(argv[1]);
  if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) { perror("bind"); return 1; }
  static unsigned char frames[BATCH][LEN];
  static struct mmsghdr msgs[BATCH];
  static struct iovec iov[BATCH];
  for (int i = 0; i < BATCH; i++) {
    memcpy(frames[i], dst, 6);
    unsigned char src[6] = {0x02, 0x70, 0x6b, 0x74, 0x00, 0x09};
    memcpy(frames[i] + 6, src, 6);
    frames[i][12] = 0x88; frames[i][13] = 0xb5;
    memcpy(frames[i] + 14, "pktk", 4);
    iov[i].iov_base = frames[i];
    iov[i].iov_len = LEN;
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  long sent = 0;
  while (sent < count) {
    int n = count - sent < BATCH ? (int)(count - sent) : BATCH;
    for (int i = 0; i < n; i++) {
      unsigned int seq = htonl((unsigned int)(sent + i));
      memcpy(frames[i] + 18, &seq, 4);
    }
    int r = sendmmsg(fd, msgs, n, 0);
    if (r < 0) { perror("sendmmsg"); return 1; }
    sent += r;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  usleep(200000);
  for (int i = 0; i < 8; i++) {
    unsigned int seq = 0xffffffffu;
    memcpy(frames[0] + 18, &seq, 4);
    send(fd, frames[0], LEN, 0);
    usleep(20000);
  }
  double secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("%ld %.0f\n", sent, sent / secs);
  return 0;
}
