/**
 * The shapes that cross the wire between the server and the page: the /stats document (also
 * each SSE snapshot) and the capture status beside the engine's snapshot. Both sides import them
 * from here, so the page never depends on server code and the server never on the page.
 */

import type { DropCounters } from "../capture/capture_session.ts";
import type { StatsSnapshot } from "../stats/snapshot.ts";
import type { InterfaceSummary } from "../stats/interface_summary.ts";
import type { CollectorSummary } from "../collect/flow_collector.ts";

/** Where the capture is; what /healthz reports and /stats and the SSE stream carry as `capture`. */
export interface CaptureStatus {
  /** "running" while packets may still arrive; "ended" once the source is done or stopped. */
  state: "running" | "ended";
  /** How it ended ("eof", "count", "stopped", "error"), or null while running. */
  endReason: string | null;
  /** A one-line reason when the capture failed, else null. */
  message: string | null;
  /** `CaptureSession.drops()`. */
  drops: DropCounters;
}

/**
 * The /stats document: the engine's snapshot unchanged (its field names are a contract checked
 * against tshark, see `stats/snapshot.ts`), plus `capture`, the capture's status, beside it.
 * The SSE stream carries the same document, so a dashboard and `curl /stats` agree.
 */
export interface StatsDocument extends StatsSnapshot {
  capture: CaptureStatus;
  /**
   * A live capture's interfaces, each with its own totals, rates, talkers and drops (the
   * top-level fields are their sum); absent for a file.
   */
  interfaces?: InterfaceSummary[];
  /** With `--collect`: the NetFlow/IPFIX exporters heard and what the collector dropped. */
  collector?: CollectorSummary;
  /** With `--keep SIZE`: what the packet ring behind GET /api/pcap holds. */
  keep?: KeepSummary;
}

/** `--keep SIZE`'s ring (every capture interface's together). */
export interface KeepSummary {
  /** Bytes of packet data the ring can hold. */
  bytes: number;
  /** Packets it holds now. */
  packets: number;
  /** The oldest and newest of them, capture time in epoch milliseconds; null while empty. */
  oldest: number | null;
  newest: number | null;
  /** Packets never kept because one alone was bigger than the ring. */
  tooBig: number;
}
