/**
 * SYN flood: many half-open connections toward one host and port in a window, that is SYNs
 * whose handshake the client never completes (no ACK from the client on that 4-tuple), with
 * the top sources as evidence (one source, or thousands of spoofed ones).
 * Memory: handshakes, victims and (victim, source) counts are capped `KeySlots`; a handshake
 * the full table cannot hold counts as half-open, as in a flood it almost always is.
 */
import type { AlertOptions } from "../alert_options.ts";
import { AddressSlots } from "../address_slots.ts";
import { DetectionWindow } from "../detection_window.ts";
import { hostSubject, type Report } from "../finding.ts";
import { combine, KeySlots } from "../key_slots.ts";

/** Handshakes followed per window: 10 s of a 6,500 SYN/s flood. */
export const HANDSHAKE_CAP = 65_536;
/** (host, port) pairs receiving SYNs, per window. */
export const VICTIM_CAP = 16_384;
/** (victim, source) counts, for the top sources. */
export const SYN_SOURCE_CAP = 16_384;
/** Sources named in the evidence. */
const TOP_SOURCES = 5;
/**
 * Bits of a filter in front of the handshake table: most ACKs belong to established
 * connections, and one bit read (32 KiB: it stays in cache) tells most of them apart from a
 * handshake's final ACK.
 */
const FILTER_BITS = 1 << 18;

export class SynFloodDetector {
  readonly #o: AlertOptions["synFlood"];
  readonly #window: DetectionWindow;
  readonly #handshakes = new KeySlots(HANDSHAKE_CAP);
  readonly #hsVictim = new Int32Array(HANDSHAKE_CAP);
  readonly #hsDone = new Uint8Array(HANDSHAKE_CAP);
  readonly #filter = new Uint32Array(FILTER_BITS / 32);
  readonly #victims = new AddressSlots(VICTIM_CAP, 1);
  readonly #syns = new Uint32Array(VICTIM_CAP);
  readonly #halfOpen = new Uint32Array(VICTIM_CAP);
  readonly #victimPort = new Uint16Array(VICTIM_CAP);
  readonly #reported = new Uint8Array(VICTIM_CAP);
  readonly #sources = new AddressSlots(SYN_SOURCE_CAP, 1);
  readonly #sourceVictim = new Int32Array(SYN_SOURCE_CAP);
  readonly #sourceSyns = new Uint32Array(SYN_SOURCE_CAP);

  constructor(options: AlertOptions["synFlood"]) {
    this.#o = options;
    this.#window = new DetectionWindow(options.windowMs);
  }

  /** A SYN without ACK from `src`:`srcPort` to `dst`:`dstPort`. */
  syn(
    srcKey: number,
    dstKey: number,
    src: Uint8Array,
    dst: Uint8Array,
    len: number,
    srcPort: number,
    dstPort: number,
  ): void {
    const victimKey = combine(dstKey, dstPort);
    const victim = this.#victims.find(victimKey);
    if (victim >= 0 && this.#victims.created) {
      this.#victims.setAddress(victim, 0, dst, len);
      this.#syns[victim] = 0;
      this.#halfOpen[victim] = 0;
      this.#victimPort[victim] = dstPort;
      this.#reported[victim] = 0;
    }
    const key = combine(combine(srcKey, dstKey), srcPort << 16 | dstPort);
    const hs = this.#handshakes.find(key);
    if (hs >= 0 && !this.#handshakes.created) return; // a retransmitted SYN
    if (hs >= 0) {
      this.#hsVictim[hs] = victim;
      this.#hsDone[hs] = 0;
      this.#filter[(key & (FILTER_BITS - 1)) >>> 5]! |= 1 << (key & 31);
    }
    // A target the full table could not take is judged from the next window on.
    if (victim < 0) return;
    this.#syns[victim]!++;
    this.#halfOpen[victim]!++;
    const source = this.#sources.find(combine(victimKey, srcKey));
    if (source < 0) return;
    if (this.#sources.created) {
      this.#sources.setAddress(source, 0, src, len);
      this.#sourceVictim[source] = victim;
      this.#sourceSyns[source] = 0;
    }
    this.#sourceSyns[source]!++;
  }

  /** An ACK without SYN from the client side: may complete a handshake. */
  ack(srcKey: number, dstKey: number, srcPort: number, dstPort: number): void {
    const key = combine(combine(srcKey, dstKey), srcPort << 16 | dstPort);
    if ((this.#filter[(key & (FILTER_BITS - 1)) >>> 5]! & (1 << (key & 31))) === 0) return;
    const hs = this.#handshakes.get(key);
    if (hs < 0 || this.#hsDone[hs] === 1) return;
    this.#hsDone[hs] = 1;
    const victim = this.#hsVictim[hs]!;
    if (victim >= 0) this.#halfOpen[victim]!--;
  }

  /** The capped tables, for reporting how full they are. */
  tables(): Record<string, KeySlots> {
    return { handshakes: this.#handshakes, synTargets: this.#victims, synSources: this.#sources };
  }

  /**
   * Every second: a flood past its threshold is reported at once; when the window closes, every
   * flood is reported with its final numbers (folding into the alert) and the next one starts.
   */
  evaluate(nowMs: number, report: Report, final: boolean): void {
    const closing = this.#window.due(nowMs) || final;
    const o = this.#o;
    for (let v = 0; v < this.#victims.size; v++) {
      const half = this.#halfOpen[v]!;
      const syns = this.#syns[v]!;
      if (half < o.minHalfOpen || half < o.minHalfOpenShare * syns) continue;
      if (!closing && this.#reported[v] === 1) continue;
      this.#reported[v] = 1;
      const victim = this.#victims.addressText(v, 0);
      const port = this.#victimPort[v]!;
      const top = this.#topSources(v);
      const seconds = this.#window.seconds(nowMs);
      report({
        rule: "syn_flood",
        severity: "critical",
        subject: hostSubject(victim),
        message: `SYN flood toward ${victim} port ${port}: ${half} half-open connections in ` +
          `${Math.round(seconds)} s (${Math.round(half / seconds)}/s), top source ${
            top[0]?.[0] ?? "unknown"
          }`,
        evidence: {
          target: victim,
          port,
          halfOpen: half,
          syns,
          perSecond: Math.round(half / seconds),
          topSources: top.map(([ip]) => ip),
          topSourceSyns: top.map(([, n]) => n),
          distinctSources: top.length < TOP_SOURCES ? top.length : this.#sourceCount(v),
        },
        timeMs: nowMs,
      });
    }
    if (!closing) return;
    this.#handshakes.clear();
    this.#victims.clear();
    this.#sources.clear();
    this.#filter.fill(0);
    this.#window.restart(nowMs);
  }

  #topSources(victim: number): [string, number][] {
    const rows: [number, number][] = [];
    for (let s = 0; s < this.#sources.size; s++) {
      if (this.#sourceVictim[s] === victim) rows.push([s, this.#sourceSyns[s]!]);
    }
    rows.sort((a, b) => b[1] - a[1]);
    return rows.slice(0, TOP_SOURCES).map(([s, n]) => [this.#sources.addressText(s, 0), n]);
  }

  #sourceCount(victim: number): number {
    let n = 0;
    for (let s = 0; s < this.#sources.size; s++) if (this.#sourceVictim[s] === victim) n++;
    return n;
  }
}
