/**
 * Alerts in the history database. As an `AlertSink` it keeps what the alert engine raises and
 * every later fold; the API reads it back with filters, creates alerts by hand and acknowledges.
 * Each call is one statement, so each is its own committed transaction: once a call returns, the
 * alert survives a killed process.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Alert, AlertOrigin, AlertSubject, Severity } from "../alerts/alert.ts";
import type { AlertSink } from "../alerts/alert_sink.ts";

/** Rows one query returns at most: an API page, and what an export streams per batch. */
export const MAX_ALERT_PAGE = 10_000;

export interface AlertFilter {
  /** Any of these severities (empty or absent: all). */
  severities?: readonly Severity[];
  /** Any of these rules. */
  rules?: readonly string[];
  /** The subject's key, or one of its addresses. */
  subject?: string;
  /** Last seen at or after this epoch ms. */
  sinceMs?: number;
  acknowledged?: boolean;
  /** Newest first; at most MAX_ALERT_PAGE. */
  limit?: number;
  /** Only alerts with an id below this (paging backwards through history). */
  beforeId?: number;
}

/** An alert before the store gives it an id. */
export type NewAlert = Omit<Alert, "id">;

interface AlertRow {
  id: number;
  rule: string;
  severity: Severity;
  origin: AlertOrigin;
  subject_kind: AlertSubject["kind"];
  subject_key: string;
  subject_addresses: string;
  message: string;
  evidence: string;
  first_seen_ms: number;
  last_seen_ms: number;
  count: number;
  acknowledged_ms: number | null;
}

export class AlertStore implements AlertSink {
  readonly #db: DatabaseSync;
  readonly #upsert: StatementSync;
  readonly #insert: StatementSync;
  readonly #byId: StatementSync;
  readonly #ack: StatementSync;
  readonly #maxId: StatementSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
    const columns = "rule, severity, origin, subject_kind, subject_key, subject_addresses, " +
      "message, evidence, first_seen_ms, last_seen_ms, count, acknowledged_ms";
    const values = ":rule, :severity, :origin, :subject_kind, :subject_key, :subject_addresses, " +
      ":message, :evidence, :first_seen_ms, :last_seen_ms, :count, :acknowledged_ms";
    this.#upsert = db.prepare(
      `INSERT INTO alerts (id, ${columns}) VALUES (:id, ${values})
       ON CONFLICT (id) DO UPDATE SET severity = excluded.severity, message = excluded.message,
         evidence = excluded.evidence, last_seen_ms = excluded.last_seen_ms,
         count = excluded.count, acknowledged_ms = excluded.acknowledged_ms`,
    );
    this.#insert = db.prepare(`INSERT INTO alerts (${columns}) VALUES (${values}) RETURNING id`);
    this.#byId = db.prepare("SELECT * FROM alerts WHERE id = ?");
    this.#ack = db.prepare(
      "UPDATE alerts SET acknowledged_ms = :ms WHERE id = :id RETURNING *",
    );
    this.#maxId = db.prepare("SELECT coalesce(max(id), 0) AS id FROM alerts");
  }

  /** The next free id: the alert engine numbers its alerts from here so ids stay unique. */
  nextId(): number {
    return (this.#maxId.get() as { id: number }).id + 1;
  }

  raise(alert: Alert): void {
    this.#upsert.run({ id: alert.id, ...toRow(alert) });
  }

  update(alert: Alert): void {
    this.#upsert.run({ id: alert.id, ...toRow(alert) });
  }

  /** Keep a new alert (made by hand through the API) and return it with its id. */
  create(alert: NewAlert): Alert {
    const { id } = this.#insert.get(toRow(alert)) as { id: number };
    return { id, ...alert };
  }

  get(id: number): Alert | undefined {
    const row = this.#byId.get(id) as AlertRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Mark acknowledged at `ms` (or clear with null); undefined when no such alert. */
  acknowledge(id: number, ms: number | null): Alert | undefined {
    const row = this.#ack.get({ id, ms }) as AlertRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Alerts matching `filter`, newest first. */
  list(filter: AlertFilter = {}): Alert[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.severities?.length) {
      where.push(`severity IN (${filter.severities.map(() => "?").join(", ")})`);
      params.push(...filter.severities);
    }
    if (filter.rules?.length) {
      where.push(`rule IN (${filter.rules.map(() => "?").join(", ")})`);
      params.push(...filter.rules);
    }
    if (filter.subject !== undefined) {
      where.push(
        "(subject_key = ? OR EXISTS (SELECT 1 FROM json_each(subject_addresses) WHERE value = ?))",
      );
      params.push(filter.subject, filter.subject);
    }
    if (filter.sinceMs !== undefined) {
      where.push("last_seen_ms >= ?");
      params.push(filter.sinceMs);
    }
    if (filter.acknowledged !== undefined) {
      where.push(filter.acknowledged ? "acknowledged_ms IS NOT NULL" : "acknowledged_ms IS NULL");
    }
    if (filter.beforeId !== undefined) {
      where.push("id < ?");
      params.push(filter.beforeId);
    }
    const limit = Math.min(filter.limit ?? MAX_ALERT_PAGE, MAX_ALERT_PAGE);
    const sql = `SELECT * FROM alerts ${where.length ? "WHERE " + where.join(" AND ") : ""}
                 ORDER BY id DESC LIMIT ${limit}`;
    return (this.#db.prepare(sql).all(...params) as unknown as AlertRow[]).map(fromRow);
  }

  /** Alerts per severity that nobody has acknowledged yet (the page's header counts). */
  unacknowledgedCounts(): Record<Severity, number> {
    const counts: Record<Severity, number> = { info: 0, warning: 0, critical: 0 };
    const rows = this.#db.prepare(
      "SELECT severity, count(*) AS n FROM alerts WHERE acknowledged_ms IS NULL GROUP BY severity",
    ).all() as unknown as { severity: Severity; n: number }[];
    for (const row of rows) counts[row.severity] = row.n;
    return counts;
  }
}

function toRow(alert: NewAlert): Omit<AlertRow, "id"> {
  return {
    rule: alert.rule,
    severity: alert.severity,
    origin: alert.origin,
    subject_kind: alert.subject.kind,
    subject_key: alert.subject.key,
    subject_addresses: JSON.stringify(alert.subject.addresses),
    message: alert.message,
    evidence: JSON.stringify(alert.evidence),
    first_seen_ms: alert.firstSeenMs,
    last_seen_ms: alert.lastSeenMs,
    count: alert.count,
    acknowledged_ms: alert.acknowledgedMs,
  };
}

function fromRow(row: AlertRow): Alert {
  return {
    id: row.id,
    rule: row.rule,
    severity: row.severity,
    origin: row.origin,
    subject: {
      kind: row.subject_kind,
      key: row.subject_key,
      addresses: JSON.parse(row.subject_addresses),
    },
    message: row.message,
    evidence: JSON.parse(row.evidence),
    firstSeenMs: row.first_seen_ms,
    lastSeenMs: row.last_seen_ms,
    count: row.count,
    acknowledgedMs: row.acknowledged_ms,
  };
}
