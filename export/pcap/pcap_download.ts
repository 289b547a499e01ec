/**
 * `GET /api/pcap`: the packets the `--keep` rings hold, as a pcap or pcapng body streamed a chunk
 * at a time, oldest first (merged by timestamp across the rings of several interfaces): the last
 * N seconds of capture time, those a BPF filter matches (compiled by libpcap for each packet's
 * link type and run with `pcap_offline_filter`, as tcpdump would read the file), or both.
 *
 * A download with more than one link type (several `-i`, or a pcapng file that mixed them) is
 * pcapng, one interface per link type: a classic pcap file holds one, and asking for `pcap` then
 * is refused rather than silently leaving packets out.
 */
import { OfflineFilter } from "../../ffi/offline_filter.ts";
import { linkTypeName } from "../../ffi/pcap_handle.ts";
import type { KeepRingReader, KeepRingWalk } from "../../capture/keep/keep_ring_reader.ts";
import {
  commentedSectionBytes,
  epbBytes,
  IDB_BYTES,
  PCAP_RECORD_HEADER_BYTES,
  writeCommentedSection,
  writeEnhancedPacket,
  writeInterface,
  writePcapHeader,
  writePcapRecord,
  writeSectionHeader,
} from "./savefile_blocks.ts";

export type DownloadFormat = "pcap" | "pcapng";

export interface DownloadRequest {
  /** Only packets at most this many seconds older than the newest kept one. */
  seconds?: number;
  /** A BPF expression in libpcap's syntax. */
  filter?: string;
  /** Default: pcap when every packet has one link type, pcapng else. */
  format?: DownloadFormat;
}

/** Why a download cannot be made: the message is one line for the user. */
export class DownloadError extends Error {
  override name = "DownloadError";
  constructor(message: string, readonly parameter: "filter" | "format") {
    super(message);
  }
}

export interface PcapDownload {
  format: DownloadFormat;
  /** Packets in the rings when the download began, before `seconds` and `filter`. */
  kept: number;
  /** The body: one chunk of about `CHUNK_BYTES` (or one packet) at a time. */
  body: ReadableStream<Uint8Array>;
  /** Packets written, and packets overwritten before they could be copied out, so far. */
  progress(): { written: number; lost: number };
}

/** Chunk size: big enough that a chunk is not a syscall per packet, small enough to stream. */
export const CHUNK_BYTES = 65_536;

/**
 * Start a download over `rings`. Throws `DownloadError` for a filter libpcap refuses or a pcap
 * asked for with several link types; nothing has been written then.
 */
export function pcapDownload(rings: readonly KeepRingReader[], request: DownloadRequest) {
  const linkTypes = linkTypesIn(rings);
  const format = request.format ?? (linkTypes.length > 1 ? "pcapng" : "pcap");
  if (format === "pcap" && linkTypes.length > 1) {
    throw new DownloadError(
      `Cannot write packets of ${linkTypes.length} link types (` +
        `${linkTypes.map(linkTypeName).join(", ")}) to one pcap file: ask for format=pcapng`,
      "format",
    );
  }
  let filter: OfflineFilter | undefined;
  if (request.filter !== undefined && request.filter.trim() !== "") {
    filter = new OfflineFilter(request.filter);
    try {
      for (const linkType of linkTypes) filter.prepare(linkType);
    } catch (error) {
      filter.close();
      throw new DownloadError(error instanceof Error ? error.message : String(error), "filter");
    }
  }
  const walks = rings.map((ring) => ring.walk());
  const cutoff = request.seconds === undefined ? undefined : cutoffFor(rings, request.seconds);
  const writer = new ChunkWriter(format, walks, filter, cutoff, linkTypes[0] ?? 1);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = writer.next();
      if (chunk === null) {
        filter?.close();
        controller.close();
      } else {
        controller.enqueue(chunk);
      }
    },
    cancel() {
      filter?.close();
    },
  }, { highWaterMark: 0 });
  return {
    format,
    kept: walks.reduce((sum, walk) => sum + walk.remaining, 0),
    body,
    progress: () => ({
      written: writer.written,
      lost: walks.reduce((sum, walk) => sum + walk.lost, 0),
    }),
  } satisfies PcapDownload;
}

/** Every link type the rings hold now, in the order first met (headers only, no copy). */
function linkTypesIn(rings: readonly KeepRingReader[]): number[] {
  const seen = new Set<number>();
  for (const ring of rings) for (const linkType of ring.linkTypes()) seen.add(linkType);
  return [...seen];
}

/** [seconds, nanoseconds] of the oldest packet "the last `seconds` seconds" includes. */
function cutoffFor(rings: readonly KeepRingReader[], seconds: number): [number, number] {
  let newest: [number, number] = [0, 0];
  for (const ring of rings) {
    const ts = ring.state().newest;
    if (ts !== null && before(newest[0], newest[1], ts[0], ts[1])) newest = ts;
  }
  return [newest[0] - seconds, newest[1]];
}

/** True when (sec, nsec) is earlier than (otherSec, otherNsec). */
function before(sec: number, nsec: number, otherSec: number, otherNsec: number): boolean {
  return sec < otherSec || (sec === otherSec && nsec < otherNsec);
}

/** Fills chunks with the walks' packets, merged by time, that pass the cutoff and the filter. */
class ChunkWriter {
  readonly #format: DownloadFormat;
  readonly #walks: readonly KeepRingWalk[];
  readonly #filter: OfflineFilter | undefined;
  readonly #cutoff: [number, number] | undefined;
  /** Whether each walk's `packet` holds its next packet, not yet written. */
  readonly #ready: boolean[];
  /** pcapng: the interface of each link type, added when first written. */
  readonly #interfaces = new Map<number, number>();
  #header = false;
  #lostSaid = false;
  readonly #linkType: number;
  written = 0;

  constructor(
    format: DownloadFormat,
    walks: readonly KeepRingWalk[],
    filter: OfflineFilter | undefined,
    cutoff: [number, number] | undefined,
    linkType: number,
  ) {
    this.#format = format;
    this.#walks = walks;
    this.#filter = filter;
    this.#cutoff = cutoff;
    this.#linkType = linkType;
    this.#ready = walks.map(() => false);
  }

  /** The next chunk, or null when every packet has been written. */
  next(): Uint8Array | null {
    const bytes = new Uint8Array(CHUNK_BYTES + 512);
    let buffer = bytes;
    let view = new DataView(buffer.buffer);
    let at = 0;
    if (!this.#header) {
      this.#header = true;
      at = this.#format === "pcap"
        ? writePcapHeader(view, 0, this.#linkType)
        : writeSectionHeader(view, 0);
    }
    for (;;) {
      const walk = this.#earliest();
      if (walk === undefined) break;
      const packet = walk.packet;
      const need = this.#format === "pcap"
        ? PCAP_RECORD_HEADER_BYTES + packet.caplen
        : epbBytes(packet.caplen) + IDB_BYTES;
      if (at > 0 && at + need > CHUNK_BYTES) break;
      if (at + need > buffer.length) {
        // One packet bigger than a chunk: this chunk grows to hold it alone.
        const grown = new Uint8Array(at + need);
        grown.set(buffer.subarray(0, at));
        buffer = grown;
        view = new DataView(buffer.buffer);
      }
      this.#ready[this.#walks.indexOf(walk)] = false;
      if (this.#format === "pcap") {
        at = writePcapRecord(buffer, view, at, packet);
      } else {
        let id = this.#interfaces.get(packet.linkType);
        if (id === undefined) {
          id = this.#interfaces.size;
          this.#interfaces.set(packet.linkType, id);
          at = writeInterface(view, at, packet.linkType);
        }
        at = writeEnhancedPacket(buffer, view, at, id, packet);
      }
      this.written++;
    }
    return at === 0 ? this.#lostSection() : buffer.subarray(0, at);
  }

  /**
   * pcapng only, once after the last packet: how many packets the capture overwrote before they could be
   * sent, in a last section's comment (headers left before anyone knew). Pcap has no place.
   */
  #lostSection(): Uint8Array | null {
    if (this.#format !== "pcapng" || this.#lostSaid) return null;
    this.#lostSaid = true;
    const lost = this.#walks.reduce((sum, walk) => sum + walk.lost, 0);
    if (lost === 0) return null;
    const comment = new TextEncoder().encode(
      `wirescope: ${lost} packets were overwritten in the --keep ring before they could be sent`,
    );
    const bytes = new Uint8Array(commentedSectionBytes(comment));
    writeCommentedSection(bytes, new DataView(bytes.buffer), 0, comment);
    return bytes;
  }

  /** The walk whose next wanted packet is the earliest, or undefined when all are done. */
  #earliest(): KeepRingWalk | undefined {
    let best: KeepRingWalk | undefined;
    for (let i = 0; i < this.#walks.length; i++) {
      const walk = this.#walks[i]!;
      if (!this.#ready[i]) {
        if (!this.#advance(walk)) continue;
        this.#ready[i] = true;
      }
      const p = walk.packet;
      if (
        best === undefined || before(p.tsSec, p.tsNsec, best.packet.tsSec, best.packet.tsNsec)
      ) {
        best = walk;
      }
    }
    return best;
  }

  /** Move `walk` to its next packet that passes the cutoff and the filter. */
  #advance(walk: KeepRingWalk): boolean {
    const cutoff = this.#cutoff;
    const filter = this.#filter;
    while (walk.next()) {
      const p = walk.packet;
      if (cutoff !== undefined && before(p.tsSec, p.tsNsec, cutoff[0], cutoff[1])) continue;
      if (
        filter !== undefined &&
        !filter.matches(p.linkType, p.frame.subarray(0, p.caplen), p.wireLen)
      ) continue;
      return true;
    }
    return false;
  }
}
