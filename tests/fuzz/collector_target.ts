/**
 * The fuzzer's NetFlow/IPFIX target: mutated datagrams into one long-lived collector (its
 * templates, learned from earlier cases, stay, so data sets of known templates are reached)
 * whose records go on into a statistics engine, as `--collect` runs them. Nothing may throw:
 * the collector refuses by counting, never by an exception.
 */
import { FlowCollector } from "../../collect/flow_collector.ts";
import { StatsEngine } from "../../stats/engine.ts";
import type { FuzzTarget } from "./targets.ts";

const SEEDS = new URL("../../collect/testdata/", import.meta.url);
/** Exporter addresses the cases rotate through: more than one, fewer than the table's cap. */
const ADDRESSES = ["192.0.2.1", "192.0.2.2", "2001:db8::1"];

/** softflowd's own datagrams (v5, v9, IPFIX), as committed beside the collector. */
function collectorSeeds(): Uint8Array<ArrayBuffer>[] {
  return [...Deno.readDirSync(SEEDS)]
    .filter((e) => e.isFile && e.name.endsWith(".bin"))
    .map((e) => e.name)
    .sort()
    .map((name) => new Uint8Array(Deno.readFileSync(new URL(name, SEEDS))));
}

export function collectorTarget(): FuzzTarget {
  // Small tables: the engine's caps are what is exercised, not its memory.
  const engine = new StatsEngine({ clock: "packet", flowCap: 4096, hostCap: 4096 });
  const collector = new FlowCollector((flow) => engine.ingestRecord(flow), { now: () => 0 });
  let n = 0;
  return {
    name: "collector (NetFlow v5/v9 and IPFIX datagrams into the statistics engine)",
    seeds: collectorSeeds(),
    share: 10,
    run(input) {
      collector.receive(input, ADDRESSES[n++ % ADDRESSES.length]!);
    },
  };
}
