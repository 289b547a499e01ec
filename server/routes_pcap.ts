/**
 * GET /api/pcap: the packets `--keep SIZE` holds, as a savefile to open in Wireshark, streamed:
 * `seconds=N` (the last N seconds of capture time), `filter=BPF` (a flow, a host: libpcap's
 * syntax), `format=pcap|pcapng`, any combination. Without `--keep` nothing is kept, and the
 * answer says how to start. Payload bytes leave only through here and only because the user
 * asked with `--keep`; exposed beyond loopback, this route needs the token like every other.
 */
import type { KeepRingReader } from "../capture/keep/keep_ring_reader.ts";
import { DownloadError, type DownloadFormat, pcapDownload } from "../export/pcap/pcap_download.ts";
import { HttpError } from "./http_error.ts";
import { QueryParams } from "./query.ts";
import type { RouteContext } from "./router.ts";

/** The `--keep` rings, one per capture worker; an empty list without `--keep`. */
export interface PcapSource {
  rings: readonly KeepRingReader[];
}

/** The longest `seconds`: a year, far past what any ring holds, so the bound never bites. */
const MAX_SECONDS = 31_536_000;
const FORMATS: readonly DownloadFormat[] = ["pcap", "pcapng"];

export function pcapRoute(source: PcapSource) {
  return ({ url }: RouteContext): Response => {
    const q = new QueryParams(url.searchParams, ["seconds", "filter", "format"]);
    if (source.rings.length === 0) {
      throw new HttpError(
        409,
        "Packets are not kept: start wirescope with --keep SIZE (e.g. --keep 64M) to download them",
      );
    }
    const seconds = q.integer("seconds", 1, MAX_SECONDS);
    const filter = q.text("filter");
    const format = q.oneOf("format", FORMATS);
    let download;
    try {
      download = pcapDownload(source.rings, {
        ...(seconds !== undefined ? { seconds } : {}),
        ...(filter !== undefined ? { filter } : {}),
        ...(format !== undefined ? { format } : {}),
      });
    } catch (error) {
      if (error instanceof DownloadError) {
        throw new HttpError(400, error.message, { parameter: error.parameter });
      }
      throw error;
    }
    const name = `wirescope-${fileTime(new Date())}.${download.format}`;
    return new Response(download.body, {
      headers: {
        "content-type": download.format === "pcap"
          ? "application/vnd.tcpdump.pcap"
          : "application/x-pcapng",
        "content-disposition": `attachment; filename=${name}`,
        "cache-control": "no-store",
        // Packets in the ring when the download began, before `seconds` and `filter`. Headers
        // leave before the body, so packets the capture overwrites while it streams cannot be
        // counted here: they are left out (a gap, never a torn packet).
        "x-wirescope-kept-packets": String(download.kept),
      },
    });
  };
}

/** `20261204T192530Z`: sortable, and free of characters a file name or a header would mind. */
function fileTime(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}
