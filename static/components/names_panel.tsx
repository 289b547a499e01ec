/** @jsxImportSource npm:preact@10 */
/**
 * Names seen on the wire, three short lists side by side: DNS question names, TLS and QUIC
 * server names (SNI), and HTTP Host headers, most counted first. The full lists (up to the
 * server's NAME_REPORT_LIMIT each) are in /stats; a glance needs only the head.
 */

import { formatCount } from "../../format/units.ts";
import { useMemo } from "../deps.ts";
import { type NameRow, topNames, totalCount } from "../lib/name_rows.ts";
import type { PageStats } from "../lib/page_stats.ts";
import { BarList, type BarRow } from "./bar_list.tsx";
import { EmptyNote } from "./empty_note.tsx";
import { Panel } from "./panel.tsx";

/** Names per list: the panel then stands as tall as its neighbours. */
export const NAMES_SHOWN = 8;

export function NamesPanel({ stats }: { stats: PageStats }) {
  const { dns, tls, quic, http } = stats;
  // Deltas keep the identity of what did not change: unchanged lists are not sorted again.
  const queries = useMemo(() => topNames(dns?.queries, NAMES_SHOWN), [dns]);
  const sni = useMemo(() => topNames(tls?.sni, NAMES_SHOWN), [tls]);
  const hosts = useMemo(() => topNames(http?.hosts, NAMES_SHOWN), [http]);
  const none = queries.length + sni.length + hosts.length === 0;
  const failed = dns ? dns.answerCount - (dns.rcodes["NOERROR"] ?? 0) : 0;
  return (
    <Panel id="names" title="Names" scope="whole capture" wide>
      {none
        ? (
          <EmptyNote
            message="No names seen yet."
            hint="DNS queries, TLS and QUIC server names and HTTP hosts appear as they are seen."
          />
        )
        : (
          <div class="columns columns-3">
            <NameList
              title="DNS queries"
              note={dns
                ? `${formatCount(dns.queryCount)} queries, ${formatCount(failed)} failed answers`
                : ""}
              rows={queries}
              testId="dns-names"
            />
            <NameList
              title="TLS and QUIC server names"
              note={tls ? `${formatCount(totalCount(tls.sni) + tls.sniOmitted)} handshakes` : ""}
              rows={sni}
              testId="sni-names"
              detail={(name) => (quic?.sni[name] ? `QUIC ${formatCount(quic.sni[name])}` : null)}
            />
            <NameList
              title="HTTP hosts"
              note={http
                ? `${formatCount(totalCount(http.hosts) + http.hostsOmitted)} requests`
                : ""}
              rows={hosts}
              testId="http-hosts"
            />
          </div>
        )}
    </Panel>
  );
}

interface NameListProps {
  title: string;
  note: string;
  rows: NameRow[];
  testId: string;
  detail?: (name: string) => string | null;
}

function NameList(props: NameListProps) {
  const rows: BarRow[] = props.rows.map((r) => ({
    key: r.name,
    label: r.name,
    value: r.count,
    text: formatCount(r.count),
    detail: props.detail?.(r.name) ?? null,
  }));
  return (
    <div>
      <h3>
        {props.title} {props.note && <small>({props.note})</small>}
      </h3>
      {rows.length === 0
        ? <p class="hint none-seen">None seen.</p>
        : <BarList rows={rows} label={props.title} testId={props.testId} />}
    </div>
  );
}
