/** @jsxImportSource npm:preact@10 */
/**
 * "Download pcap" links (GET /api/pcap), shown only when the server keeps packets (`--keep`,
 * which /stats says in `keep`): the timeline's last 10 s, 1 min, 5 min or everything kept, and
 * one flow's or one host's packets beside its row. Plain links: the browser saves the streamed
 * file, with the session cookie the API asks for when exposed.
 */
import { formatBytes, formatCount } from "../../format/units.ts";
import type { KeepSummary } from "../../wire/stats_document.ts";
import { pcapHref } from "../lib/pcap_links.ts";

const WINDOWS = [
  { seconds: 10, label: "last 10 s" },
  { seconds: 60, label: "1 min" },
  { seconds: 300, label: "5 min" },
] as const;

export function PcapDownload({ keep }: { keep: KeepSummary }) {
  return (
    <p
      class="hint pcap-download"
      role="group"
      aria-label="Download pcap"
      data-testid="pcap-download"
    >
      Download pcap: {WINDOWS.map((w) => (
        <span key={w.seconds}>
          <a
            class="export-link"
            href={pcapHref({ seconds: w.seconds })}
            download
            data-testid={`pcap-last-${w.seconds}`}
            title={`The packets of the last ${w.label} of capture time`}
          >
            {w.label}
          </a>
          {" "}
        </span>
      ))}
      <a class="export-link" href={pcapHref({})} download data-testid="pcap-all">
        all kept
      </a>{" "}
      <small>
        ({formatCount(keep.packets)} packets in a {formatBytes(keep.bytes)} ring)
      </small>
    </p>
  );
}

/** One flow's or one host's packets, beside its row. */
export function PcapLink(props: { filter: string; what: string; testId: string }) {
  return (
    <a
      class="export-link pcap-link"
      href={pcapHref({ filter: props.filter })}
      download
      title={`Download ${props.what} as pcap (${props.filter})`}
      aria-label={`Download ${props.what} as pcap`}
      data-testid={props.testId}
    >
      pcap
    </a>
  );
}
