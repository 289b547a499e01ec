/**
 * IPv6 frames over Ethernet: extension headers, fragments, ESP, and IPv6 inside IPv4.
 *
 * Each frame is copied byte for byte from a capture in tests/captures (file and frame
 * number above it, with tshark's protocol stack and summary line); the bytes were extracted
 * with `editcap -r FILE OUT N` (or `tshark -x` where editcap cannot write pcap).
 */
import { type Fixture, hex } from "./fixture.ts";

/**
 * `icmpv6_nd_ra_mldv2_hopbyhop.pcap` frame 1 (78 of 78 bytes): eth:ethertype:ipv6:icmpv6:
 * Neighbor Solicitation for fe80::c000:54ff:fef5:0.
 */
export const ETH_IPV6_ICMPV6_NS: Fixture = {
  linkType: 1,
  wireLen: 78,
  bytes: hex(`
  33 33 ff f5 00 00 c2 00 54 f5 00 00 86 dd 6e 00
  00 00 00 18 3a ff 00 00 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 ff 02 00 00 00 00 00 00 00 00
  00 01 ff f5 00 00 87 00 67 3c 00 00 00 00 fe 80
  00 00 00 00 00 00 c0 00 54 ff fe f5 00 00
`),
};

/**
 * `icmpv6_nd_ra_mldv2_hopbyhop.pcap` frame 4 (90 of 90 bytes):
 * eth:ethertype:ipv6:ipv6.hopopts:icmpv6: Multicast Listener Report Message v2.
 */
export const ETH_IPV6_HOPOPTS_MLD: Fixture = {
  linkType: 1,
  wireLen: 90,
  bytes: hex(`
  33 33 00 00 00 16 c2 00 54 f5 00 00 86 dd 6e 00
  00 00 00 24 00 01 fe 80 00 00 00 00 00 00 c0 00
  54 ff fe f5 00 00 ff 02 00 00 00 00 00 00 00 00
  00 00 00 00 00 16 3a 00 05 02 00 00 01 00 8f 00
  5c 13 00 00 00 01 04 00 00 00 ff 02 00 00 00 00
  00 00 00 00 00 00 00 00 00 02
`),
};

/**
 * `dns_udp_tcp_fragmented_v4v6.pcap` frame 5 (1510 of 1510 bytes):
 * eth:ethertype:ipv6:ipv6.fraghdr:data: IPv6 fragment (off=0 more=y ident=0x28403c0b nxt=17).
 * First 96 of its 1510 bytes, as a snaplen of 96 would keep them.
 */
export const ETH_IPV6_FIRST_FRAGMENT: Fixture = {
  linkType: 1,
  wireLen: 1510,
  bytes: hex(`
  00 86 9c e7 55 14 00 0c 29 8a 5d d7 86 dd 60 07
  87 fd 05 b0 2c 40 20 01 04 70 76 5b 00 00 00 00
  00 00 0a 25 00 53 2a 00 14 50 40 13 0c 03 00 00
  00 00 00 00 01 0a 11 00 00 01 28 40 3c 0b 00 35
  b5 61 05 e5 14 8e e9 c4 84 10 00 01 00 02 00 03
  00 09 02 70 61 08 77 65 62 65 72 6c 61 62 02 64
`),
};

/**
 * `dns_udp_tcp_fragmented_v4v6.pcap` frame 6 (123 of 123 bytes):
 * eth:ethertype:ipv6:ipv6.fraghdr:udp:dns: Standard query response 0xe9c4 AAAA pa.weberlab.de
 * ... (the last fragment, offset 181 * 8 = 1448; tshark reassembles the DNS answer here).
 */
export const ETH_IPV6_LAST_FRAGMENT: Fixture = {
  linkType: 1,
  wireLen: 123,
  bytes: hex(`
  00 86 9c e7 55 14 00 0c 29 8a 5d d7 86 dd 60 07
  87 fd 00 45 2c 40 20 01 04 70 76 5b 00 00 00 00
  00 00 0a 25 00 53 2a 00 14 50 40 13 0c 03 00 00
  00 00 00 00 01 0a 11 00 05 a8 28 40 3c 0b 5d 7a
  b6 6a 1c ea 61 8d 79 65 32 4f 2c 1e cc 06 91 26
  9a 0e 84 7f 00 bf 5b a9 29 c8 49 05 ca 72 79 ec
  e6 00 00 29 10 00 00 00 80 00 00 0f 00 08 00 0b
  00 02 38 00 20 01 04 70 1f 0b 16
`),
};

/**
 * `ipv6_esp_mld.pcap` frame 2 (170 of 170 bytes): eth:ethertype:ipv6:esp: ESP (SPI=0x0000000a).
 */
export const ETH_IPV6_ESP: Fixture = {
  linkType: 1,
  wireLen: 170,
  bytes: hex(`
  00 00 00 00 00 02 00 11 43 4a d7 0a 86 dd 60 00
  00 00 00 74 32 40 3f fe 00 00 00 00 00 00 00 00
  00 00 00 00 00 01 3f fe 00 00 00 00 00 00 00 00
  00 00 00 00 00 02 00 00 00 0a 00 00 00 01 97 1f
  47 36 3b 98 b4 c7 74 80 3b b0 e3 11 cc ce fa 48
  80 ac 63 07 ca 4a 00 13 64 f0 ff 40 5c d9 a6 25
  39 44 b5 78 81 9a f3 03 e5 2f ef e2 96 48 b3 45
  fc cc a7 9e 71 c2 eb d1 84 49 33 d4 c1 12 2d fc
  ea be 13 d1 a3 0d 0d f9 0d 45 b6 9a 8f 45 74 3d
  9e 24 9c d0 52 fa e7 0d c0 d4 e3 28 21 82 b0 82
  b5 6d 6e c2 e3 e2 53 1b f3 43
`),
};

/**
 * `tunnel_6in4.pcap` frame 100 (106 of 106 bytes): eth:ethertype:ip:ipv6:tcp: 60205 → 443 [ACK]
 * Seq=524 Ack=2817 Win=34048 Len=0 TSval=662302584 TSecr=3023131132.
 */
export const ETH_6IN4: Fixture = {
  linkType: 1,
  wireLen: 106,
  bytes: hex(`
  00 22 90 de 3b d9 00 00 24 ce 81 34 08 00 45 00
  00 5c bd 83 40 00 ff 29 0f 55 ae 03 49 18 b8 69
  ff 1a 60 00 00 00 00 20 06 3f 20 01 04 70 1f 17
  01 3f 3e 97 0e ff fe 73 4d ec 26 04 a8 80 00 01
  00 20 00 00 00 00 02 24 b0 01 eb 2d 01 bb 4b c8
  b3 83 40 30 a2 86 80 10 01 0a 2a 1f 00 00 01 01
  08 0a 27 79 ef 78 b4 31 51 fc
`),
};
