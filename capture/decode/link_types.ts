/**
 * Link-layer header types: the DLT numbers `pcap_datalink()` reports, and their libpcap names.
 *
 * A savefile stores LINKTYPE_ values; libpcap hands programs DLT_ values, and the two differ only
 * for a few early numbers (see https://www.tcpdump.org/linktypes.html). The decoder is called
 * with DLT values, but also accepts LINKTYPE_RAW (101) so that a reader which does not translate
 * still works.
 */

/** The link types `decodeFrame()` understands. */
export const Dlt = {
  /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
  null: 0,
  en10mb: 1,
  /** Token Ring (IEEE 802.5). */
  ieee802: 6,
  /** ARCNET as the BSDs capture it. */
  arcnet: 7,
  /** PPP, with or without the HDLC-like address and control bytes. */
  ppp: 9,
  fddi: 10,
  /** LLC-encapsulated ATM (RFC 1483). */
  atmRfc1483: 11,
  /** Raw IPv4 or IPv6, no link header (DLT_RAW on every OS but OpenBSD). */
  raw: 12,
  /** DLT_RAW as OpenBSD numbers it. */
  rawOpenBsd: 14,
  /** Linux Classical IP over ATM. */
  atmClip: 19,
  /** PPP in HDLC-like framing (RFC 1662), or Cisco HDLC, on a serial line. */
  pppSerial: 50,
  /** PPPoE session frames without their Ethernet header (BSD pppoe(4)). */
  pppEther: 51,
  /** LINKTYPE_RAW, the number savefiles store for raw IP. */
  linktypeRaw: 101,
  cHdlc: 104,
  ieee802_11: 105,
  frameRelay: 107,
  /** OpenBSD loopback: like NULL, but the address family is always in network byte order. */
  loop: 108,
  /** OpenBSD's IPsec enc(4) interface. */
  enc: 109,
  linuxSll: 113,
  /** The BSD packet filter's log interface. */
  pflog: 117,
  /** 802.11 with a Prism monitor-mode header. */
  prism: 119,
  /** IP over Fibre Channel (RFC 2625). */
  ipOverFc: 122,
  /** ATM with a 4-byte SunATM pseudo-header. */
  sunAtm: 123,
  /** 802.11 with a radiotap header. */
  ieee802_11Radiotap: 127,
  arcnetLinux: 129,
  /** IP over FireWire, as Linux and macOS capture it. */
  appleIpOverIeee1394: 138,
  /** 802.11 with an AVS monitor-mode header. */
  ieee802_11Avs: 163,
  /** Per-Packet Information: a header naming the link type after it. */
  ppi: 192,
  /** AX.25 behind a KISS byte (Linux amateur-radio interfaces). */
  ax25Kiss: 202,
  /** Solaris IP observability. */
  ipnet: 226,
  ipv4: 228,
  ipv6: 229,
  /** Linux netfilter log. */
  nflog: 239,
  /** IP over InfiniBand. */
  ipoib: 242,
  /** Apple's packet tap: a header naming the link type after it, and the process. */
  pktap: 258,
  linuxSll2: 276,
} as const;

/**
 * `pcap_datalink_val_to_name()` of libpcap 1.10.3 on Linux, for every value it names, plus 14
 * and 101, which libpcap leaves unnamed on Linux but which `decodeFrame()` reads as raw IP.
 */
const DLT_NAMES: Readonly<Record<number, string>> = {
  0: "NULL",
  1: "EN10MB",
  6: "IEEE802",
  7: "ARCNET",
  8: "SLIP",
  9: "PPP",
  10: "FDDI",
  11: "ATM_RFC1483",
  12: "RAW",
  14: "RAW",
  15: "SLIP_BSDOS",
  16: "PPP_BSDOS",
  19: "ATM_CLIP",
  50: "PPP_SERIAL",
  51: "PPP_ETHER",
  99: "SYMANTEC_FIREWALL",
  101: "RAW",
  104: "C_HDLC",
  105: "IEEE802_11",
  107: "FRELAY",
  108: "LOOP",
  109: "ENC",
  113: "LINUX_SLL",
  114: "LTALK",
  117: "PFLOG",
  119: "PRISM_HEADER",
  122: "IP_OVER_FC",
  123: "SUNATM",
  127: "IEEE802_11_RADIO",
  129: "ARCNET_LINUX",
  130: "JUNIPER_MLPPP",
  131: "JUNIPER_MLFR",
  132: "JUNIPER_ES",
  133: "JUNIPER_GGSN",
  134: "JUNIPER_MFR",
  135: "JUNIPER_ATM2",
  136: "JUNIPER_SERVICES",
  137: "JUNIPER_ATM1",
  138: "APPLE_IP_OVER_IEEE1394",
  139: "MTP2_WITH_PHDR",
  140: "MTP2",
  141: "MTP3",
  142: "SCCP",
  143: "DOCSIS",
  144: "LINUX_IRDA",
  163: "IEEE802_11_RADIO_AVS",
  164: "JUNIPER_MONITOR",
  165: "BACNET_MS_TP",
  166: "PPP_PPPD",
  167: "JUNIPER_PPPOE",
  168: "JUNIPER_PPPOE_ATM",
  169: "GPRS_LLC",
  170: "GPF_T",
  171: "GPF_F",
  174: "JUNIPER_PIC_PEER",
  175: "ERF_ETH",
  176: "ERF_POS",
  177: "LINUX_LAPD",
  178: "JUNIPER_ETHER",
  179: "JUNIPER_PPP",
  180: "JUNIPER_FRELAY",
  181: "JUNIPER_CHDLC",
  182: "MFR",
  183: "JUNIPER_VP",
  184: "A429",
  185: "A653_ICM",
  186: "USB_FREEBSD",
  187: "BLUETOOTH_HCI_H4",
  188: "IEEE802_16_MAC_CPS",
  189: "USB_LINUX",
  190: "CAN20B",
  191: "IEEE802_15_4_LINUX",
  192: "PPI",
  193: "IEEE802_16_MAC_CPS_RADIO",
  194: "JUNIPER_ISM",
  195: "IEEE802_15_4",
  196: "SITA",
  197: "ERF",
  198: "RAIF1",
  199: "IPMB_KONTRON",
  200: "JUNIPER_ST",
  201: "BLUETOOTH_HCI_H4_WITH_PHDR",
  202: "AX25_KISS",
  209: "IPMB_LINUX",
  215: "IEEE802_15_4_NONASK_PHY",
  216: "LINUX_EVDEV",
  219: "MPLS",
  220: "USB_LINUX_MMAPPED",
  221: "DECT",
  222: "AOS",
  223: "WIHART",
  224: "FC_2",
  225: "FC_2_WITH_FRAME_DELIMS",
  226: "IPNET",
  227: "CAN_SOCKETCAN",
  228: "IPV4",
  229: "IPV6",
  230: "IEEE802_15_4_NOFCS",
  231: "DBUS",
  232: "JUNIPER_VS",
  233: "JUNIPER_SRX_E2E",
  234: "JUNIPER_FIBRECHANNEL",
  235: "DVB_CI",
  236: "MUX27010",
  237: "STANAG_5066_D_PDU",
  238: "JUNIPER_ATM_CEMIC",
  239: "NFLOG",
  240: "NETANALYZER",
  241: "NETANALYZER_TRANSPARENT",
  242: "IPOIB",
  243: "MPEG_2_TS",
  244: "NG40",
  245: "NFC_LLCP",
  246: "PFSYNC",
  247: "INFINIBAND",
  248: "SCTP",
  249: "USBPCAP",
  250: "RTAC_SERIAL",
  251: "BLUETOOTH_LE_LL",
  253: "NETLINK",
  254: "BLUETOOTH_LINUX_MONITOR",
  255: "BLUETOOTH_BREDR_BB",
  256: "BLUETOOTH_LE_LL_WITH_PHDR",
  257: "PROFIBUS_DL",
  258: "PKTAP",
  259: "EPON",
  260: "IPMI_HPM_2",
  261: "ZWAVE_R1_R2",
  262: "ZWAVE_R3",
  263: "WATTSTOPPER_DLM",
  264: "ISO_14443",
  265: "RDS",
  266: "USB_DARWIN",
  267: "OPENFLOW",
  268: "SDLC",
  269: "TI_LLN_SNIFFER",
  271: "VSOCK",
  272: "NORDIC_BLE",
  273: "DOCSIS31_XRA31",
  274: "ETHERNET_MPACKET",
  275: "DISPLAYPORT_AUX",
  276: "LINUX_SLL2",
  278: "OPENVIZSLA",
  279: "EBHSCR",
  280: "VPP_DISPATCH",
  281: "DSA_TAG_BRCM",
  282: "DSA_TAG_BRCM_PREPEND",
  283: "IEEE802_15_4_TAP",
  284: "DSA_TAG_DSA",
  285: "DSA_TAG_EDSA",
  286: "ELEE",
  287: "Z_WAVE_SERIAL",
  288: "USB_2_0",
  289: "ATSC_ALP",
};

/**
 * The libpcap name of a DLT value, such as "EN10MB", "LINUX_SLL2" or "IEEE802_11", as
 * `pcap_datalink_val_to_name()` gives it; `undefined` for a value libpcap does not name.
 */
export function dltName(dlt: number): string | undefined {
  return Object.hasOwn(DLT_NAMES, dlt) ? DLT_NAMES[dlt] : undefined;
}
