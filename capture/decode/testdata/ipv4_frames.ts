/**
 * IPv4 frames over Ethernet: TCP, UDP, ICMP, fragments, trailers, snaplen cuts, tunnels.
 *
 * Each frame is copied byte for byte from a capture in tests/captures (file and frame
 * number above it, with tshark's protocol stack and summary line); the bytes were extracted
 * with `editcap -r FILE OUT N` (or `tshark -x` where editcap cannot write pcap).
 */
import { type Fixture, hex } from "./fixture.ts";

/**
 * `icmp_echo_5_pings.pcap` frame 1 (98 of 98 bytes): eth:ethertype:ip:icmp:data: Echo (ping)
 * request  id=0x04ca, seq=1/256, ttl=64.
 */
export const ETH_ICMP_ECHO: Fixture = {
  linkType: 1,
  wireLen: 98,
  bytes: hex(`
  a6 83 e7 0c 90 64 00 0c 29 cf 30 15 08 00 45 00
  00 54 94 6a 40 00 40 01 bd 04 ac 10 85 02 ac d9
  0b 4e 08 00 ef 24 04 ca 00 01 8b cf cf 5f 00 00
  00 00 db 0d 0f 00 00 00 00 00 10 11 12 13 14 15
  16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25
  26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35
  36 37
`),
};

/**
 * `lan_mix_iphone_wifi.pcap` frame 193 (70 of 70 bytes): eth:ethertype:ip:icmp:ip:udp:
 * Destination unreachable (Port unreachable).
 */
export const ETH_ICMP_UNREACHABLE: Fixture = {
  linkType: 1,
  wireLen: 70,
  bytes: hex(`
  c6 2c 03 60 6a 64 c4 61 8b 35 82 a9 08 00 45 00
  00 38 e3 7e 00 00 40 01 11 e4 c0 a8 02 11 c0 a8
  02 01 03 03 04 7b 00 00 00 00 45 00 00 cf c8 43
  00 00 40 11 2c 78 c0 a8 02 01 c0 a8 02 11 00 35
  f7 91 00 bb 00 00
`),
};

/**
 * `http11_ocsp_many_hosts_eth_trailer.pcapng` frame 14 (112 of 112 bytes): eth:ethertype:ip:tcp:
 * 49813 → 80 [ACK] Seq=755 Ack=4813 Win=131328 Len=0.
 */
export const ETH_TCP_TRAILER: Fixture = {
  linkType: 1,
  wireLen: 112,
  bytes: hex(`
  a4 91 b1 82 34 39 e8 2a ea b6 14 85 08 00 45 00
  00 28 ed 8d 40 00 80 06 ec ed c0 a8 01 e3 6d 46
  f0 82 c2 95 00 50 40 9e 45 11 a1 9f 20 9d 50 10
  02 01 82 ad 00 00 00 00 00 00 00 00 19 81 11 09
  03 1c 03 1c 01 64 04 01 00 00 02 08 00 00 00 00
  00 00 00 00 03 1c 00 00 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 5f 1b 1e 7c
`),
};

/**
 * `ipv4_fragmented_dnscrypt.pcap` frame 2 (1514 of 1514 bytes): eth:ethertype:ip:data:
 * Fragmented IP protocol (proto=UDP 17, off=0, ID=0a00). First 64 of its 1514 bytes, as a
 * snaplen of 64 would keep them.
 */
export const ETH_IPV4_FIRST_FRAGMENT: Fixture = {
  linkType: 1,
  wireLen: 1514,
  bytes: hex(`
  44 44 44 44 44 44 66 66 66 66 66 66 08 00 45 00
  05 dc 0a 00 20 00 bd 11 93 ee 0a 00 00 01 95 38
  e4 2d b2 9a 01 bb 06 04 6c 55 7f 44 01 00 00 01
  00 00 00 00 00 01 01 32 0d 64 6e 73 63 72 79 70
`),
};

/**
 * `ipv4_fragmented_dnscrypt.pcap` frame 3 (94 of 94 bytes): eth:ethertype:ip:udp:dns: Standard
 * query 0x7f44 TXT 2.dnscrypt-cert.dnscrypt.ca-2 Unused.
 */
export const ETH_IPV4_LAST_FRAGMENT: Fixture = {
  linkType: 1,
  wireLen: 94,
  bytes: hex(`
  44 44 44 44 44 44 66 66 66 66 66 66 08 00 45 00
  00 50 0a 00 00 b9 bd 11 b8 c1 0a 00 00 01 95 38
  e4 2d 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 00
`),
};

/**
 * `dns_truncated_first_fragments.pcap` frame 11 (59 of 60 bytes): eth:ethertype:ip:udp:dns:
 * Standard query response 0xed0c[Packet size limited during capture].
 */
export const ETH_IPV4_SHORT_FIRST_FRAGMENT: Fixture = {
  linkType: 1,
  wireLen: 60,
  bytes: hex(`
  c4 34 6b b5 ad c8 78 ba f9 68 79 67 08 00 45 00
  05 dc b0 05 20 00 32 11 d4 32 a1 37 20 02 cc ba
  50 e5 00 35 27 bf 0b a9 f4 d0 ed 0c 84 10 00 01
  00 04 00 04 00 0d 0f 61 76 69 61
`),
};

/**
 * `snaplen68_truncated_tcp_headers.pcap` frame 1 (68 of 74 bytes): eth:ethertype:ip:tcp: 60827 →
 * 25 [SYN, ECE, CWR] Seq=0 Win=5840 Len=0 MSS=1460 SACK_PERM[Packet size limited during
 * capture].
 */
export const ETH_TCP_SNAPLEN68_SYN: Fixture = {
  linkType: 1,
  wireLen: 74,
  bytes: hex(`
  ea f6 1c 2d 9f d2 80 0b 98 3b b9 ec 08 00 45 00
  00 3c 38 e0 40 00 33 06 0c e2 c9 ba 9d 43 80 03
  1a f9 ed 9b 00 19 3e 17 75 de 00 00 00 00 a0 c2
  16 d0 90 d6 00 00 02 04 05 b4 04 02 08 08 00 00
  00 01 00 00
`),
};

/**
 * `portscan_small_lan.pcapng` frame 5 (74 of 74 bytes): eth:ethertype:ip:tcp: 80 → 56272 [SYN,
 * ACK] Seq=0 Ack=1 Win=28960 Len=0 MSS=1460 SACK_PERM TSval=4170285 TSecr=120821785 WS=128.
 */
export const ETH_TCP_SYN_ACK: Fixture = {
  linkType: 1,
  wireLen: 74,
  bytes: hex(`
  28 37 37 00 6d c8 00 80 8f 9a ae bd 08 00 45 00
  00 3c 00 00 40 00 40 06 b6 b7 c0 a8 01 02 c0 a8
  01 b2 00 50 db d0 c0 0c 83 62 1a 31 7c 93 a0 12
  71 20 5a bd 00 00 02 04 05 b4 04 02 08 0a 00 3f
  a2 2d 07 33 98 19 01 03 03 07
`),
};

/**
 * `portscan_small_lan.pcapng` frame 29 (54 of 54 bytes): eth:ethertype:ip:tcp: 63243 → 3392
 * [FIN, PSH, URG] Seq=1 Win=1024 Urg=0 Len=0.
 */
export const ETH_TCP_XMAS: Fixture = {
  linkType: 1,
  wireLen: 54,
  bytes: hex(`
  00 80 8f 9a ae bd 28 37 37 00 6d c8 08 00 45 00
  00 28 86 05 00 00 33 06 7d c6 c0 a8 01 b2 c0 a8
  01 02 f7 0b 0d 40 c9 a1 aa 5c 00 00 00 00 50 29
  04 00 af 6c 00 00
`),
};

/**
 * `sctp_megaco_bigendian.cap` frame 2 (62 of 62 bytes): eth:ethertype:ip:sctp: SACK (Ack=0,
 * Arwnd=8192).
 */
export const ETH_SCTP: Fixture = {
  linkType: 1,
  wireLen: 62,
  bytes: hex(`
  08 00 03 4a 00 35 00 a0 80 00 5e 46 08 00 45 00
  00 30 09 d9 40 00 ff 84 50 e2 0a 1c 06 2c 0a 1c
  06 2b 0b 80 40 00 21 44 15 23 2b f2 02 4e 03 00
  00 10 28 02 43 45 00 00 20 00 00 00 00 00
`),
};

/**
 * `tunnel_gre_icmp_ntp_ssh.pcap` frame 11 (98 of 98 bytes): eth:ethertype:ip:gre:ip:tcp: 40264 →
 * 22 [SYN, ECE, CWR] Seq=0 Win=5744 Len=0 MSS=1436 SACK_PERM TSval=112272689 TSecr=0 WS=1.
 */
export const ETH_GRE: Fixture = {
  linkType: 1,
  wireLen: 98,
  bytes: hex(`
  00 c0 ca 14 b0 52 00 02 2d 56 4a fd 08 00 45 00
  00 54 00 00 40 00 ff 2f 1e 59 ac 1b 01 42 42 3b
  6d 89 00 00 08 00 45 00 00 3c 55 d6 40 00 40 06
  84 cd 42 3b 6f be ac 1c 02 03 9d 48 00 16 30 7f
  70 e7 00 00 00 00 a0 c2 16 70 66 2f 00 00 02 04
  05 9c 04 02 08 0a 06 b1 25 31 00 00 00 00 01 03
  03 00
`),
};

/**
 * `lan_mix_iphone_wifi.pcap` frame 238 (54 of 54 bytes): eth:ethertype:ip:igmp:igmp: Membership
 * Report / Join group 224.0.0.251 for any sources. IHL 6: a Router Alert option (RFC 2113).
 */
export const ETH_IGMP_ROUTER_ALERT: Fixture = {
  linkType: 1,
  wireLen: 54,
  bytes: hex(`
  01 00 5e 00 00 16 c4 61 8b 35 82 a9 08 00 46 00
  00 28 00 00 40 00 01 02 42 00 c0 a8 02 11 e0 00
  00 16 94 04 00 00 22 00 f9 02 00 00 00 01 04 00
  00 00 e0 00 00 fb
`),
};
