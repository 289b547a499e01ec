/**
 * Builds the /stats document (`wire/stats_document.ts`): the engine's snapshot with the capture's
 * status beside it.
 */

import type { CaptureStatus, StatsDocument } from "../wire/stats_document.ts";
import type { StatsSource } from "./stats_source.ts";

export function statsDocument(engine: StatsSource, status: () => CaptureStatus): StatsDocument {
  return { ...engine.snapshot(), capture: status() };
}
