/**
 * Payload detectors (opt-in): what the capture worker's payload scan found (`PayloadHit`s: a
 * user rule matched, or a client sent high-entropy bytes to a cleartext port), tallied per rule,
 * client, server and port over a window of the run's clock, and reported once a tally reaches
 * its minimum. Hits arrive a batch at a time, not per packet; the tallies are capped.
 *
 * Rules: `payload.rule.NAME` for the user's rule NAME, `payload.entropy` for the entropy check
 * (a mute of `payload` silences both).
 */
import type { AlertOptions } from "../alert_options.ts";
import { DetectionWindow } from "../detection_window.ts";
import { pairSubject, type Report } from "../finding.ts";
import type { PayloadHitBatch } from "../../stats/packet_observer.ts";

/**
 * (rule, client, server, port) tallies in one window: past it new ones are refused and
 * counted (`refused`), the ones held keep counting. Hits are rare by nature (a rule is meant to
 * match seldom), so a thousand subjects a minute is already an incident.
 */
export const MAX_PAYLOAD_TALLIES = 1024;

interface Tally {
  rule: string;
  client: string;
  server: string;
  port: number;
  protocol: string;
  packets: number;
  bitsSum: number;
  firstMs: number;
  lastMs: number;
  /** Packets at the last report (a tally is reported again only when it grew). */
  reported: number;
}

export class PayloadDetector {
  readonly #o: AlertOptions["payload"];
  readonly #window: DetectionWindow;
  readonly #tallies = new Map<string, Tally>();
  /** Tallies refused because the table was full, and hits the worker could not hold. */
  refused = 0;
  dropped = 0;

  constructor(options: AlertOptions["payload"]) {
    this.#o = options;
    this.#window = new DetectionWindow(options.windowMs);
  }

  /** Tallies held now (at most `MAX_PAYLOAD_TALLIES`). */
  get size(): number {
    return this.#tallies.size;
  }

  /** A batch of hits from the worker. */
  hits(batch: PayloadHitBatch): void {
    this.dropped += batch.dropped;
    for (const hit of batch.hits) {
      const rule = hit.rule === "" ? "payload.entropy" : `payload.rule.${hit.rule}`;
      const key = `${rule} ${hit.src} ${hit.dst} ${hit.dstPort} ${hit.protocol}`;
      let tally = this.#tallies.get(key);
      if (tally === undefined) {
        if (this.#tallies.size >= MAX_PAYLOAD_TALLIES) {
          this.refused++;
          continue;
        }
        tally = {
          rule,
          client: hit.src,
          server: hit.dst,
          port: hit.dstPort,
          protocol: hit.protocol,
          packets: 0,
          bitsSum: 0,
          firstMs: hit.timeMs,
          lastMs: hit.timeMs,
          reported: 0,
        };
        this.#tallies.set(key, tally);
      }
      tally.packets++;
      tally.bitsSum += hit.bitsPerByte;
      tally.lastMs = Math.max(tally.lastMs, hit.timeMs);
    }
  }

  /** Report tallies that reached their minimum and grew since; clear them when the window ends. */
  evaluate(nowMs: number, report: Report, final: boolean): void {
    const closing = this.#window.due(nowMs) || final;
    for (const tally of this.#tallies.values()) {
      const entropy = tally.rule === "payload.entropy";
      const min = entropy ? this.#o.entropyMinPackets : this.#o.ruleMinPackets;
      if (tally.packets < Math.max(1, min) || tally.packets === tally.reported) continue;
      tally.reported = tally.packets;
      report(entropy ? entropyFinding(tally, nowMs) : ruleFinding(tally, nowMs));
    }
    if (closing) {
      this.#tallies.clear();
      this.#window.restart(nowMs);
    }
  }
}

function where(t: Tally): string {
  return `from ${t.client} to ${t.server} ${t.protocol} port ${t.port}`;
}

function evidence(t: Tally): Record<string, string | number> {
  return {
    client: t.client,
    server: t.server,
    port: t.port,
    protocol: t.protocol,
    packets: t.packets,
    firstMs: t.firstMs,
    lastMs: t.lastMs,
  };
}

function ruleFinding(t: Tally, nowMs: number) {
  const name = t.rule.slice("payload.rule.".length);
  return {
    rule: t.rule,
    severity: "warning" as const,
    subject: pairSubject(t.client, t.server),
    message: `Payload rule "${name}" matched ${t.packets} packets ${where(t)}`,
    evidence: { ...evidence(t), payloadRule: name },
    timeMs: Math.max(nowMs, t.lastMs),
  };
}

function entropyFinding(t: Tally, nowMs: number) {
  const bits = Math.round(t.bitsSum / t.packets * 100) / 100;
  return {
    rule: t.rule,
    severity: "warning" as const,
    subject: pairSubject(t.client, t.server),
    message: `${t.packets} packets ${where(t)} carried random-looking payloads ` +
      `(${bits} bits per byte on average) where a cleartext protocol is expected`,
    evidence: { ...evidence(t), meanBitsPerByte: bits },
    timeMs: Math.max(nowMs, t.lastMs),
  };
}
