/*
 * The reference the benchmark measures wirescope against: the least a C program can do to
 * read a capture with libpcap and still look at every packet. It runs the pcap_next_ex loop
 * and keeps a protocol histogram (ethertype, then IPv4/IPv6 protocol number), so the compiler
 * cannot drop the reads, and prints packets, bytes and the elapsed time of the loop.
 *
 * Build: cc -O2 -o c_reader c_reader.c -lpcap
 * Usage: c_reader FILE
 */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  char errbuf[PCAP_ERRBUF_SIZE];
  double start = now_seconds();
  pcap_t *p = pcap_open_offline(argv[1], errbuf);
  if (!p) {
    fprintf(stderr, "c_reader: %s\n", errbuf);
    return 1;
  }
  uint64_t histogram[256 + 3] = {0}; /* IP protocols, then ARP, IPv4 and IPv6 */
  uint64_t packets = 0, bytes = 0;
  struct pcap_pkthdr *header;
  const u_char *data;
  int status;
  while ((status = pcap_next_ex(p, &header, &data)) == 1) {
    packets++;
    bytes += header->len;
    if (header->caplen < 14) continue;
    unsigned ethertype = (data[12] << 8) | data[13];
    if (ethertype == 0x0800 && header->caplen >= 24) {
      histogram[257]++;
      histogram[data[23]]++;
    } else if (ethertype == 0x86dd && header->caplen >= 21) {
      histogram[258]++;
      histogram[data[20]]++;
    } else if (ethertype == 0x0806) {
      histogram[256]++;
    }
  }
  double elapsed = now_seconds() - start;
  if (status == -1) fprintf(stderr, "c_reader: %s\n", pcap_geterr(p));
  pcap_close(p);
  printf("{\"packets\":%llu,\"bytes\":%llu,\"seconds\":%.6f,\"tcp\":%llu,\"udp\":%llu}\n",
         (unsigned long long)packets, (unsigned long long)bytes, elapsed,
         (unsigned long long)histogram[6], (unsigned long long)histogram[17]);
  return status == -1 ? 1 : 0;
}
