/**
 * What `/api/processes` and the `processes` field of `/stats` say: the processes with their
 * traffic, sorted and cut, what stayed unattributed, and how the socket scans went.
 */

import type { ProcessRow } from "./process_account.ts";
import type { ProcessAttribution, TrafficCount } from "./process_attribution.ts";
import type { RefreshStats } from "./socket_scanner.ts";

export const PROCESS_SORTS = [
  "bytes",
  "up",
  "down",
  "packets",
  "rate",
  "rate10s",
  "rate40s",
  "flows",
  "pid",
  "name",
] as const;
export type ProcessSort = typeof PROCESS_SORTS[number];

/** Rows one answer holds by default, and at most. */
export const PROCESS_DEFAULT_LIMIT = 100;
export const PROCESS_MAX_LIMIT = 1000;
/** Rows `/stats` (and so each SSE update) carries: the busiest, as the page's panel shows. */
export const PROCESS_SNAPSHOT_ROWS = 20;

export interface ProcessQuery {
  sort?: ProcessSort;
  order?: "asc" | "desc";
  limit?: number;
}

export interface ProcessReport {
  /** False when attribution is off (`--no-processes`, a file, another OS); `reason` says why. */
  available: boolean;
  reason: string | null;
  /** "helper" (the privileged helper answers) or "in-process" (this process reads /proc). */
  via: string | null;
  /** Processes with an account, before `limit`. */
  total: number;
  processes: ProcessRow[];
  /** Traffic of this host that no process was found for: counted, never guessed. */
  unattributed: TrafficCount;
  /** Traffic between other hosts (neither end is this host's address). */
  otherHosts: TrafficCount;
  refresh: RefreshStats | null;
}

const ZERO: TrafficCount = { bytes: 0, packets: 0, flows: 0, liveFlows: 0 };

/** The report of a run without attribution. */
export function unavailableReport(reason: string): ProcessReport {
  return {
    available: false,
    reason,
    via: null,
    total: 0,
    processes: [],
    unattributed: { ...ZERO },
    otherHosts: { ...ZERO },
    refresh: null,
  };
}

export function processReport(
  attribution: ProcessAttribution,
  query: ProcessQuery = {},
  nowMs = Date.now(),
): ProcessReport {
  const rows = attribution.rows(nowMs);
  const key = sortKey(query.sort ?? "bytes");
  const sign = (query.order ?? (query.sort === "name" || query.sort === "pid" ? "asc" : "desc")) ===
      "asc"
    ? 1
    : -1;
  rows.sort((a, b) => {
    const x = key(a), y = key(b);
    return sign * (x < y ? -1 : x > y ? 1 : 0) || a.pid - b.pid;
  });
  const limit = Math.max(0, Math.min(query.limit ?? PROCESS_DEFAULT_LIMIT, PROCESS_MAX_LIMIT));
  return {
    available: true,
    reason: null,
    via: attribution.lookup.via,
    total: rows.length,
    processes: rows.slice(0, limit),
    unattributed: { ...attribution.unattributed },
    otherHosts: { ...attribution.otherHosts },
    refresh: { ...attribution.refreshStats },
  };
}

function sortKey(sort: ProcessSort): (row: ProcessRow) => number | string {
  switch (sort) {
    case "bytes":
      return (r) => r.upBytes + r.downBytes;
    case "up":
      return (r) => r.upBytes;
    case "down":
      return (r) => r.downBytes;
    case "packets":
      return (r) => r.upPackets + r.downPackets;
    case "rate":
      return (r) => r.upBps[0] + r.downBps[0];
    case "rate10s":
      return (r) => r.upBps[1] + r.downBps[1];
    case "rate40s":
      return (r) => r.upBps[2] + r.downBps[2];
    case "flows":
      return (r) => r.flows;
    case "pid":
      return (r) => r.pid;
    case "name":
      return (r) => r.name;
  }
}
