/**
 * Micro-benchmarks of the flow collector: what one NetFlow/IPFIX datagram costs to parse, and to
 * parse and count in the statistics engine. The datagrams are softflowd's own export of a corpus
 * capture (collect/testdata/), 14 v5 records in one datagram, 49 v9 and 49 IPFIX records in
 * three each; the v9 and IPFIX runs learn their templates once, beforehand.
 *
 *   deno bench -A bench/collect_bench.ts
 *
 * A collector's cost is per datagram and per record, on the main thread, never per packet.
 */
import { FlowCollector } from "../collect/flow_collector.ts";
import { StatsEngine } from "../stats/engine.ts";

const SEEDS = new URL("../collect/testdata/", import.meta.url);

function datagrams(version: number): Uint8Array[] {
  return [...Deno.readDirSync(SEEDS)]
    .filter((e) => e.name.startsWith(`softflowd_v${version}_`))
    .map((e) => e.name)
    .sort()
    .map((name) => Deno.readFileSync(new URL(name, SEEDS)));
}

for (const version of [5, 9, 10]) {
  const set = datagrams(version);
  let records = 0;
  const parseOnly = new FlowCollector(() => records++);
  for (const d of set) parseOnly.receive(d, "192.0.2.1");
  const perSet = records;
  Deno.bench({
    name: `v${version}: parse ${perSet} records in ${set.length} datagram(s)`,
    group: `v${version}`,
    baseline: true,
    fn() {
      for (const d of set) parseOnly.receive(d, "192.0.2.1");
    },
  });
  const engine = new StatsEngine({ clock: "wall" });
  const counting = new FlowCollector((flow) => engine.ingestRecord(flow));
  for (const d of set) counting.receive(d, "192.0.2.1");
  Deno.bench({
    name: `v${version}: parse and count ${perSet} records in the engine`,
    group: `v${version}`,
    fn() {
      for (const d of set) counting.receive(d, "192.0.2.1");
    },
  });
}
