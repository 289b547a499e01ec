/**
 * Where the worker's frames come from: a libpcap handle (live or file), or, for files libpcap
 * refuses although they are valid (libpcap 1.10 rejects pcapng files whose interfaces have
 * different snapshot lengths), our own savefile reader. Both present the same fields, so the
 * capture loop does not care which it has.
 */
import { NextResult, PcapHandle } from "../ffi/pcap_handle.ts";
import { OfflineFilter } from "../ffi/offline_filter.ts";
import { PcapError } from "../ffi/pcap_error.ts";
import { canWaitReadable } from "../ffi/readiness.ts";
import type { SavefileReader } from "./savefile/savefile_cursor.ts";
import { openSavefile, readSavefile } from "./savefile/savefile_reader.ts";
import type { CaptureSource, ReaderKind } from "./worker_protocol.ts";

/** What the capture loop reads; `PcapHandle` has exactly this shape. */
export interface FrameSource {
  readonly linkType: number;
  readonly snaplen: number;
  readonly nanosecond: boolean;
  readonly warning: string | undefined;
  readonly packetLinkType: number;
  readonly data: DataView;
  readonly offset: number;
  readonly caplen: number;
  readonly wireLen: number;
  readonly tsSec: number;
  readonly tsNsec: number;
  /** A `NextResult` value. */
  next(): number;
  lastError(): string;
  counters(): { received: number; dropped: number; ifDropped: number } | undefined;
  /** The `pcap_t` address of a libpcap handle; 0n for our own reader. */
  readonly address: bigint;
  /** Live, non-blocking handles: the descriptor to wait on between reads; else -1. */
  readonly readyFd: number;
  close(): void;
}

/** Adapts our savefile reader to `FrameSource`, applying the BPF filter through libpcap. */
class SavefileFrames implements FrameSource {
  readonly nanosecond = true;
  readonly warning = undefined;
  readonly address = 0n;
  readonly readyFd = -1;
  readonly #reader: SavefileReader;
  readonly #filter: OfflineFilter | undefined;
  #error = "";

  constructor(reader: SavefileReader, filter: string) {
    this.#reader = reader;
    this.#filter = filter ? new OfflineFilter(filter) : undefined;
  }

  get linkType(): number {
    return this.#reader.linkType;
  }
  get snaplen(): number {
    return this.#reader.snaplen;
  }
  get packetLinkType(): number {
    return this.#reader.packetLinkType;
  }
  get data(): DataView {
    return this.#reader.data;
  }
  get offset(): number {
    return this.#reader.offset;
  }
  get caplen(): number {
    return this.#reader.caplen;
  }
  get wireLen(): number {
    return this.#reader.wireLen;
  }
  get tsSec(): number {
    return this.#reader.tsSec;
  }
  get tsNsec(): number {
    return this.#reader.tsNsec;
  }

  next(): number {
    const reader = this.#reader;
    try {
      while (reader.next()) {
        if (!this.#filter) return NextResult.packet;
        const data = reader.data;
        const frame = new Uint8Array(data.buffer, data.byteOffset + reader.offset, reader.caplen);
        if (
          this.#filter.matches(
            reader.packetLinkType,
            frame as Uint8Array<ArrayBuffer>,
            reader.wireLen,
          )
        ) {
          return NextResult.packet;
        }
      }
      return NextResult.eof;
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
      return NextResult.error;
    }
  }

  lastError(): string {
    return this.#error;
  }
  counters(): undefined {
    return undefined;
  }
  close(): void {
    this.#filter?.close();
    this.#reader.close();
  }
}

export interface OpenedSource {
  source: FrameSource;
  reader: ReaderKind;
  /**
   * A regular file libpcap reads: a second descriptor on it, opened beside libpcap's, from which
   * our own reader resumes if libpcap stops half-way. Opened now because by then privileges may
   * be gone (a root-only file cannot be opened again by path). The holder closes it.
   */
  resume?: Deno.FsFile;
}

/** Open the source and install the filter. Throws PcapError (or SavefileError) on failure. */
export function openFrameSource(spec: CaptureSource, filter: string): OpenedSource {
  if (spec.kind === "live") {
    const handle = PcapHandle.openLive({ ...spec, timeoutMs: LIVE_READ_TIMEOUT_MS });
    try {
      if (filter) handle.setFilter(filter);
    } catch (error) {
      handle.close();
      throw error;
    }
    if (canWaitReadable()) handle.nonBlocking();
    return { source: handle, reader: "libpcap" };
  }
  const regular = checkReadable(spec.path);
  let handle: PcapHandle;
  try {
    handle = PcapHandle.openOffline(spec.path);
  } catch (error) {
    // libpcap refused the file; our reader may still read it. If it cannot either, the user
    // gets libpcap's message, which names the problem in libpcap's well-known words.
    if (spec.path === "-") throw error;
    const fallback = tryOwnReader(spec.path, filter);
    if (fallback) return fallback;
    throw error;
  }
  try {
    if (filter) handle.setFilter(filter);
  } catch (error) {
    handle.close();
    throw error;
  }
  const resume = regular ? openResume(spec.path) : undefined;
  return { source: handle, reader: "libpcap", ...(resume ? { resume } : {}) };
}

/**
 * Read a file that libpcap stopped reading with an error with our own reader, from `resume`
 * (`OpenedSource.resume`, which it takes over), positioned after the `alreadyRead` packets
 * libpcap returned. Nothing is opened by path. Undefined when our reader fails too.
 */
export function reopenWithOwnReader(
  resume: Deno.FsFile,
  path: string,
  filter: string,
  alreadyRead: number,
): FrameSource | undefined {
  let source: FrameSource;
  try {
    resume.seekSync(0, Deno.SeekMode.Start);
    source = new SavefileFrames(readSavefile(resume, path), filter);
  } catch {
    // readSavefile closes what it was given when it throws; a failed seek leaves it to us.
    closeQuietly(resume);
    return undefined;
  }
  for (let skipped = 0; skipped < alreadyRead; skipped++) {
    if (source.next() !== NextResult.packet) {
      source.close();
      return undefined;
    }
  }
  return source;
}

function openResume(path: string): Deno.FsFile | undefined {
  try {
    return Deno.openSync(path, { read: true });
  } catch {
    // libpcap opened it a moment ago; without a second descriptor there is simply no fallback.
    return undefined;
  }
}

function closeQuietly(file: Deno.FsFile): void {
  try {
    file.close();
  } catch {
    // already closed
  }
}

/** pcap read timeout for live capture: the longest a quiet interface delays a flush or stop. */
export const LIVE_READ_TIMEOUT_MS = 100;

function tryOwnReader(path: string, filter: string): OpenedSource | undefined {
  let reader: SavefileReader;
  try {
    reader = openSavefile(path);
  } catch {
    return undefined;
  }
  return { source: new SavefileFrames(reader, filter), reader: "wirescope" };
}

/**
 * Give the common file mistakes plain words before libpcap gives them its own. True for a
 * regular file (one a second descriptor can read from the start, unlike a pipe).
 */
function checkReadable(path: string): boolean {
  if (path === "-") return false;
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new PcapError(`Cannot read "${path}": no such file`, "file");
    }
    if (error instanceof Deno.errors.PermissionDenied) {
      throw new PcapError(`Cannot read "${path}": permission denied`, "file");
    }
    throw error;
  }
  if (info.isDirectory) throw new PcapError(`Cannot read "${path}": it is a directory`, "file");
  if (info.isFile && info.size === 0) {
    throw new PcapError(`Cannot read "${path}": the file is empty`, "file");
  }
  return info.isFile;
}
