/**
 * Turns findings into alerts people can live with: a repeat of one rule on one subject within
 * the cooldown folds into the open alert (its count grows, the id stays); muted findings are
 * dropped before anything is raised; and at most `maxNewPerMinute` new alerts of each severity
 * are raised per minute (so a burst of info alerts never holds back a critical one), the rest
 * held back and summarised in one alert when the minute ends.
 */
import { type Alert, atLeast, type Severity } from "./alert.ts";
import type { AlertSink } from "./alert_sink.ts";
import type { Finding } from "./finding.ts";
import type { MuteList } from "./mute_list.ts";

const MS_PER_MIN = 60_000;
/** The rule of the summary of what the rate limit held back. */
export const RATE_LIMIT_RULE = "alerts.rate_limited";

export interface EngineOptions {
  /** A repeat this soon after the alert's last occurrence folds into it (ms). */
  cooldownMs: number;
  /** New alerts of one severity raised per minute at most; the rest are summarised. */
  maxNewPerMinute: number;
  /** Open alerts remembered for folding; the least recently seen is forgotten first. */
  maxFolded: number;
}

export class AlertEngine {
  readonly #options: EngineOptions;
  readonly #sinks: AlertSink[];
  readonly #mutes: MuteList;
  /** Open alerts by rule and subject, least recently seen first. */
  readonly #open = new Map<string, Alert>();
  #nextId: number;
  #minute = -Infinity;
  readonly #newThisMinute: Record<Severity, number> = { info: 0, warning: 0, critical: 0 };
  #held = 0;
  #heldByRule = new Map<string, number>();
  #heldSeverity: Severity = "info";
  /** Findings silenced by a mute, in all. */
  muted = 0;

  constructor(options: EngineOptions, sinks: AlertSink[], mutes: MuteList, firstId = 1) {
    this.#options = options;
    this.#sinks = sinks;
    this.#mutes = mutes;
    this.#nextId = firstId;
  }

  submit(f: Finding): void {
    if (this.#mutes.matching(f)) {
      this.muted++;
      return;
    }
    this.#rollMinute(f.timeMs);
    const key = `${f.rule}\u0000${f.subject.key}`;
    const open = this.#open.get(key);
    if (open && f.timeMs - open.lastSeenMs <= this.#options.cooldownMs) {
      open.count++;
      open.lastSeenMs = Math.max(open.lastSeenMs, f.timeMs);
      open.evidence = f.evidence;
      open.message = f.message;
      if (atLeast(f.severity, open.severity)) open.severity = f.severity;
      this.#open.delete(key);
      this.#open.set(key, open);
      for (const sink of this.#sinks) sink.update(open);
      return;
    }
    if (this.#newThisMinute[f.severity] >= this.#options.maxNewPerMinute) {
      this.#held++;
      this.#heldByRule.set(f.rule, (this.#heldByRule.get(f.rule) ?? 0) + 1);
      if (atLeast(f.severity, this.#heldSeverity)) this.#heldSeverity = f.severity;
      return;
    }
    this.#newThisMinute[f.severity]++;
    this.#raise(key, f);
  }

  /** Raise the summary of anything still held back (the end of a file, or shutdown). */
  flush(nowMs: number): void {
    this.#summarise(nowMs);
  }

  /** Mark an alert acknowledged; false when it is not open any more. */
  acknowledge(id: number, nowMs: number): boolean {
    for (const alert of this.#open.values()) {
      if (alert.id !== id) continue;
      alert.acknowledgedMs = nowMs;
      for (const sink of this.#sinks) sink.update(alert);
      return true;
    }
    return false;
  }

  #raise(key: string, f: Finding): void {
    const alert: Alert = {
      id: this.#nextId++,
      rule: f.rule,
      severity: f.severity,
      origin: f.origin ?? "detector",
      subject: f.subject,
      message: f.message,
      evidence: f.evidence,
      firstSeenMs: f.timeMs,
      lastSeenMs: f.timeMs,
      count: 1,
      acknowledgedMs: null,
    };
    this.#open.set(key, alert);
    if (this.#open.size > this.#options.maxFolded) {
      this.#open.delete(this.#open.keys().next().value!);
    }
    for (const sink of this.#sinks) sink.raise(alert);
  }

  #rollMinute(timeMs: number): void {
    const minute = Math.floor(timeMs / MS_PER_MIN);
    if (minute <= this.#minute) return;
    this.#summarise(timeMs);
    this.#minute = minute;
    this.#newThisMinute.info = 0;
    this.#newThisMinute.warning = 0;
    this.#newThisMinute.critical = 0;
  }

  /** One alert saying how many were held back, by rule; never itself rate-limited. */
  #summarise(timeMs: number): void {
    if (this.#held === 0) return;
    const byRule = [...this.#heldByRule].sort((a, b) => b[1] - a[1]);
    const f: Finding = {
      rule: RATE_LIMIT_RULE,
      severity: this.#heldSeverity,
      subject: { kind: "capture", key: "alerts", addresses: [] },
      message: `${this.#held} more alerts held back by the rate limit (` +
        byRule.map(([rule, n]) => `${rule} ${n}`).join(", ") + ")",
      evidence: {
        held: this.#held,
        rules: byRule.map(([rule]) => rule),
        counts: byRule.map(([, n]) => n),
        maxNewPerMinute: this.#options.maxNewPerMinute,
      },
      timeMs,
    };
    this.#held = 0;
    this.#heldByRule = new Map();
    this.#heldSeverity = "info";
    this.#raise(`${RATE_LIMIT_RULE}\u0000${timeMs}`, f);
  }
}
