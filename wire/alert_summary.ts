/**
 * The shape of `GET /api/alerts/summary`, shared by the server that answers it and the page that
 * reads it: unacknowledged alerts per severity, the mutes in force, and what notifications did.
 */
import type { Severity } from "../alerts/alert.ts";

export interface MuteView {
  id: number;
  /** A rule, or a rule family ("port_scan" covers "port_scan.vertical"). */
  rule?: string;
  /** A subject key: an address, "client -> server", a domain. */
  subject?: string;
  pair?: { client: string; server: string };
  /** Epoch ms it ends, or null for never. */
  untilMs: number | null;
  createdMs: number;
  note: string;
}

export interface NotificationCounts {
  /** Messages waiting in the outbox (first attempt or retry). */
  pending: number;
  sent: number;
  /** Messages given up (after the give-up time, or dropped from a full outbox). */
  failed: number;
  /** The last failure's reason (secrets redacted), or null. */
  lastError: string | null;
}

export interface AlertSummary {
  /** Alerts not acknowledged yet, per severity (the header strip's counts). */
  unacknowledged: Record<Severity, number>;
  mutes: MuteView[];
  notifications: NotificationCounts;
  /** Whether history outlives the process (false with `--no-db`). */
  persistent: boolean;
}
