/**
 * Traffic spike: packets/s or bits/s of one second, overall and per protocol family (TCP,
 * UDP, ICMP, other), far above a robust baseline learned from the recent past
 * (`RobustBaseline`), after a warm-up, and above an absolute floor so a quiet link does not
 * alert on a handful of packets.
 */
import type { AlertOptions } from "../alert_options.ts";
import type { Report } from "../finding.ts";
import { RobustBaseline } from "./robust_baseline.ts";

export const FAMILIES = ["all", "tcp", "udp", "icmp", "other"] as const;
export const FAMILY_TCP = 1;
export const FAMILY_UDP = 2;
export const FAMILY_ICMP = 3;
export const FAMILY_OTHER = 4;
/** A file's gap longer than this restarts the baselines instead of folding the gap in. */
const MAX_GAP_SEC = 3600;

export class TrafficSpikeDetector {
  readonly #o: AlertOptions["spike"];
  readonly #packets = new Float64Array(FAMILIES.length);
  readonly #bytes = new Float64Array(FAMILIES.length);
  readonly #pps: RobustBaseline[];
  readonly #bps: RobustBaseline[];
  #second = -1;

  constructor(options: AlertOptions["spike"]) {
    this.#o = options;
    this.#pps = FAMILIES.map(() => new RobustBaseline(options.alpha));
    this.#bps = FAMILIES.map(() => new RobustBaseline(options.alpha));
  }

  /** Count one packet of `family` (1-4) and `bytes` on the wire. */
  count(family: number, bytes: number): void {
    this.#packets[0]!++;
    this.#bytes[0]! += bytes;
    this.#packets[family]!++;
    this.#bytes[family]! += bytes;
  }

  /** Close every whole second before `nowMs`: judge it, learn it. */
  evaluate(nowMs: number, report: Report): void {
    const second = Math.floor(nowMs / 1000);
    if (this.#second < 0) this.#second = second;
    if (second <= this.#second) return;
    const gap = second - this.#second - 1;
    for (let f = 0; f < FAMILIES.length; f++) {
      this.#judge(f, this.#packets[f]!, this.#pps[f]!, "packets/s", nowMs, report);
      this.#judge(f, this.#bytes[f]! * 8, this.#bps[f]!, "bits/s", nowMs, report);
      for (const b of [this.#pps[f]!, this.#bps[f]!]) {
        if (gap > MAX_GAP_SEC) b.seen = 0;
        else b.learnQuiet(gap);
      }
    }
    this.#packets.fill(0);
    this.#bytes.fill(0);
    this.#second = second;
  }

  #judge(
    f: number,
    value: number,
    baseline: RobustBaseline,
    unit: "packets/s" | "bits/s",
    nowMs: number,
    report: Report,
  ): void {
    const o = this.#o;
    const threshold = baseline.threshold(o.k);
    const floor = unit === "packets/s" ? o.floorPps : o.floorBps;
    if (baseline.seen >= o.warmupSec && value > threshold && value > floor) {
      const family = FAMILIES[f]!;
      report({
        rule: `traffic_spike.${unit === "packets/s" ? "pps" : "bps"}`,
        severity: "warning",
        subject: { kind: "capture", key: family, addresses: [] },
        message: `${family === "all" ? "Traffic" : family.toUpperCase() + " traffic"} ` +
          `spiked to ${Math.round(value)} ${unit} (baseline ${Math.round(baseline.mean)})`,
        evidence: {
          family,
          unit,
          value: Math.round(value),
          baseline: Math.round(baseline.mean),
          threshold: Math.round(threshold),
          floor,
        },
        timeMs: nowMs,
      });
    }
    baseline.learn(value, baseline.seen >= o.warmupSec ? Math.max(threshold, floor) : Infinity);
  }
}
