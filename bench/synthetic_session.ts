/**
 * One conversation of a synthetic capture: who talks to whom, on which ports, and how far it
 * has got. Sessions are objects reused for the whole run; `start()` overwrites every field.
 */
import type { Prng } from "./prng.ts";
import { type DnsExchange, type DnsName, drawExchange } from "./synthetic_dns.ts";
import type { Mac } from "./synthetic_frames.ts";
import {
  BROADCAST_MAC,
  clientMac,
  clientV4,
  clientV6,
  GATEWAY_MAC,
  GATEWAY_V4,
  gatewayV6,
  RESOLVER_MAC,
  RESOLVER_V4,
  resolverV6,
  serverV4,
  serverV6,
} from "./synthetic_hosts.ts";

/** What a session carries, and so which packets it makes. */
export const Kind = {
  tcp4: 0,
  udp4: 1,
  dns4: 2,
  icmp4: 3,
  tcp6: 4,
  udp6: 5,
  dns6: 6,
  icmp6: 7,
  arp: 8,
} as const;
export type Kind = typeof Kind[keyof typeof Kind];
export type KindName = keyof typeof Kind;
/** Kind names indexed by `Kind` value. */
export const KIND_NAMES = Object.keys(Kind) as KindName[];

/**
 * Linux's default ephemeral port range, 32768-60999 (net.ipv4.ip_local_port_range). Session n
 * uses client n mod C and port FIRST + floor(n / C) mod COUNT, so the first C x 28,232
 * sessions all have distinct (client address, client port) pairs, hence distinct flows.
 */
const EPHEMERAL_FIRST = 32_768;
const EPHEMERAL_COUNT = 28_232;
/**
 * TCP services and their weights: mostly HTTPS, then HTTP, a tail of TLS-wrapped services and
 * MySQL. No SSH: its plaintext key exchange cannot be imitated by random bytes, and tshark
 * would call such a stream malformed.
 */
const TCP_SERVICES = [[443, 60], [80, 15], [853, 4], [8080, 3], [993, 3], [5223, 3], [3306, 2]];
/** UDP services besides DNS: QUIC on 443 (RFC 9000), NTP, and unregistered high ports. */
const UDP_SERVICES = [[443, 70], [123, 10]];
/** The share of sessions whose server port is a random unregistered one. */
const OTHER_PORT_SHARE = 0.1;
const HIGH_PORT_FIRST = 49_152;
/** VLAN IDs tagged sessions use: a few access VLANs, as on a trunk port. */
const VLAN_IDS = [10, 20, 30, 100, 200] as const;
/** Share of ICMPv6 sessions that are neighbour discovery (RFC 4861) rather than echo. */
const ND_SHARE = 0.3;

export class Session {
  kind: Kind = Kind.tcp4;
  /** Packets emitted so far, and how many the session will have. */
  index = 0;
  length = 0;
  /** Index of the session in the whole capture: fixes the client and its port. */
  serial = 0;
  v6 = false;
  vlanId = -1;
  clientPort = 0;
  serverPort = 0;
  /** IPv4 addresses, or the IPv6 ones below. */
  clientV4 = 0;
  peerV4 = 0;
  readonly clientV6 = new Uint8Array(16);
  readonly peerV6 = new Uint8Array(16);
  readonly clientMac: Mac = { hi: 0, lo: 0 };
  /** The gateway for internet traffic; the resolver or the asked host on the LAN. */
  peerMac: Mac = GATEWAY_MAC;
  /** The server's TTL / hop limit as it arrives: 64 minus the hops on the way. */
  peerTtl = 64;
  clientFlowLabel = 0;
  peerFlowLabel = 0;
  ipId = 0;
  // TCP: next sequence number each side will send, and a per-side timestamp clock offset.
  clientSeq = 0;
  serverSeq = 0;
  clientTsOffset = 0;
  serverTsOffset = 0;
  // ICMP echo identifier, or (ICMPv6) true for a neighbour discovery exchange.
  icmpId = 0;
  neighbourDiscovery = false;
  /** ARP: the LAN address asked for. */
  arpTarget = 0;
  /** DNS: the question and what the answer will hold. */
  readonly dns: DnsExchange;
  readonly #names: DnsName[];

  constructor(names: DnsName[]) {
    const name = names[0];
    if (name === undefined) throw new RangeError("Cannot create session: no DNS names");
    this.#names = names;
    this.dns = { id: 0, name, qtype: 1, nxdomain: false, answers: 0, firstServer: 0 };
  }

  get done(): boolean {
    return this.index >= this.length;
  }

  /** Begin session number `serial` of `kind`, `length` packets long. */
  start(kind: Kind, serial: number, length: number, plan: SessionPlan, prng: Prng): void {
    this.kind = kind;
    this.serial = serial;
    this.index = 0;
    this.length = length;
    this.v6 = kind >= Kind.tcp6 && kind <= Kind.icmp6;
    this.vlanId = prng.chance(plan.vlanShare) ? VLAN_IDS[prng.int(0, VLAN_IDS.length - 1)]! : -1;
    const client = serial % plan.clients;
    this.clientPort = EPHEMERAL_FIRST + Math.floor(serial / plan.clients) % EPHEMERAL_COUNT;
    clientMac(client, this.clientMac);
    this.clientV4 = clientV4(client);
    clientV6(client, this.clientV6);
    const server = prng.skewed(plan.servers);
    const lan = kind === Kind.dns4 || kind === Kind.dns6 || kind === Kind.arp;
    this.peerMac = lan ? RESOLVER_MAC : GATEWAY_MAC;
    this.peerV4 = lan ? RESOLVER_V4 : serverV4(server);
    if (lan) resolverV6(this.peerV6);
    else serverV6(server, this.peerV6);
    this.peerTtl = lan ? 64 : 64 - 6 - (server % 14);
    this.clientFlowLabel = prng.u32() & 0xfffff;
    this.peerFlowLabel = prng.u32() & 0xfffff;
    this.ipId = prng.int(0, 0xffff);
    this.serverPort = pickService(kind, prng);
    this.clientSeq = prng.u32();
    this.serverSeq = prng.u32();
    this.clientTsOffset = prng.u32();
    this.serverTsOffset = prng.u32();
    this.icmpId = this.clientPort;
    this.neighbourDiscovery = kind === Kind.icmp6 && prng.chance(ND_SHARE);
    if (this.neighbourDiscovery) {
      this.peerMac = GATEWAY_MAC;
      gatewayV6(this.peerV6);
      this.peerTtl = 255; // RFC 4861 requires hop limit 255 on ND messages
    }
    if (kind === Kind.dns4 || kind === Kind.dns6) {
      drawExchange(prng, this.#names, this.v6, this.dns);
    }
    if (kind === Kind.arp) {
      const gateway = prng.chance(0.5);
      this.arpTarget = gateway ? GATEWAY_V4 : RESOLVER_V4;
      this.peerMac = gateway ? GATEWAY_MAC : RESOLVER_MAC;
    }
  }

  /** The destination MAC of a frame from the client: broadcast for an ARP request. */
  clientDestination(): Mac {
    return this.kind === Kind.arp && this.index === 0 ? BROADCAST_MAC : this.peerMac;
  }
}

/** The parameters every session start needs. */
export interface SessionPlan {
  clients: number;
  servers: number;
  vlanShare: number;
}

function pickService(kind: Kind, prng: Prng): number {
  if (kind === Kind.dns4 || kind === Kind.dns6) return 53;
  if (kind !== Kind.tcp4 && kind !== Kind.tcp6 && kind !== Kind.udp4 && kind !== Kind.udp6) {
    return 0;
  }
  if (prng.chance(OTHER_PORT_SHARE)) return prng.int(HIGH_PORT_FIRST, 65_535);
  const table = kind === Kind.tcp4 || kind === Kind.tcp6 ? TCP_SERVICES : UDP_SERVICES;
  let total = 0;
  for (const [, weight] of table) total += weight ?? 0;
  let pick = prng.float() * total;
  for (const [port, weight] of table) {
    pick -= weight ?? 0;
    if (pick < 0) return port ?? 443;
  }
  return table[0]?.[0] ?? 443;
}
