/**
 * The evidence table of the alert detectors: every capture of both corpora read as a user reads
 * one (`-r FILE --report json`), with the warning and critical alerts each raises (rule and
 * subject) and how many info alerts; `--payload` adds a column with what `--alert-payload` adds
 * (the opt-in entropy check). `tests/alerts_corpus_test.ts` asserts the same outcomes.
 *
 *   deno run -A bench/alerts_corpus_table.ts [--payload]
 */
import type { Alert } from "../alerts/alert.ts";
import { capturePath, CORPORA, corpusNames } from "../tests/support/captures.ts";
import { runCli } from "../tests/support/run_cli.ts";
import { markdownTable } from "./markdown_table.ts";

/** CLI runs at a time: each is mostly start-up, and the machine has few cores. */
const PARALLEL_RUNS = 3;

interface Row {
  corpus: string;
  name: string;
  packets: number;
  loud: string;
  info: number;
  payload: string;
}

function loudOf(alerts: Alert[]): string {
  const loud = alerts.filter((a) => a.severity !== "info");
  return loud.map((a) => `${a.severity} ${a.rule} (${a.subject.key})`).join("; ") || "none";
}

async function report(
  name: string,
  extra: string[],
): Promise<{ packets: number; alerts: Alert[] }> {
  const out = await runCli(["-r", capturePath(name), "--report", "json", ...extra]);
  if (out.code !== 0) throw new Error(`${name}: ${out.stderr.trim()}`);
  const doc = JSON.parse(out.stdout) as { packets: number; alerts?: Alert[] };
  return { packets: doc.packets, alerts: doc.alerts ?? [] };
}

async function row(corpus: string, name: string, payload: boolean): Promise<Row> {
  const plain = await report(name, []);
  const withPayload = payload ? await report(name, ["--alert-payload"]) : undefined;
  const added = withPayload?.alerts.filter((a) => a.rule.startsWith("payload.")) ?? [];
  return {
    corpus,
    name,
    packets: plain.packets,
    loud: loudOf(plain.alerts),
    info: plain.alerts.filter((a) => a.severity === "info").length,
    payload: payload ? loudOf(added) : "",
  };
}

async function main(args: string[]): Promise<number> {
  const payload = args.includes("--payload");
  const jobs = CORPORA.flatMap((c) => {
    const corpus = c.dir.replace(/\/$/, "").split("/").pop()!;
    return corpusNames(c).map((name) => ({ corpus, name }));
  });
  const rows: Row[] = [];
  for (let i = 0; i < jobs.length; i += PARALLEL_RUNS) {
    const batch = jobs.slice(i, i + PARALLEL_RUNS);
    rows.push(...await Promise.all(batch.map((j) => row(j.corpus, j.name, payload))));
  }
  const headers = ["corpus", "capture", "packets", "warning / critical alerts", "info alerts"];
  if (payload) headers.push("added by --alert-payload");
  console.log(markdownTable(
    headers,
    rows.map((r) => {
      const cells = [r.corpus, r.name, String(r.packets), r.loud, String(r.info)];
      if (payload) cells.push(r.payload);
      return cells;
    }),
  ));
  const loud = rows.filter((r) => r.loud !== "none").length;
  console.log(`\n${rows.length} captures; ${loud} with a warning or critical alert.`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
