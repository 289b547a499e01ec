/**
 * The /stats document: the engine's snapshot unchanged (its field names are a contract checked
 * against tshark, see `stats/snapshot.ts`), plus `capture`, the capture's status, beside it.
 * The SSE stream carries the same document, so a dashboard and `curl /stats` agree.
 */

import type { StatsSnapshot } from "../stats/snapshot.ts";
import type { CaptureStatus, StatsSource } from "./stats_source.ts";

export interface StatsDocument extends StatsSnapshot {
  capture: CaptureStatus;
}

export function statsDocument(engine: StatsSource, status: () => CaptureStatus): StatsDocument {
  return { ...engine.snapshot(), capture: status() };
}
