/**
 * New activity after a learning period: a local host answering on a port it was not seen
 * serving (a new listening service), and an external host opening a connection or sending an
 * unsolicited datagram to a local host for the first time (a new external talker). Outbound
 * browsing to new sites is ordinary and is not reported. Both are `info`: worth a look, never a
 * page.
 *
 * "Local" is the user's `--local-net` networks, or else the private, shared and link-local
 * ranges. Memory: what was learned is kept in capped sets that are never cleared; a full set
 * stops learning and stops reporting (what it refused is counted).
 */
import type { AlertOptions } from "../alert_options.ts";
import { combine, KeySlots } from "../key_slots.ts";
import { hostSubject, type Report } from "../finding.ts";
import { formatAddress } from "../../net/ip_format.ts";
import { parseCidr } from "../../stats/enrich/cidr.ts";
import type { Cidr } from "../../stats/enrich/cidr.ts";

/** (host, port, protocol) services and external talkers remembered, each. */
export const KNOWN_SERVICES_CAP = 65_536;
export const KNOWN_TALKERS_CAP = 65_536;
/** Findings waiting for the next tick (reported once a second, not per packet). */
const PENDING_CAP = 256;

/** RFC 1918, RFC 6598 shared, link-local (RFC 3927, RFC 4291), unique local (RFC 4193). */
const DEFAULT_LOCAL = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "169.254.0.0/16",
  "fc00::/7",
  "fe80::/10",
];

export class NewActivityDetector {
  readonly #o: AlertOptions["newActivity"];
  readonly #local: Cidr[];
  readonly #services = new KeySlots(KNOWN_SERVICES_CAP);
  readonly #talkers = new KeySlots(KNOWN_TALKERS_CAP);
  #learnUntilMs = -1;
  #pending: { rule: string; host: string; peer: string; port: number; proto: string }[] = [];

  constructor(options: AlertOptions["newActivity"], localNets: readonly string[]) {
    this.#o = options;
    const nets = localNets.length > 0 ? localNets : DEFAULT_LOCAL;
    this.#local = nets.map((n) => parseCidr(n, "local network"));
  }

  /** True when the address is in a local network. */
  isLocal(bytes: Uint8Array, len: number): boolean {
    for (const cidr of this.#local) {
      if (cidr.len === len && inPrefix(bytes, cidr)) return true;
    }
    return false;
  }

  /** `host` answered on `port` (a SYN-ACK, or the first UDP reply of a flow). */
  service(
    hostKey: number,
    host: Uint8Array,
    len: number,
    port: number,
    proto: number,
    nowMs: number,
  ) {
    if (!this.#o.enabled || !this.isLocal(host, len)) return;
    this.#services.find(combine(hostKey, port | proto << 16));
    if (!this.#services.created || this.#learning(nowMs)) return;
    this.#queue("new_service", formatAddress(host, len), "", port, proto);
  }

  /** `src` opened something toward `dst` (a SYN, or a datagram that answers nothing). */
  talker(srcKey: number, src: Uint8Array, dst: Uint8Array, len: number, nowMs: number): void {
    if (!this.#o.enabled || this.isLocal(src, len) || !this.isLocal(dst, len)) return;
    if (len === 4 ? src[0]! >= 224 : src[0] === 0xff) return;
    this.#talkers.find(srcKey);
    if (!this.#talkers.created || this.#learning(nowMs)) return;
    this.#queue("new_talker", formatAddress(src, len), formatAddress(dst, len), -1, 0);
  }

  #learning(nowMs: number): boolean {
    if (this.#learnUntilMs < 0) this.#learnUntilMs = nowMs + this.#o.learningMs;
    return nowMs < this.#learnUntilMs;
  }

  #queue(rule: string, host: string, peer: string, port: number, proto: number): void {
    // Rare by construction (once per new service or talker), so a small object is fine here.
    if (this.#pending.length < PENDING_CAP) {
      this.#pending.push({ rule, host, peer, port, proto: proto === 6 ? "TCP" : "UDP" });
    }
  }

  evaluate(nowMs: number, report: Report): void {
    for (const p of this.#pending) {
      const service = p.rule === "new_service";
      report({
        rule: p.rule,
        severity: "info",
        subject: service
          ? { kind: "host", key: `${p.host} ${p.proto}/${p.port}`, addresses: [p.host] }
          : hostSubject(p.host),
        message: service
          ? `${p.host} answers on ${p.proto} port ${p.port} for the first time since learning`
          : `${p.host} (external) contacted ${p.peer} for the first time since learning`,
        evidence: service
          ? { host: p.host, port: p.port, protocol: p.proto }
          : { talker: p.host, localHost: p.peer },
        timeMs: nowMs,
      });
    }
    this.#pending = [];
  }
}

function inPrefix(bytes: Uint8Array, cidr: Cidr): boolean {
  let bits = cidr.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== cidr.bytes[i]) return false;
  }
  return true;
}
