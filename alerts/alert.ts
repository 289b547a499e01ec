/**
 * The alert record: what every detector raises, what the store keeps, what the API and the page
 * show and what notifications send. One shape for all of them, so a field added here travels
 * everywhere. Field names are part of the public JSON contract (`/api/alerts`, `--report json`).
 */

/** How loud an alert is; channels and the page filter on a minimum severity. */
export type Severity = "info" | "warning" | "critical";

/** Severities from quietest to loudest (index order is the comparison order). */
export const SEVERITIES: readonly Severity[] = ["info", "warning", "critical"];

/** True when `severity` is at least `minimum`. */
export function atLeast(severity: Severity, minimum: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(minimum);
}

/** What an alert is about: repeats of one rule on one subject fold into one alert. */
export interface AlertSubject {
  kind: "host" | "pair" | "flow" | "domain" | "capture";
  /** Canonical text of the subject: an address, "client -> server", a 5-tuple or a domain. */
  key: string;
  /** The addresses involved, for scoping the page's tables (may be empty). */
  addresses: string[];
}

/** Where an alert came from: a detector, the anomaly model, or a person. */
export type AlertOrigin = "detector" | "anomaly" | "manual";

export interface Alert {
  /** Stable id, unique within one database (or one run with `--no-db`). */
  id: number;
  /** Rule name, e.g. "port_scan.vertical", "syn_flood", "dns_tunnel", "anomaly". */
  rule: string;
  severity: Severity;
  origin: AlertOrigin;
  subject: AlertSubject;
  /** One sentence a person can act on. */
  message: string;
  /** The numbers behind the message (rates, counts, thresholds, top sources, ...). */
  evidence: Record<string, number | string | string[] | number[]>;
  /** Epoch ms of the first and latest occurrence (packet clock for files, wall clock live). */
  firstSeenMs: number;
  lastSeenMs: number;
  /** Occurrences folded into this alert. */
  count: number;
  /** Epoch ms it was acknowledged, or null. */
  acknowledgedMs: number | null;
}
