/**
 * `--report csv`: every conversation of the run, busiest first, as RFC 4180 CSV with a header
 * row (the columns of `/api/flows?format=csv`), for a spreadsheet or a script.
 */
import { flowColumns } from "../export/flow_columns.ts";
import { csvText } from "../export/table_stream.ts";
import type { FlowRecord } from "../stats/flow_query.ts";
import { FLOW_QUERY_MAX_LIMIT } from "../stats/flow_query.ts";
import type { AddressInfo, EnrichedStats } from "../stats/enriched_stats.ts";

/** The whole flow table (bounded by its own cap), read a page at a time. */
export function conversationsCsv(stats: EnrichedStats): string {
  const flows: FlowRecord[] = [];
  const addresses: Record<string, AddressInfo> = {};
  for (let offset = 0;; offset += FLOW_QUERY_MAX_LIMIT) {
    const page = stats.flows({ sort: "bytes", limit: FLOW_QUERY_MAX_LIMIT, offset });
    flows.push(...page.flows);
    Object.assign(addresses, page.addresses);
    if (page.flows.length < FLOW_QUERY_MAX_LIMIT) break;
  }
  return csvText(flowColumns(addresses), flows);
}

/** Write all of `text` to standard output (console.log would add a line after the last CRLF). */
export async function writeStdout(text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  for (let done = 0; done < bytes.length;) done += await Deno.stdout.write(bytes.subarray(done));
}
