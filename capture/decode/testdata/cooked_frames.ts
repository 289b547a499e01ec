/**
 * Frames of the other link types: Linux SLL and SLL2, BSD NULL loopback, raw IP (DLT 12).
 *
 * Each frame is copied byte for byte from a capture in tests/captures (file and frame
 * number above it, with tshark's protocol stack and summary line); the bytes were extracted
 * with `editcap -r FILE OUT N` (or `tshark -x` where editcap cannot write pcap).
 */
import { type Fixture, hex } from "./fixture.ts";

/**
 * `sll_arp.pcap` frame 1 (62 of 62 bytes): sll:ethertype:arp: Who has 192.168.22.160? Tell
 * 192.168.22.1.
 */
export const SLL_ARP: Fixture = {
  linkType: 113,
  wireLen: 62,
  bytes: hex(`
  00 01 00 01 00 06 cc 2d e0 26 19 99 00 00 08 06
  00 01 08 00 06 04 00 01 cc 2d e0 26 19 99 c0 a8
  16 01 00 00 00 00 00 00 c0 a8 16 a0 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 00
`),
};

/**
 * `quic_v2_http3_sll_ipv6lo.pcapng` frame 5 (119 of 119 bytes): sll:ethertype:ipv6:udp:quic:
 * Protected Payload (KP0), DCID=b844d6f71875fd1d, PKN: 2, PC, TS, ACK_ECN, PADDING.
 */
export const SLL_IPV6_UDP: Fixture = {
  linkType: 113,
  wireLen: 119,
  bytes: hex(`
  00 00 03 04 00 06 00 00 00 00 00 00 00 00 86 dd
  60 2b 9a eb 00 3f 11 40 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 01 a4 66 11 5b 00 3f 00 52
  08 b8 44 d6 f7 18 75 fd 1d 36 a1 00 2e 7d 8c e1
  20 33 6d a7 1c ee a3 c4 86 de 12 21 a9 69 71 57
  d7 ab f9 eb 04 53 32 10 7e e2 9d f8 12 8b a6 e8
  f5 60 86 97 a5 7b fb
`),
};

/**
 * `sll2_ping_arp_rarp.pcap` frame 1 (104 of 104 bytes): sll:ethertype:ip:icmp:data: Echo (ping)
 * request  id=0x0008, seq=1/256, ttl=64.
 */
export const SLL2_ICMP_ECHO: Fixture = {
  linkType: 276,
  wireLen: 104,
  bytes: hex(`
  08 00 00 00 00 00 00 01 03 04 00 06 00 00 00 00
  00 00 00 00 45 00 00 54 af 8c 40 00 40 01 07 1a
  c0 00 02 01 c0 00 02 01 08 00 66 b4 00 08 00 01
  e9 bd f9 62 00 00 00 00 e2 4e 0d 00 00 00 00 00
  10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f
  20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f
  30 31 32 33 34 35 36 37
`),
};

/**
 * `sll2_ping_arp_rarp.pcap` frame 3 (124 of 124 bytes): sll:ethertype:ipv6:icmpv6:data: Echo
 * (ping) request id=0x0009, seq=1, hop limit=64.
 */
export const SLL2_ICMPV6_ECHO: Fixture = {
  linkType: 276,
  wireLen: 124,
  bytes: hex(`
  86 dd 00 00 00 00 00 01 03 04 00 06 00 00 00 00
  00 00 00 00 60 05 c2 e4 00 40 3a 40 fe 80 00 00
  00 00 00 00 8c 36 06 ff fe 44 ac af fe 80 00 00
  00 00 00 00 8c 36 06 ff fe 44 ac af 80 00 a8 d7
  00 09 00 01 f8 bd f9 62 00 00 00 00 ab 59 01 00
  00 00 00 00 10 11 12 13 14 15 16 17 18 19 1a 1b
  1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b
  2c 2d 2e 2f 30 31 32 33 34 35 36 37
`),
};

/**
 * `sll2_ping_arp_rarp.pcap` frame 5 (48 of 48 bytes): sll:ethertype:arp: Who has 192.0.2.2? Tell
 * 192.0.2.1.
 */
export const SLL2_ARP: Fixture = {
  linkType: 276,
  wireLen: 48,
  bytes: hex(`
  08 06 00 00 00 00 00 1a 00 01 04 06 8e 36 06 44
  ac af 00 00 00 01 08 00 06 04 00 01 8e 36 06 44
  ac af c0 00 02 01 00 00 00 00 00 00 c0 00 02 02
`),
};

/**
 * `sll2_ping_arp_rarp.pcap` frame 6 (48 of 48 bytes): sll:ethertype:arp: Who is
 * 00:00:00:00:00:00? Tell 8e:36:06:44:ac:af.
 */
export const SLL2_RARP: Fixture = {
  linkType: 276,
  wireLen: 48,
  bytes: hex(`
  80 35 00 00 00 00 00 1a 00 01 04 06 8e 36 06 44
  ac af 00 00 00 01 08 00 06 04 00 03 8e 36 06 44
  ac af c0 00 02 01 00 00 00 00 00 00 c0 00 02 02
`),
};

/**
 * `null_lo0_ipv4_ipv6.pcap` frame 1 (88 of 88 bytes): null:ipv6:tcp: 65388 → 6666 [SYN] Seq=0
 * Win=65535 Len=0 MSS=16324 WS=32 TSval=851844144 TSecr=0 SACK_PERM.
 */
export const NULL_IPV6_TCP: Fixture = {
  linkType: 0,
  wireLen: 88,
  bytes: hex(`
  1e 00 00 00 60 07 09 f1 00 2c 06 40 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 01 ff 6c 1a 0a
  65 a1 1f b1 00 00 00 00 b0 02 ff ff 00 34 00 00
  02 04 3f c4 01 03 03 05 01 01 08 0a 32 c6 1c 30
  00 00 00 00 04 02 00 00
`),
};

/**
 * `null_lo0_ipv4_ipv6.pcap` frame 3 (68 of 68 bytes): null:ip:tcp: 65389 → 6666 [SYN] Seq=0
 * Win=65535 Len=0 MSS=16344 WS=32 TSval=851844144 TSecr=0 SACK_PERM.
 */
export const NULL_IPV4_TCP: Fixture = {
  linkType: 0,
  wireLen: 68,
  bytes: hex(`
  02 00 00 00 45 00 00 40 00 00 40 00 40 06 00 00
  7f 00 00 01 7f 00 00 01 ff 6d 1a 0a 20 d5 cb 3b
  00 00 00 00 b0 02 ff ff fe 34 00 00 02 04 3f d8
  01 03 03 05 01 01 08 0a 32 c6 1c 30 00 00 00 00
  04 02 00 00
`),
};

/**
 * `rawip_android_apps.pcap` frame 1 (60 of 60 bytes): raw:ip:tcp: 47699 → 5228 [SYN] Seq=0
 * Win=14600 Len=0 MSS=1460 SACK_PERM TSval=3506614 TSecr=0 WS=64.
 */
export const RAW_IPV4_TCP: Fixture = {
  linkType: 12,
  wireLen: 60,
  bytes: hex(`
  45 00 00 3c a6 f3 40 00 40 06 25 78 c0 a8 b4 02
  40 e9 b8 bc ba 53 14 6c 02 fd d8 09 00 00 00 00
  a0 02 39 08 74 f6 00 00 02 04 05 b4 04 02 08 0a
  00 35 81 b6 00 00 00 00 01 03 03 06
`),
};

/**
 * `rawip_android_apps.pcap` frame 2 (63 of 63 bytes): raw:ip:udp:dns: Standard query 0xa6cf A
 * ocu03.labgency.ws.
 */
export const RAW_IPV4_UDP: Fixture = {
  linkType: 12,
  wireLen: 63,
  bytes: hex(`
  45 00 00 3f 82 62 40 00 40 11 33 91 c0 a8 b4 02
  08 08 08 08 96 48 00 35 00 2b 71 6a a6 cf 01 00
  00 01 00 00 00 00 00 00 05 6f 63 75 30 33 08 6c
  61 62 67 65 6e 63 79 02 77 73 00 00 01 00 01
`),
};

/**
 * `rawip_ipv6_dns_https_rr.pcap` frame 1 (96 of 96 bytes): raw:ipv6:udp:dns: Standard query
 * 0xf74b HTTPS defo.ie OPT.
 */
export const RAW_IPV6_UDP: Fixture = {
  linkType: 12,
  wireLen: 96,
  bytes: hex(`
  60 0f e5 e6 00 38 11 40 2a 02 06 bf 80 80 01 65
  00 00 00 00 00 01 00 12 26 20 00 fe 00 00 00 00
  00 00 00 00 00 00 00 fe da 85 00 35 00 38 3e c3
  f7 4b 01 20 00 01 00 00 00 00 00 01 04 64 65 66
  6f 02 69 65 00 00 41 00 01 00 00 29 04 d0 00 00
  00 00 00 0c 00 0a 00 08 f6 5b 0a e2 68 78 1f bd
`),
};

/**
 * `null_lo0_ipv4_ipv6.pcap` frame 7 (61 of 61 bytes): null:ip:tcp:data: 65389 → 6666 [PSH, ACK]
 * Seq=1 Ack=1 Win=408288 Len=5 TSval=851844144 TSecr=851844144.
 */
export const NULL_IPV4_TCP_DATA: Fixture = {
  linkType: 0,
  wireLen: 61,
  bytes: hex(`
  02 00 00 00 45 00 00 39 00 00 40 00 40 06 00 00
  7f 00 00 01 7f 00 00 01 ff 6d 1a 0a 20 d5 cb 3c
  a1 88 f8 c7 80 18 31 d7 fe 2d 00 00 01 01 08 0a
  32 c6 1c 30 32 c6 1c 30 33 35 33 20 0a
`),
};
