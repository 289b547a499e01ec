/**
 * Port scans, TCP and UDP. A probe is a TCP segment without ACK or RST (SYN, and the FIN, NULL
 * and Xmas probes no TCP stack sends outside a scan) or a UDP datagram that answers nothing;
 * a SYN-ACK or a UDP datagram coming back answers it. Per window:
 * - vertical: one source probes many ports on one host, most of them unanswered (closed,
 *   filtered), or a few with stealth probes;
 * - horizontal: one source probes one port on many hosts, most of them unanswered.
 * Memory: the probed (source, target, port) set and both tables are capped `KeySlots`.
 */
import type { AlertOptions } from "../alert_options.ts";
import { AddressSlots } from "../address_slots.ts";
import { DetectionWindow } from "../detection_window.ts";
import { hostSubject, type Report } from "../finding.ts";
import { combine, KeySlots } from "../key_slots.ts";

/** (source, target, port) probes remembered per window: a full nmap run of one host is 1,000. */
export const PROBE_CAP = 32_768;
/** (source, target) pairs and (source, port) sweeps counted per window. */
export const SCAN_PAIR_CAP = 4096;
/**
 * Bits of a filter in front of the probe table: most UDP datagrams answer no probe, and one
 * bit read (a 64 KiB bitmap stays in cache; the table does not) tells most of them apart.
 */
const FILTER_BITS = 1 << 19;
/** Targets of a horizontal sweep named in its evidence. */
const TARGET_SAMPLES = 5;

export const NOT_AN_ANSWER = 0;
export const FIRST_ANSWER = 1;
export const ANSWERED = 2;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;

export class PortScanDetector {
  readonly #o: AlertOptions["portScan"];
  readonly #window: DetectionWindow;
  readonly #probes = new KeySlots(PROBE_CAP);
  /** Per probe: its vertical and horizontal slots, and whether it was answered. */
  readonly #probeVertical = new Int32Array(PROBE_CAP);
  readonly #probeSweep = new Int32Array(PROBE_CAP);
  readonly #probeAnswered = new Uint8Array(PROBE_CAP);
  readonly #filter = new Uint32Array(FILTER_BITS / 32);
  /** (source, target): source address 0, target 1. */
  readonly #vertical = new AddressSlots(SCAN_PAIR_CAP, 2);
  readonly #vPorts = new Uint32Array(SCAN_PAIR_CAP);
  readonly #vAnswered = new Uint32Array(SCAN_PAIR_CAP);
  readonly #vStealth = new Uint32Array(SCAN_PAIR_CAP);
  readonly #vTcp = new Uint32Array(SCAN_PAIR_CAP);
  readonly #vMinPort = new Uint16Array(SCAN_PAIR_CAP);
  readonly #vMaxPort = new Uint16Array(SCAN_PAIR_CAP);
  readonly #vReported = new Uint8Array(SCAN_PAIR_CAP);
  /** (source, port, protocol): source address 0, sample targets 1... */
  readonly #sweep = new AddressSlots(SCAN_PAIR_CAP, 1 + TARGET_SAMPLES);
  readonly #sHosts = new Uint32Array(SCAN_PAIR_CAP);
  readonly #sAnswered = new Uint32Array(SCAN_PAIR_CAP);
  readonly #sPort = new Uint16Array(SCAN_PAIR_CAP);
  readonly #sProto = new Uint8Array(SCAN_PAIR_CAP);
  readonly #sReported = new Uint8Array(SCAN_PAIR_CAP);

  constructor(options: AlertOptions["portScan"]) {
    this.#o = options;
    this.#window = new DetectionWindow(options.windowMs);
  }

  /**
   * A probe from `src` to `dst`:`port`; `stealth` for a TCP probe without SYN. True when this
   * (source, target, port) is new in the window.
   */
  probe(
    srcKey: number,
    dstKey: number,
    src: Uint8Array,
    dst: Uint8Array,
    len: number,
    port: number,
    proto: number,
    stealth: boolean,
  ): boolean {
    const pairKey = combine(srcKey, dstKey);
    const key = combine(pairKey, port | proto << 16);
    const probe = this.#probes.find(key);
    if (probe < 0 || !this.#probes.created) return false;
    this.#filter[(key & (FILTER_BITS - 1)) >>> 5]! |= 1 << (key & 31);
    const v = this.#vertical.find(pairKey);
    this.#probeVertical[probe] = v;
    this.#probeAnswered[probe] = 0;
    if (v >= 0) {
      if (this.#vertical.created) {
        this.#vertical.setAddress(v, 0, src, len);
        this.#vertical.setAddress(v, 1, dst, len);
        this.#vPorts[v] = 0;
        this.#vAnswered[v] = 0;
        this.#vStealth[v] = 0;
        this.#vTcp[v] = 0;
        this.#vMinPort[v] = port;
        this.#vMaxPort[v] = port;
        this.#vReported[v] = 0;
      }
      this.#vPorts[v]!++;
      if (stealth) this.#vStealth[v]!++;
      if (proto === PROTO_TCP) this.#vTcp[v]!++;
      if (port < this.#vMinPort[v]!) this.#vMinPort[v] = port;
      if (port > this.#vMaxPort[v]!) this.#vMaxPort[v] = port;
    }
    const s = this.#sweep.find(combine(srcKey, port | proto << 16));
    this.#probeSweep[probe] = s;
    if (s >= 0) {
      if (this.#sweep.created) {
        this.#sweep.setAddress(s, 0, src, len);
        this.#sHosts[s] = 0;
        this.#sAnswered[s] = 0;
        this.#sPort[s] = port;
        this.#sProto[s] = proto;
        this.#sReported[s] = 0;
      }
      if (this.#sHosts[s]! < TARGET_SAMPLES) {
        this.#sweep.setAddress(s, 1 + this.#sHosts[s]!, dst, len);
      }
      this.#sHosts[s]!++;
    }
    return true;
  }

  /**
   * `src`:`srcPort` answered a probe from `dst` (a SYN-ACK, or UDP coming back): `NOT_AN_ANSWER`
   * when no such probe is known (a UDP datagram that answers is not itself a probe),
   * `FIRST_ANSWER` the first time the probe is answered, `ANSWERED` after.
   */
  answer(srcKey: number, dstKey: number, srcPort: number, proto: number): number {
    const key = combine(combine(dstKey, srcKey), srcPort | proto << 16);
    if ((this.#filter[(key & (FILTER_BITS - 1)) >>> 5]! & (1 << (key & 31))) === 0) {
      return NOT_AN_ANSWER;
    }
    const probe = this.#probes.get(key);
    if (probe < 0) return NOT_AN_ANSWER;
    if (this.#probeAnswered[probe] !== 0) return ANSWERED;
    this.#probeAnswered[probe] = 1;
    const v = this.#probeVertical[probe]!;
    if (v >= 0) this.#vAnswered[v]!++;
    const s = this.#probeSweep[probe]!;
    if (s >= 0) this.#sAnswered[s]!++;
    return FIRST_ANSWER;
  }

  /** The capped tables, for reporting how full they are. */
  tables(): Record<string, KeySlots> {
    return { probes: this.#probes, scanPairs: this.#vertical, sweeps: this.#sweep };
  }

  /**
   * Every second: a scan that crossed its threshold is reported at once. When the window is
   * over (or `final`: the end of a file) every scan is reported with its final numbers (folding
   * into the alert raised when it crossed), and the next window starts.
   */
  evaluate(nowMs: number, report: Report, final: boolean): void {
    const closing = this.#window.due(nowMs) || final;
    this.#judgeVertical(nowMs, report, closing);
    this.#judgeSweeps(nowMs, report, closing);
    if (!closing) return;
    this.#probes.clear();
    this.#filter.fill(0);
    this.#vertical.clear();
    this.#sweep.clear();
    this.#window.restart(nowMs);
  }

  #judgeVertical(nowMs: number, report: Report, closing: boolean): void {
    const o = this.#o;
    for (let v = 0; v < this.#vertical.size; v++) {
      const ports = this.#vPorts[v]!;
      const failed = ports - this.#vAnswered[v]!;
      const stealth = this.#vStealth[v]!;
      const wide = ports >= o.verticalMinPorts && failed >= o.minFailedShare * ports;
      if (!wide && stealth < o.stealthMinPorts) continue;
      if (!closing && this.#vReported[v] === 1) continue;
      this.#vReported[v] = 1;
      const scanner = this.#vertical.addressText(v, 0);
      const target = this.#vertical.addressText(v, 1);
      const proto = this.#vTcp[v] === ports ? "TCP" : this.#vTcp[v] === 0 ? "UDP" : "TCP+UDP";
      const range = `${this.#vMinPort[v]}-${this.#vMaxPort[v]}`;
      report({
        rule: "port_scan.vertical",
        severity: "warning",
        subject: hostSubject(scanner),
        message: `${scanner} probed ${ports} ${proto} ports of ${target} (${range}), ` +
          `${failed} unanswered` + (stealth > 0 ? `, ${stealth} with stealth probes` : ""),
        evidence: {
          scanner,
          targets: [target],
          protocol: proto,
          ports,
          unanswered: failed,
          stealthProbes: stealth,
          portRange: range,
          windowSec: Math.round(this.#window.seconds(nowMs)),
        },
        timeMs: nowMs,
      });
    }
  }

  #judgeSweeps(nowMs: number, report: Report, closing: boolean): void {
    const o = this.#o;
    for (let s = 0; s < this.#sweep.size; s++) {
      const hosts = this.#sHosts[s]!;
      const failed = hosts - this.#sAnswered[s]!;
      if (hosts < o.horizontalMinHosts || failed < o.minFailedShare * hosts) continue;
      if (!closing && this.#sReported[s] === 1) continue;
      this.#sReported[s] = 1;
      const scanner = this.#sweep.addressText(s, 0);
      const targets: string[] = [];
      for (let i = 0; i < Math.min(hosts, TARGET_SAMPLES); i++) {
        targets.push(this.#sweep.addressText(s, 1 + i));
      }
      const proto = this.#sProto[s] === PROTO_TCP ? "TCP" : "UDP";
      const port = this.#sPort[s]!;
      report({
        rule: "port_scan.horizontal",
        severity: "warning",
        subject: hostSubject(scanner),
        message: `${scanner} swept ${proto} port ${port} on ${hosts} hosts, ${failed} unanswered`,
        evidence: {
          scanner,
          targets,
          protocol: proto,
          hosts,
          unanswered: failed,
          portRange: `${port}-${port}`,
          windowSec: Math.round(this.#window.seconds(nowMs)),
        },
        timeMs: nowMs,
      });
    }
  }
}
