/**
 * Where raised alerts go: the store keeps them, notifiers send them, the SSE hub shows them.
 * The alert engine calls `raise` once for a new alert and `update` each time a repeat folds
 * into it (count, lastSeenMs and evidence change; the id stays).
 */
import type { Alert } from "./alert.ts";

export interface AlertSink {
  /** A new alert (its first occurrence, after folding, rate limit and mutes). */
  raise(alert: Alert): void;
  /** An alert already raised changed: a repeat folded in, or it was acknowledged. */
  update(alert: Alert): void;
}
