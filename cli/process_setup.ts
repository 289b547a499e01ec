/**
 * Per-process attribution for a served live capture: which lookup answers (the privileged
 * helper when root will drop privileges, else this process), the timer that reads the flow
 * table, and the `/stats`, `/api/flows` and `/api/processes` views of it. `--no-processes`
 * turns it off; files have no processes.
 */
import type { StatsEngine } from "../stats/engine.ts";
import type { FlowPage } from "../stats/flow_query.ts";
import type { StatsSource } from "../server/stats_source.ts";
import { accountById, currentIds } from "../ffi/privileges.ts";
import { ACCOUNT_INTERVAL_MS, ProcessAttribution } from "../procs/process_attribution.ts";
import { HelperLookup, InProcessLookup, type OwnerLookup } from "../procs/owner_lookup.ts";
import { processPlatform } from "../procs/process_platform.ts";
import {
  PROCESS_SNAPSHOT_ROWS,
  type ProcessQuery,
  type ProcessReport,
  processReport,
  unavailableReport,
} from "../procs/process_report.ts";
import type { ProcessAccount } from "../procs/process_account.ts";
import type { FlowProcessDocument, ProcessesDocument } from "../wire/process_document.ts";
import { dropTarget } from "./privilege_drop.ts";
import type { Options } from "./options.ts";

/** A process as a flow row names it. */
export interface FlowProcess {
  pid: number;
  name: string;
  user: string;
}

/** What is served must fit what the page reads: these fail to compile if it does not. */
type Fits<T extends U, U> = T;
export type ServedReport = Fits<ProcessReport, ProcessesDocument>;
export type ServedFlowProcess = Fits<FlowProcess, FlowProcessDocument>;

export interface ProcessRun {
  report(query?: ProcessQuery): ProcessReport;
  /** `source` with `processes` in its snapshot and `aProcess`/`bProcess` on its flow rows. */
  wrap(source: StatsSource): StatsSource;
  /** The helper's pid, when one runs. */
  readonly helperPid: number | undefined;
  close(): Promise<void>;
}

/** Start attribution for this run, before privileges are dropped (the helper starts as root). */
export function startProcesses(options: Options, engine: StatsEngine, live: boolean): ProcessRun {
  if (!options.processes) return unavailableRun("turned off with --no-processes");
  if (!live) return unavailableRun("a file has no processes");
  const platform = processPlatform();
  if (!platform.supported) return unavailableRun(platform.reason);
  let lookup: OwnerLookup;
  try {
    lookup = chooseLookup(options);
  } catch (error) {
    // A start without --allow-run, or a missing runtime: the capture goes on without it.
    const why = `cannot start the process helper: ${(error as Error).message.split("\n")[0]}`;
    console.error(`wirescope: warning: ${why}; flows are not tied to programs (--no-processes)`);
    return unavailableRun(why);
  }
  const names = new Map<number, string>();
  const attribution = new ProcessAttribution({
    flows: engine.flowTable,
    lookup,
    userName: (uid) => userName(uid, names),
  });
  const timer = setInterval(() => attribution.tick(), ACCOUNT_INTERVAL_MS);
  void attribution.refresh();
  const report = (query: ProcessQuery = {}) => processReport(attribution, query);
  return {
    report,
    helperPid: lookup instanceof HelperLookup ? lookup.pid : undefined,
    wrap: (source) => ({
      snapshot: () => ({
        ...source.snapshot(),
        processes: report({ limit: PROCESS_SNAPSHOT_ROWS }),
      }),
      flows: (query) => withFlowProcesses(source.flows(query), attribution),
      packets: (query) => source.packets(query),
      series: (window) => source.series(window),
    }),
    async close() {
      clearInterval(timer);
      await lookup.close();
    },
  };
}

/**
 * Root that will drop privileges asks the helper, started now as root and narrowed to two
 * capabilities; anyone else reads /proc as they are (root with --no-drop sees every process, a
 * user their own).
 */
function chooseLookup(options: Options): OwnerLookup {
  if (!options.noDrop && currentIds().euid === 0) {
    const target = dropTarget(options);
    return HelperLookup.start({ name: target.name, uid: target.uid, gid: target.gid });
  }
  return new InProcessLookup();
}

function unavailableRun(reason: string): ProcessRun {
  const report = () => unavailableReport(reason);
  return {
    report,
    helperPid: undefined,
    wrap: (source) => ({
      snapshot: () => ({ ...source.snapshot(), processes: report() }),
      flows: (query) => source.flows(query),
      packets: (query) => source.packets(query),
      series: (window) => source.series(window),
    }),
    close: () => Promise.resolve(),
  };
}

function withFlowProcesses(page: FlowPage, attribution: ProcessAttribution): FlowPage {
  const named = (account: ProcessAccount | null): FlowProcess | null =>
    account && { pid: account.info.pid, name: account.info.name, user: account.user };
  return {
    ...page,
    flows: page.flows.map((flow) => ({
      ...flow,
      aProcess: named(attribution.endpointOwner(flow.protocol, flow.aIp, flow.aPort)),
      bProcess: named(attribution.endpointOwner(flow.protocol, flow.bIp, flow.bPort)),
    })),
  };
}

/** Users by uid, as `ps` names them; a few hundred at most on any host. */
const MAX_USER_NAMES = 1024;

function userName(uid: number, names: Map<number, string>): string {
  let name = names.get(uid);
  if (name === undefined) {
    name = accountById(uid)?.name ?? String(uid);
    if (names.size < MAX_USER_NAMES) names.set(uid, name);
  }
  return name;
}
