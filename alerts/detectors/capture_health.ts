/**
 * Capture health: packets lost by the kernel, the interface or the ring between the capture
 * worker and the statistics (any of them means every count is low), and a capture that stopped
 * on an error.
 */
import type { AlertOptions } from "../alert_options.ts";
import type { Report } from "../finding.ts";

/** Cumulative drop counters as the capture reports them. */
export interface DropCounters {
  kernel: number;
  ifdrop: number;
  backlog: number;
}

const CAPTURE = { kind: "capture" as const, key: "capture", addresses: [] };

export class CaptureHealthDetector {
  readonly #o: AlertOptions["health"];
  #last = 0;

  constructor(options: AlertOptions["health"]) {
    this.#o = options;
  }

  /** The capture's drop counters now (called once a second). */
  drops(d: DropCounters, nowMs: number, report: Report): void {
    const total = d.kernel + d.ifdrop + d.backlog;
    const lost = total - this.#last;
    this.#last = total;
    if (lost < this.#o.minDrops) return;
    report({
      rule: "capture.drops",
      severity: "warning",
      subject: CAPTURE,
      message: `The capture lost ${lost} packets in the last second (kernel ${d.kernel}, ` +
        `interface ${d.ifdrop}, backlog ${d.backlog} in all): counts are low`,
      evidence: { lost, kernel: d.kernel, interface: d.ifdrop, backlog: d.backlog },
      timeMs: nowMs,
    });
  }

  /** The capture ended; only an error is worth an alert. */
  stopped(reason: string, message: string | null, nowMs: number, report: Report): void {
    if (reason !== "error") return;
    report({
      rule: "capture.stopped",
      severity: "critical",
      subject: CAPTURE,
      message: `The capture stopped: ${message ?? "unknown error"}`,
      evidence: { reason, error: message ?? "" },
      timeMs: nowMs,
    });
  }
}
