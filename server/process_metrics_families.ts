/**
 * The programs of this host in `GET /metrics`: the busiest `PROCESS_METRIC_TOP` by bytes, with
 * what each sent and received, and what no program was found for. Bounded by construction: at
 * most `PROCESS_METRIC_TOP` label sets a scrape, named by pid and `comm` (read from /proc, never
 * from the wire). Absent when attribution is off (files, `--no-processes`, other systems).
 */
import type { MetricFamily } from "../export/prometheus_text.ts";
import type { ProcessReport } from "../procs/process_report.ts";

/** Programs a scrape lists at most. */
export const PROCESS_METRIC_TOP = 10;

export function processFamilies(report: ProcessReport | undefined): MetricFamily[] {
  if (!report?.available) return [];
  const top = report.processes.slice(0, PROCESS_METRIC_TOP);
  const samples = (pick: (up: boolean, row: typeof top[number]) => number) =>
    top.flatMap((row) =>
      (["up", "down"] as const).map((direction) => ({
        labels: { pid: String(row.pid), process: row.name, direction },
        value: pick(direction === "up", row),
      }))
    );
  return [
    {
      name: "wirescope_process_bytes_total",
      help: `Bytes the ${PROCESS_METRIC_TOP} busiest programs of this host sent (up) and ` +
        "received (down), on the flows whose local socket they hold.",
      type: "counter",
      samples: samples((up, row) => up ? row.upBytes : row.downBytes),
    },
    {
      name: "wirescope_process_packets_total",
      help: "Packets of the same programs, as the bytes.",
      type: "counter",
      samples: samples((up, row) => up ? row.upPackets : row.downPackets),
    },
    {
      name: "wirescope_process_unattributed_bytes_total",
      help: "Bytes of this host's flows that no program was found for (counted, never guessed).",
      type: "counter",
      samples: [{ value: report.unattributed.bytes }],
    },
  ];
}
