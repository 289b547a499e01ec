/** @jsxImportSource npm:preact@10 */
/**
 * Which programs of this host send and receive what, as bandwhich shows it: each program with
 * its upload and download rates (2 s), totals and open connections; below, what no program was
 * found for. Present only when the server attributes (a live capture on Linux).
 */

import { formatBytes, formatCount } from "../../format/units.ts";
import type { ProcessesDocument } from "../../wire/process_document.ts";
import { formatRate, type RateUnit } from "../lib/rate_units.ts";
import { EmptyNote } from "./empty_note.tsx";
import { Panel } from "./panel.tsx";

export function ProcessesPanel(
  { processes, unit }: { processes: ProcessesDocument; unit: RateUnit },
) {
  const rate = (bps: number) => formatRate(bps, unit);
  const unattributed = processes.unattributed;
  return (
    <Panel id="processes" title="Processes" scope="this host">
      {processes.processes.length === 0
        ? <EmptyNote message="No program of this host has sent or received anything yet." />
        : (
          // Focusable, so a keyboard can scroll the table when it overflows (WCAG 2.1.1).
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Processes table">
            <table class="data" data-testid="processes-table">
              <thead>
                <tr>
                  <th scope="col">Process</th>
                  <th scope="col" class="num" title="Sent, over the last 2 seconds">Up</th>
                  <th scope="col" class="num" title="Received, over the last 2 seconds">Down</th>
                  <th scope="col" class="num col-more">Sent</th>
                  <th scope="col" class="num col-more">Received</th>
                  <th scope="col" class="num" title="Flows it holds now">Connections</th>
                </tr>
              </thead>
              <tbody>
                {processes.processes.map((p) => (
                  <tr key={`${p.pid} ${p.name}`} data-pid={p.pid}>
                    <td title={p.cmdline}>
                      {p.name}
                      <span class="service">{p.pid} · {p.user}</span>
                    </td>
                    <td class="num">{rate(p.upBps[0])}</td>
                    <td class="num">{rate(p.downBps[0])}</td>
                    <td class="num col-more">{formatBytes(p.upBytes)}</td>
                    <td class="num col-more">{formatBytes(p.downBytes)}</td>
                    <td class="num">{formatCount(p.flows)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <p class="hint" data-testid="processes-unattributed">
        No program found for {formatBytes(unattributed.bytes)} in {formatCount(unattributed.flows)}
        {" "}
        flows of this host (counted, not guessed).
      </p>
    </Panel>
  );
}
