/**
 * The shapes of per-process attribution as the page receives them: the `processes` field of
 * `/stats` (and of the event stream's document), `/api/processes`, and the `aProcess`/`bProcess`
 * of flow rows. The page may not import `procs/`; `cli/process_setup.ts` checks at compile time
 * that what it serves fits these.
 */

/** A program as a flow row names it. */
export interface FlowProcessDocument {
  pid: number;
  name: string;
  user: string;
}

/** What a served live run adds to each flow row (absent for files and `--no-processes`). */
export interface FlowProcesses {
  aProcess?: FlowProcessDocument | null;
  bProcess?: FlowProcessDocument | null;
}

export interface ProcessRowDocument {
  pid: number;
  name: string;
  cmdline: string;
  user: string;
  uid: number;
  upBytes: number;
  downBytes: number;
  upPackets: number;
  downPackets: number;
  /** Bits per second over the last 2, 10 and 40 seconds. */
  upBps: [number, number, number];
  downBps: [number, number, number];
  flows: number;
  totalFlows: number;
  lastSeenMs: number;
}

export interface TrafficCountDocument {
  bytes: number;
  packets: number;
  flows: number;
  liveFlows: number;
}

export interface ProcessesDocument {
  available: boolean;
  reason: string | null;
  via: string | null;
  total: number;
  processes: ProcessRowDocument[];
  unattributed: TrafficCountDocument;
  otherHosts: TrafficCountDocument;
}
