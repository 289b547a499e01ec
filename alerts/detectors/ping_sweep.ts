/**
 * Ping sweep: one source sends echo requests to many distinct hosts in a window (host
 * discovery, nmap -sn). Memory: the (source, target) set and the per-source counts are capped.
 */
import type { AlertOptions } from "../alert_options.ts";
import { AddressSlots } from "../address_slots.ts";
import { DetectionWindow } from "../detection_window.ts";
import { hostSubject, type Report } from "../finding.ts";
import { combine, KeySlots } from "../key_slots.ts";

/** (source, target) echo pairs remembered per window: a /16 swept once. */
export const ECHO_PAIR_CAP = 65_536;
/** Sources of echo requests counted per window. */
export const ECHO_SOURCE_CAP = 4096;
const TARGET_SAMPLES = 5;

export class PingSweepDetector {
  readonly #o: AlertOptions["pingSweep"];
  readonly #window: DetectionWindow;
  readonly #pairs = new KeySlots(ECHO_PAIR_CAP);
  readonly #sources = new AddressSlots(ECHO_SOURCE_CAP, 1 + TARGET_SAMPLES);
  readonly #targets = new Uint32Array(ECHO_SOURCE_CAP);
  readonly #reported = new Uint8Array(ECHO_SOURCE_CAP);

  constructor(options: AlertOptions["pingSweep"]) {
    this.#o = options;
    this.#window = new DetectionWindow(options.windowMs);
  }

  /** An echo request from `src` to `dst`. */
  echo(srcKey: number, dstKey: number, src: Uint8Array, dst: Uint8Array, len: number): void {
    this.#pairs.find(combine(srcKey, dstKey));
    if (!this.#pairs.created) return;
    const s = this.#sources.find(srcKey);
    if (s < 0) return;
    if (this.#sources.created) {
      this.#sources.setAddress(s, 0, src, len);
      this.#targets[s] = 0;
      this.#reported[s] = 0;
    }
    if (this.#targets[s]! < TARGET_SAMPLES) {
      this.#sources.setAddress(s, 1 + this.#targets[s]!, dst, len);
    }
    this.#targets[s]!++;
  }

  /** The capped tables, for reporting how full they are. */
  tables(): Record<string, KeySlots> {
    return { echoPairs: this.#pairs, echoSources: this.#sources };
  }

  /** Every second a new sweep is reported; at the window's close every sweep, final numbers. */
  evaluate(nowMs: number, report: Report, final: boolean): void {
    const closing = this.#window.due(nowMs) || final;
    for (let s = 0; s < this.#sources.size; s++) {
      const hosts = this.#targets[s]!;
      if (hosts < this.#o.minHosts) continue;
      if (!closing && this.#reported[s] === 1) continue;
      this.#reported[s] = 1;
      const source = this.#sources.addressText(s, 0);
      const targets: string[] = [];
      for (let i = 0; i < TARGET_SAMPLES; i++) targets.push(this.#sources.addressText(s, 1 + i));
      report({
        rule: "ping_sweep",
        severity: "warning",
        subject: hostSubject(source),
        message: `${source} pinged ${hosts} hosts`,
        evidence: {
          scanner: source,
          hosts,
          targets,
          windowSec: Math.round(this.#window.seconds(nowMs)),
        },
        timeMs: nowMs,
      });
    }
    if (!closing) return;
    this.#pairs.clear();
    this.#sources.clear();
    this.#window.restart(nowMs);
  }
}
