import assert from "node:assert/strict";
import { PROCESS_METRIC_TOP, processFamilies } from "./process_metrics_families.ts";
import { type ProcessReport, unavailableReport } from "../procs/process_report.ts";
import { prometheusText } from "../export/prometheus_text.ts";
import type { ProcessRow } from "../procs/process_account.ts";

function row(pid: number): ProcessRow {
  return {
    pid,
    name: `prog"${pid}`,
    cmdline: "",
    user: "root",
    uid: 0,
    upBytes: 1000 - pid,
    downBytes: 2000 - pid,
    upPackets: 10,
    downPackets: 20,
    upBps: [0, 0, 0],
    downBps: [0, 0, 0],
    flows: 1,
    totalFlows: 1,
    lastSeenMs: 0,
  };
}

Deno.test("processFamilies lists at most PROCESS_METRIC_TOP programs, up and down, and the unattributed", () => {
  const report: ProcessReport = {
    ...unavailableReport(""),
    available: true,
    reason: null,
    processes: Array.from({ length: PROCESS_METRIC_TOP + 5 }, (_, i) => row(i + 1)),
  };
  report.unattributed.bytes = 77;
  const families = processFamilies(report);
  const bytes = families.find((f) => f.name === "wirescope_process_bytes_total")!;
  assert.equal(bytes.samples.length, PROCESS_METRIC_TOP * 2);
  assert.deepEqual(bytes.samples[0], {
    labels: { pid: "1", process: 'prog"1', direction: "up" },
    value: 999,
  });
  assert.deepEqual(bytes.samples[1]!.value, 1999);
  const text = prometheusText(families);
  assert.match(
    text,
    /wirescope_process_bytes_total\{pid="1",process="prog\\"1",direction="up"\} 999/,
  );
  assert.match(text, /wirescope_process_unattributed_bytes_total 77/);
});

Deno.test("processFamilies is empty without attribution", () => {
  assert.deepEqual(processFamilies(unavailableReport("a file has no processes")), []);
  assert.deepEqual(processFamilies(undefined), []);
});
