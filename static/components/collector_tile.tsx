/** @jsxImportSource npm:preact@10 */
/**
 * The header strip's collector tile, when wirescope runs `--collect`: how many exporters it
 * hears, the flow records they sent, and anything dropped (by reason, on hover).
 */
import { formatCount } from "../../format/units.ts";
import type { StatsDocument } from "../../wire/stats_document.ts";
import { StatTile } from "./stat_tile.tsx";

export function CollectorTile({ collector }: { collector: StatsDocument["collector"] }) {
  if (collector === undefined) return null;
  const dropped = Object.values(collector.dropped).reduce((sum, n) => sum + n, 0);
  const reasons = Object.entries(collector.dropped).map(([reason, n]) =>
    `${reason} ${formatCount(n)}`
  );
  const exporters = collector.exporters.length;
  return (
    <StatTile
      id="collector"
      label="Flow exporters"
      text={formatCount(exporters)}
      value={exporters}
      detail={`${formatCount(collector.flows)} records · ${formatCount(dropped)} dropped`}
      title={`${collector.listen}: ${formatCount(collector.datagrams)} datagrams` +
        (reasons.length > 0 ? `; dropped: ${reasons.join(", ")}` : "")}
      {...(dropped > 0
        ? { tone: "alert" as const }
        : exporters === 0
        ? { tone: "muted" as const }
        : {})}
    />
  );
}
