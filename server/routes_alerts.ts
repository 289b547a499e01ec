/**
 * /api/alerts: the alert history.
 *
 * - `GET /api/alerts?severity=warning,critical&rule=syn_flood&subject=10.0.0.9&since=...&
 *   acknowledged=false&limit=100&format=json|csv|ndjson`: newest first. JSON is one document
 *   (`{ alerts, count }`, at most `limit`, default 500); CSV (RFC 4180, header row) and NDJSON
 *   are streamed in pages and hold every match unless `limit` is given.
 * - `POST /api/alerts` `{ severity, subject, message, rule?, evidence? }`: an alert made by hand.
 * - `GET /api/alerts/ID`: one alert.
 * - `PATCH /api/alerts/ID` `{ acknowledged?: boolean, mute?: { scope, minutes?, note? } }`.
 * - `GET /api/alerts/summary`: unacknowledged counts per severity, active mutes, notification
 *   counts (sent, failed, waiting, last error).
 *
 * Writes pass the same-origin check first.
 */
import { type Alert, type AlertSubject, SEVERITIES, type Severity } from "../alerts/alert.ts";
import { type AlertFilter, MAX_ALERT_PAGE, type NewAlert } from "../store/alert_store.ts";
import type { AlertDesk } from "./alert_desk.ts";
import { MUTE_SCOPES, type MuteScope } from "./alert_desk.ts";
import { csvRecord } from "../export/csv.ts";
import { HttpError } from "./http_error.ts";
import { API_HEADERS, jsonResponse } from "./json_response.ts";
import { QueryParams } from "./query.ts";
import type { RouteContext } from "./router.ts";
import { checkSameOrigin } from "./same_origin.ts";

export const ALERT_FORMATS = ["json", "csv", "ndjson"] as const;
/** Alerts in one JSON answer unless `limit` says otherwise. */
export const DEFAULT_ALERT_LIMIT = 500;
/** Rows read per step of a streamed export: memory stays flat however long the history. */
const EXPORT_PAGE = 500;
/** Largest request body accepted: an alert made by hand is a few hundred bytes. */
const MAX_BODY_BYTES = 64 * 1024;
/** Longest message of an alert made by hand. */
const MAX_MESSAGE = 2000;
const SUBJECT_KINDS = ["host", "pair", "flow", "domain", "capture"] as const;

const GET_PARAMETERS = ["severity", "rule", "subject", "since", "acknowledged", "limit", "format"];

export const CSV_HEADER = [
  "id",
  "rule",
  "severity",
  "origin",
  "subject_kind",
  "subject",
  "addresses",
  "message",
  "first_seen",
  "last_seen",
  "count",
  "acknowledged",
  "evidence",
];

export function alertsRoute(desk: AlertDesk) {
  return async ({ request, url, pretty }: RouteContext): Promise<Response> => {
    if (request.method === "POST") {
      checkSameOrigin(request);
      const alert = desk.create(readNewAlert(await readBody(request), desk.now()));
      return jsonResponse({ alert }, { status: 201, pretty });
    }
    const q = new QueryParams(url.searchParams, GET_PARAMETERS);
    const filter = readFilter(q);
    const format = q.oneOf("format", ALERT_FORMATS) ?? "json";
    const limit = q.integer("limit", 1, Number.MAX_SAFE_INTEGER);
    if (format === "json") {
      if (limit !== undefined && limit > MAX_ALERT_PAGE) {
        throw new HttpError(
          400,
          `Cannot read limit "${limit}": expected an integer from 1 to ${MAX_ALERT_PAGE} ` +
            "(use format=csv or ndjson for more)",
          { parameter: "limit" },
        );
      }
      const alerts = desk.list({ ...filter, limit: limit ?? DEFAULT_ALERT_LIMIT });
      return jsonResponse({ alerts, count: alerts.length }, { pretty });
    }
    return exportResponse(desk, filter, format, limit ?? Infinity);
  };
}

/** PATCH /api/alerts/ID and GET /api/alerts/summary. */
export function alertItemRoute(desk: AlertDesk) {
  return async ({ request, url, pretty }: RouteContext): Promise<Response> => {
    const rest = url.pathname.replace(/^\/api\/alerts\//, "").replace(/\/$/, "");
    if (rest === "summary") {
      if (request.method !== "GET" && request.method !== "HEAD") {
        throw new HttpError(405, `Cannot ${request.method} /api/alerts/summary`, {
          headers: { allow: "GET, HEAD" },
        });
      }
      new QueryParams(url.searchParams, []);
      return jsonResponse(desk.summary(), { pretty });
    }
    if (!/^\d{1,15}$/.test(rest)) {
      throw new HttpError(404, `Cannot find ${url.pathname}: expected /api/alerts/ID or /summary`);
    }
    const id = Number(rest);
    if (request.method === "GET" || request.method === "HEAD") {
      new QueryParams(url.searchParams, []);
      const alert = desk.get(id);
      if (!alert) throw new HttpError(404, `Cannot find alert ${id}`);
      return jsonResponse({ alert }, { pretty });
    }
    checkSameOrigin(request);
    const body = await readBody(request);
    const known = new Set(["acknowledged", "mute"]);
    for (const key of Object.keys(body)) {
      if (!known.has(key)) throw badField(key, "unknown here (known: acknowledged, mute)");
    }
    if (body.acknowledged === undefined && body.mute === undefined) {
      throw new HttpError(400, "Cannot change alert: give acknowledged, mute or both");
    }
    let alert: Alert | undefined;
    if (body.acknowledged !== undefined) {
      if (typeof body.acknowledged !== "boolean") {
        throw badField("acknowledged", "expected true or false");
      }
      alert = desk.acknowledge(id, body.acknowledged);
      if (!alert) throw new HttpError(404, `Cannot find alert ${id}`);
    }
    let mute;
    if (body.mute !== undefined) {
      const m = readMute(body.mute, desk.now());
      try {
        mute = desk.mute(id, m.scope, m.untilMs, m.note);
      } catch (error) {
        if (error instanceof RangeError) throw new HttpError(409, error.message);
        throw error;
      }
      if (!mute) throw new HttpError(404, `Cannot find alert ${id}`);
    }
    return jsonResponse({ alert: alert ?? desk.get(id), mute }, { pretty });
  };
}

function readFilter(q: QueryParams): AlertFilter {
  const filter: AlertFilter = {};
  const severity = q.text("severity");
  if (severity !== undefined) {
    const list = severity.split(",").map((s) => s.trim());
    for (const s of list) {
      if (!SEVERITIES.includes(s as Severity)) {
        throw new HttpError(
          400,
          `Cannot read severity "${s}": expected info, warning or critical (comma-separated)`,
          { parameter: "severity" },
        );
      }
    }
    filter.severities = list as Severity[];
  }
  const rule = q.text("rule");
  if (rule !== undefined) filter.rules = rule.split(",").map((r) => r.trim()).filter(Boolean);
  const subject = q.text("subject");
  if (subject !== undefined) filter.subject = subject.trim();
  const since = q.text("since");
  if (since !== undefined) filter.sinceMs = readTime("since", since);
  const acknowledged = q.flag("acknowledged");
  if (acknowledged !== undefined) filter.acknowledged = acknowledged;
  return filter;
}

/** Epoch milliseconds, or an ISO 8601 date-time ("2026-12-04T10:00:00Z"). */
function readTime(name: string, text: string): number {
  const ms = /^\d{1,16}$/.test(text)
    ? Number(text)
    : /^\d{4}-\d\d-\d\d/.test(text)
    ? Date.parse(text)
    : NaN;
  if (!Number.isFinite(ms)) {
    throw new HttpError(
      400,
      `Cannot read ${name} "${text}": expected epoch milliseconds or an ISO 8601 date-time`,
      { parameter: name },
    );
  }
  return ms;
}

function exportResponse(
  desk: AlertDesk,
  filter: AlertFilter,
  format: "csv" | "ndjson",
  limit: number,
): Response {
  const encoder = new TextEncoder();
  let beforeId: number | undefined;
  let left = limit;
  let headerSent = format !== "csv";
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRecord(CSV_HEADER)));
        return;
      }
      const page = desk.list({
        ...filter,
        limit: Math.min(EXPORT_PAGE, left),
        ...(beforeId === undefined ? {} : { beforeId }),
      });
      if (page.length === 0 || left <= 0) {
        controller.close();
        return;
      }
      left -= page.length;
      beforeId = page[page.length - 1]!.id;
      const text = page.map(format === "csv" ? csvLine : (a) => JSON.stringify(a) + "\n").join("");
      controller.enqueue(encoder.encode(text));
    },
  }, { highWaterMark: 0 });
  const type = format === "csv"
    ? "text/csv; charset=utf-8; header=present"
    : "application/x-ndjson";
  const headers: Record<string, string> = { ...API_HEADERS, "content-type": type };
  if (format === "csv") {
    headers["content-disposition"] = 'attachment; filename="wirescope-alerts.csv"';
  }
  return new Response(stream, { headers });
}

function csvLine(a: Alert): string {
  return csvRecord([
    a.id,
    a.rule,
    a.severity,
    a.origin,
    a.subject.kind,
    a.subject.key,
    a.subject.addresses.join(" "),
    a.message,
    new Date(a.firstSeenMs).toISOString(),
    new Date(a.lastSeenMs).toISOString(),
    a.count,
    a.acknowledgedMs === null ? "" : new Date(a.acknowledgedMs).toISOString(),
    JSON.stringify(a.evidence),
  ]);
}

async function readBody(request: Request): Promise<Record<string, unknown>> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) {
    throw new HttpError(413, `Cannot read the request body: more than ${MAX_BODY_BYTES} bytes`);
  }
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) {
    throw new HttpError(413, `Cannot read the request body: more than ${MAX_BODY_BYTES} bytes`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, "Cannot read the request body: not JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, "Cannot read the request body: expected a JSON object");
  }
  return body as Record<string, unknown>;
}

function readNewAlert(body: Record<string, unknown>, nowMs: number): NewAlert {
  const known = new Set(["rule", "severity", "subject", "message", "evidence"]);
  for (const key of Object.keys(body)) {
    if (!known.has(key)) throw badField(key, `unknown here (known: ${[...known].join(", ")})`);
  }
  const severity = body.severity;
  if (typeof severity !== "string" || !SEVERITIES.includes(severity as Severity)) {
    throw badField("severity", "expected info, warning or critical");
  }
  const message = body.message;
  if (typeof message !== "string" || message.trim() === "" || message.length > MAX_MESSAGE) {
    throw badField("message", `expected text of 1 to ${MAX_MESSAGE} characters`);
  }
  const rule = body.rule ?? "manual";
  if (typeof rule !== "string" || !/^[a-z0-9_.-]{1,64}$/.test(rule)) {
    throw badField("rule", "expected lowercase letters, digits, '_', '.' or '-' (at most 64)");
  }
  const evidence = body.evidence ?? {};
  if (
    typeof evidence !== "object" || evidence === null || Array.isArray(evidence) ||
    !Object.values(evidence).every(isEvidenceValue)
  ) {
    throw badField("evidence", "expected an object of numbers, strings or lists of them");
  }
  return {
    rule,
    severity: severity as Severity,
    origin: "manual",
    subject: readSubject(body.subject),
    message: message.trim(),
    evidence: evidence as Alert["evidence"],
    firstSeenMs: nowMs,
    lastSeenMs: nowMs,
    count: 1,
    acknowledgedMs: null,
  };
}

/** A subject as text ("10.0.0.9": a host) or `{ kind, key, addresses? }`. */
function readSubject(value: unknown): AlertSubject {
  if (typeof value === "string" && value.trim() !== "" && value.length <= 256) {
    return { kind: "host", key: value.trim(), addresses: [value.trim()] };
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const s = value as Record<string, unknown>;
    const kind = s.kind;
    const key = s.key;
    const addresses = s.addresses ?? [];
    if (
      SUBJECT_KINDS.includes(kind as AlertSubject["kind"]) && typeof key === "string" &&
      key.trim() !== "" && key.length <= 256 && Array.isArray(addresses) &&
      addresses.length <= 16 && addresses.every((a) => typeof a === "string" && a.length <= 64)
    ) {
      return {
        kind: kind as AlertSubject["kind"],
        key: key.trim(),
        addresses: addresses as string[],
      };
    }
  }
  throw badField(
    "subject",
    'expected an address, or { "kind": "host|pair|flow|domain|capture", "key": ..., "addresses": [...] }',
  );
}

function readMute(
  value: unknown,
  nowMs: number,
): { scope: MuteScope; untilMs: number | null; note: string } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badField("mute", '{ "scope": "rule|subject|rule_subject|pair", "minutes": N }');
  }
  const m = value as Record<string, unknown>;
  for (const key of Object.keys(m)) {
    if (!["scope", "minutes", "note"].includes(key)) {
      throw badField(`mute.${key}`, "unknown here (known: scope, minutes, note)");
    }
  }
  if (!MUTE_SCOPES.includes(m.scope as MuteScope)) {
    throw badField("mute.scope", `expected one of ${MUTE_SCOPES.join(", ")}`);
  }
  const minutes = m.minutes ?? null;
  if (minutes !== null && (typeof minutes !== "number" || !(minutes > 0) || minutes > 525_600)) {
    throw badField("mute.minutes", "expected minutes from 1 to 525600, or null for no expiry");
  }
  const note = m.note ?? "";
  if (typeof note !== "string" || note.length > 500) {
    throw badField("mute.note", "expected text up to 500 characters");
  }
  return {
    scope: m.scope as MuteScope,
    untilMs: minutes === null ? null : nowMs + Math.round(minutes * 60_000),
    note,
  };
}

function isEvidenceValue(v: unknown): boolean {
  if (typeof v === "number" || typeof v === "string") return true;
  return Array.isArray(v) && v.length <= 100 &&
    (v.every((x) => typeof x === "number") || v.every((x) => typeof x === "string"));
}

function badField(field: string, expected: string): HttpError {
  return new HttpError(400, `Cannot read field "${field}": ${expected}`, { parameter: field });
}
