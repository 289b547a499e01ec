/**
 * Ethernet frames: VLAN, QinQ and PPPoE, LLC, non-IP EtherTypes and ARP.
 *
 * Each frame is copied byte for byte from a capture in tests/captures (file and frame
 * number above it, with tshark's protocol stack and summary line); the bytes were extracted
 * with `editcap -r FILE OUT N` (or `tshark -x` where editcap cannot write pcap).
 */
import { type Fixture, hex } from "./fixture.ts";

/**
 * `vlan_arp_icmp_echo_cisco.pcap` frame 1 (64 of 64 bytes): eth:ethertype:vlan:ethertype:arp:
 * Gratuitous ARP for 192.168.123.1 (Reply).
 */
export const ETH_VLAN_ARP: Fixture = {
  linkType: 1,
  wireLen: 64,
  bytes: hex(`
  ff ff ff ff ff ff 00 19 06 ea b8 c1 81 00 00 7b
  08 06 00 01 08 00 06 04 00 02 00 19 06 ea b8 c1
  c0 a8 7b 01 ff ff ff ff ff ff c0 a8 7b 01 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
`),
};

/**
 * `vlan_arp_icmp_echo_cisco.pcap` frame 5 (118 of 118 bytes):
 * eth:ethertype:vlan:ethertype:ip:icmp:data: Echo (ping) request  id=0x0001, seq=0/0, ttl=255.
 */
export const ETH_VLAN_ICMP_ECHO: Fixture = {
  linkType: 1,
  wireLen: 118,
  bytes: hex(`
  00 19 06 ea b8 c1 00 18 73 de 57 c1 81 00 00 7b
  08 00 45 00 00 64 00 05 00 00 ff 01 44 3f c0 a8
  7b 02 c0 a8 7b 01 08 00 94 9a 00 01 00 00 00 00
  00 00 00 0c e9 a2 ab cd ab cd ab cd ab cd ab cd
  ab cd ab cd ab cd ab cd ab cd ab cd ab cd ab cd
  ab cd ab cd ab cd ab cd ab cd ab cd ab cd ab cd
  ab cd ab cd ab cd ab cd ab cd ab cd ab cd ab cd
  ab cd ab cd ab cd
`),
};

/**
 * `dns_qinq_pppoe_merged.pcap` frame 1 (76 of 76 bytes): eth:ethertype:ip:udp:dns: Standard
 * query response 0xdca2 AAAA www.l.google.com.
 */
export const ETH_IPV4_UDP_DNS: Fixture = {
  linkType: 1,
  wireLen: 76,
  bytes: hex(`
  00 e0 18 b1 0c ad 00 c0 9f 32 41 8c 08 00 45 00
  00 3e d5 39 00 00 80 11 90 07 c0 a8 aa 14 c0 a8
  aa 08 00 35 80 1b 00 2a bc 89 dc a2 81 80 00 01
  00 00 00 00 00 00 03 77 77 77 01 6c 06 67 6f 6f
  67 6c 65 03 63 6f 6d 00 00 1c 00 01
`),
};

/**
 * `dns_qinq_pppoe_merged.pcap` frame 4 (91 of 91 bytes):
 * eth:ethertype:vlan:ethertype:vlan:ethertype:pppoes:ppp:ip:udp:dns: Standard query 0x7843 A
 * e7.whatsapp.net.
 */
export const ETH_QINQ_PPPOE_DNS: Fixture = {
  linkType: 1,
  wireLen: 91,
  bytes: hex(`
  00 00 00 00 00 01 d4 94 e8 0e ad c1 81 00 01 a5
  81 00 03 11 88 64 11 00 55 6a 00 3f 00 21 45 00
  00 3d 00 00 40 00 40 11 84 a1 52 b2 71 f5 52 b2
  9e b5 b8 97 00 35 00 29 b6 7d 78 43 01 00 00 01
  00 00 00 00 00 00 02 65 37 08 77 68 61 74 73 61
  70 70 03 6e 65 74 00 00 01 00 01
`),
};

/**
 * `http11_wikipedia_lan_mix.pcap` frame 4 (60 of 60 bytes): eth:llc:stp: RST. Root =
 * 32768/720/00:13:7f:be:8c:c0  Cost = 0  Port = 0x8193.
 */
export const ETH_LLC_STP: Fixture = {
  linkType: 1,
  wireLen: 60,
  bytes: hex(`
  01 80 c2 00 00 00 00 13 7f 4f 8e f2 00 27 42 42
  03 00 00 02 02 3c 82 d0 00 13 7f be 8c c0 00 00
  00 00 82 d0 00 13 7f be 8c c0 81 93 00 00 14 00
  02 00 0f 00 00 00 00 00 00 00 00 00
`),
};

/**
 * `lan_mix_alexa_echo.pcapng` frame 1 (20 of 20 bytes): eth:llc: Basic Format; Type 1 LLC (Class
 * I LLC); Window Size 0.
 */
export const ETH_LLC_XID: Fixture = {
  linkType: 1,
  wireLen: 20,
  bytes: hex(`
  ff ff ff ff ff ff 78 f8 82 d3 fb c2 00 06 00 01
  af 81 01 00
`),
};

/**
 * `lan_mix_alexa_echo.pcapng` frame 392 (60 of 60 bytes): eth:ethertype:wlan: TDLS Discovery
 * Request, Dialog Token=1.
 */
export const ETH_TDLS: Fixture = {
  linkType: 1,
  wireLen: 60,
  bytes: hex(`
  00 c0 ca 91 a3 ef 78 f8 82 d3 fb c2 89 0d 02 0c
  0a 01 65 12 00 c0 ca 91 74 f8 78 f8 82 d3 fb c2
  00 c0 ca 91 a3 ef dd 14 00 a0 c6 00 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 00
`),
};

/**
 * `lan_mix_android_dhcp_ntp.pcap` frame 53 (113 of 113 bytes): eth:ethertype:eapol: Key (Message
 * 1 of 4).
 */
export const ETH_EAPOL: Fixture = {
  linkType: 1,
  wireLen: 113,
  bytes: hex(`
  4c 6a f6 9f f6 27 d8 30 62 56 00 1c 88 8e 02 03
  00 5f 02 00 8a 00 10 00 00 00 00 00 00 00 00 8c
  fc 04 5a 89 0a 1c 24 67 58 89 60 f8 00 60 65 2b
  4b 8a 38 0c 91 cb fd 2f c4 e8 b7 4e af 5b 24 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  00
`),
};

/**
 * `portscan_small_lan.pcapng` frame 1 (60 of 60 bytes): eth:ethertype:arp: Who has
 * 192.168.1.151? Tell 192.168.1.2.
 */
export const ETH_ARP: Fixture = {
  linkType: 1,
  wireLen: 60,
  bytes: hex(`
  ff ff ff ff ff ff 00 80 8f 9a ae bd 08 06 00 01
  08 00 06 04 00 01 00 80 8f 9a ae bd c0 a8 01 02
  00 00 00 00 00 00 c0 a8 01 97 00 00 00 00 00 00
  00 00 00 00 00 00 00 00 00 00 00 00
`),
};

/**
 * `tunnel_vxlan_vlan.pcap` frame 54 (108 of 108 bytes):
 * eth:ethertype:vlan:ethertype:ip:udp:vxlan:eth:ethertype:ip:tcp: 45226 → 443 [RST] Seq=564
 * Win=0 Len=0.
 */
export const ETH_VLAN_VXLAN: Fixture = {
  linkType: 1,
  wireLen: 108,
  bytes: hex(`
  00 0c bd 06 3a 74 00 0c bd 06 3a 75 81 00 00 05
  08 00 45 00 00 5a 03 88 00 00 40 11 c9 b1 c0 a8
  16 04 c0 a8 16 05 eb 46 12 b5 00 46 da a0 08 00
  00 00 00 04 57 00 66 7a 50 aa ff 9a 1e ea 69 2a
  6f cf 08 00 45 08 00 28 00 00 40 00 40 06 9e a6
  0a 0a 14 04 9d f0 e0 23 b0 aa 01 bb 46 6b d6 13
  00 00 00 00 50 04 00 00 44 da 00 00
`),
};
