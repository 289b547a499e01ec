/**
 * Service names of the well-known ports seen most on real links, after the IANA "Service Name
 * and Transport Protocol Port Number Registry" (RFC 6335), with the common name where IANA's
 * differs ("dns" for "domain", "rdp" for "ms-wbt-server"). A Uint8Array per protocol maps a port
 * to its name in O(1), so the hot path can ask whether a port is a known service.
 */

const TCP = 6;
const UDP = 17;

// [port, tcp name, udp name]; "" where the service does not use that transport.
const SERVICES: readonly [number, string, string][] = [
  [20, "ftp-data", ""],
  [21, "ftp", ""],
  [22, "ssh", ""],
  [23, "telnet", ""],
  [25, "smtp", ""],
  [53, "dns", "dns"],
  [67, "", "dhcp-server"],
  [68, "", "dhcp-client"],
  [69, "", "tftp"],
  [80, "http", ""],
  [88, "kerberos", "kerberos"],
  [110, "pop3", ""],
  [123, "", "ntp"],
  [135, "msrpc", ""],
  [137, "", "netbios-ns"],
  [138, "", "netbios-dgm"],
  [139, "netbios-ssn", ""],
  [143, "imap", ""],
  [161, "", "snmp"],
  [162, "", "snmptrap"],
  [179, "bgp", ""],
  [389, "ldap", "ldap"],
  [443, "https", "quic"], // HTTP/3 runs QUIC on udp/443 (RFC 9114 3.1)
  [445, "smb", ""],
  [465, "smtps", ""],
  [500, "", "isakmp"],
  [514, "", "syslog"],
  [546, "", "dhcpv6-client"],
  [547, "", "dhcpv6-server"],
  [587, "submission", ""],
  [636, "ldaps", ""],
  [853, "dns-over-tls", "dns-over-quic"], // RFC 7858, RFC 9250
  [993, "imaps", ""],
  [995, "pop3s", ""],
  [1194, "openvpn", "openvpn"],
  [1812, "", "radius"],
  [1883, "mqtt", ""],
  [1900, "", "ssdp"],
  [3306, "mysql", ""],
  [3389, "rdp", "rdp"],
  [3478, "stun", "stun"],
  [4500, "", "ipsec-nat-t"],
  [4789, "", "vxlan"],
  [5060, "sip", "sip"],
  [5222, "xmpp", ""],
  [5228, "fcm", ""], // Google's push channel (IANA lists "hpvroom")
  [5353, "", "mdns"],
  [5355, "llmnr", "llmnr"],
  [5432, "postgresql", ""],
  [6379, "redis", ""],
  [8080, "http-alt", ""],
  [8443, "https-alt", ""],
  [27017, "mongodb", ""],
];

const NAMES: string[] = [""];
const TCP_PORTS = new Uint8Array(65536);
const UDP_PORTS = new Uint8Array(65536);
for (const [port, tcp, udp] of SERVICES) {
  for (const [name, table] of [[tcp, TCP_PORTS], [udp, UDP_PORTS]] as const) {
    if (name === "") continue;
    let i = NAMES.indexOf(name);
    if (i < 0) i = NAMES.push(name) - 1;
    table[port] = i;
  }
}

function tableOf(proto: number): Uint8Array | null {
  return proto === TCP ? TCP_PORTS : proto === UDP ? UDP_PORTS : null;
}

/** True when `port` is a known service of `proto` (6 or 17). Allocation-free. */
export function isServicePort(proto: number, port: number): boolean {
  const t = tableOf(proto);
  return t !== null && port >= 0 && t[port & 0xffff]! !== 0;
}

/** Name of `port` under `proto`, or null. */
export function portServiceName(proto: number, port: number): string | null {
  const t = tableOf(proto);
  if (t === null || port < 0 || port > 0xffff) return null;
  const i = t[port]!;
  return i === 0 ? null : NAMES[i] ?? null;
}

/**
 * The port that names a conversation's service: the one that is a known service (the lower
 * if both are), else the lower port, since clients draw theirs from the high ephemeral range
 * (RFC 6335 section 6: 49152-65535).
 */
export function servicePort(proto: number, srcPort: number, dstPort: number): number {
  const s = isServicePort(proto, srcPort);
  const d = isServicePort(proto, dstPort);
  if (s !== d) return s ? srcPort : dstPort;
  return srcPort < dstPort ? srcPort : dstPort;
}

/** Service name of a conversation between two ports, or null. */
export function serviceName(proto: number, portA: number, portB: number): string | null {
  return portServiceName(proto, servicePort(proto, portA, portB));
}
