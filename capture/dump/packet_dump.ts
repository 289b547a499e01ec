/**
 * `-w`: the capture worker writes every packet that passed the filter to a savefile as it reads
 * it, rotating files by size (`-C`), by time (`-G`) and keeping at most `-W` of them.
 *
 * Rotation follows tcpdump: the size is checked before each packet (a file ends just past the
 * limit), and a `-G` period ends with the first packet at least that many seconds after the
 * file's first. Time is the packets' own, so a file read with `-r -w -G` splits by when its
 * packets were captured, as a live capture splits by the clock. tcpdump stops capturing after
 * `-W` files under `-G`; wirescope keeps analysing, so it deletes the oldest file it wrote
 * instead (a ring, as `-C -W` already is by reusing names).
 *
 * Writing never throws into the capture loop: a failed write (a full disk) stops writing,
 * keeps the message in `error` for the worker to report once, and the analysis goes on.
 */
import { PcapWriter } from "../savefile/pcap_writer.ts";
import { PcapngWriter } from "../savefile/pcapng_writer.ts";
import { MAX_CAPLEN } from "../savefile/savefile_limits.ts";
import { countDigits, dumpFileName } from "./dump_file_name.ts";
import type { DumpSpec } from "./dump_spec.ts";

/** What the savefile says about the packets: the capture's link type, snaplen, resolution. */
export interface DumpSource {
  linkType: number;
  /** Largest caplen the source can return; 0 when unknown (the pcap maximum is used). */
  snaplen: number;
  nanosecond: boolean;
  /**
   * A live capture's start, in epoch seconds: `-G`'s first file opens at once, named by it
   * (packet time is the clock's there), so it exists before the process drops its privileges.
   * A file's first `-G` name waits for its first packet's time.
   */
  startSeconds?: number;
}

/** pcapng's if_tsresol for nanoseconds (10^-9) and microseconds (10^-6). */
const TSRESOL_NS = 9;
const TSRESOL_US = 6;

export class PacketDump {
  readonly #spec: DumpSpec;
  readonly #source: DumpSource;
  readonly #digits: number;
  #pcap: PcapWriter | undefined;
  #pcapng: PcapngWriter | undefined;
  /** pcapng: the current file's interface for `#lastLinkType`, and for every other link type. */
  #lastLinkType = -1;
  #lastInterface = -1;
  #interfaces = new Map<number, number>();
  #count = 0;
  #periodStart = 0;
  /** Under `-W`, the names written, oldest first: at most `-W` of them. */
  readonly #kept: string[] = [];
  #error: string | undefined;
  #name = "";
  /** Packets a classic pcap file could not hold: a link type other than the file's. */
  skipped = 0;
  /** Packets written, across every file. */
  written = 0;

  /**
   * Opens the first file at once (so a bad path fails before the capture starts), except under
   * `-G` for a file, whose first name comes from its first packet's time. Throws on a file it
   * cannot create.
   */
  constructor(spec: DumpSpec, source: DumpSource) {
    this.#spec = spec;
    this.#source = source;
    // Numbers count -C files; under -G alone the time tells the files apart.
    this.#digits = spec.rotateBytes > 0 ? countDigits(spec.fileCount) : 0;
    if (spec.rotateSeconds === 0) {
      this.#open(dumpFileName(spec.path, 0, this.#digits, undefined));
    } else if (source.startSeconds !== undefined) {
      this.#periodStart = Math.floor(source.startSeconds);
      this.#open(dumpFileName(spec.path, 0, this.#digits, this.#periodStart));
    } else {
      checkDirectory(dumpFileName(spec.path, 0, this.#digits, Date.now() / 1000));
    }
  }

  /** The one-line reason writing stopped, or undefined while it goes on. */
  get error(): string | undefined {
    return this.#error;
  }

  /** Write one packet, `data[offset, offset + caplen)`, rotating first when it is time. */
  write(
    linkType: number,
    data: DataView,
    offset: number,
    caplen: number,
    wireLen: number,
    tsSec: number,
    tsNsec: number,
  ): void {
    if (this.#error !== undefined) return;
    try {
      this.#rotate(tsSec);
      const pcap = this.#pcap;
      if (pcap !== undefined) {
        if (linkType !== this.#source.linkType) {
          this.skipped++;
          return;
        }
        pcap.writeFrame(tsSec, tsNsec, data, offset, caplen, wireLen);
      } else {
        const id = linkType === this.#lastLinkType
          ? this.#lastInterface
          : this.#interface(linkType);
        this.#pcapng!.writeFrame(id, tsSec, tsNsec, data, offset, caplen, wireLen);
      }
      this.written++;
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Hand buffered packets to the file, so a reader sees them (a live capture's quiet moments). */
  flush(): void {
    if (this.#error !== undefined) return;
    try {
      (this.#pcap ?? this.#pcapng)?.flush();
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Flush and close the current file. Idempotent. */
  close(): void {
    try {
      this.#closeFile();
    } catch (error) {
      this.#fail(error);
    }
  }

  #rotate(tsSec: number): void {
    const spec = this.#spec;
    if (spec.rotateSeconds > 0) {
      if (this.#name === "" || tsSec - this.#periodStart >= spec.rotateSeconds) {
        this.#periodStart = tsSec;
        this.#count = 0;
        this.#open(dumpFileName(spec.path, 0, this.#digits, tsSec));
        return;
      }
    }
    if (spec.rotateBytes > 0 && this.#size() > spec.rotateBytes) {
      this.#count++;
      if (spec.fileCount > 0 && this.#count >= spec.fileCount) this.#count = 0;
      const start = spec.rotateSeconds > 0 ? this.#periodStart : undefined;
      this.#open(dumpFileName(spec.path, this.#count, this.#digits, start));
    }
  }

  #size(): number {
    return this.#pcap?.size ?? this.#pcapng?.size ?? 0;
  }

  #open(name: string): void {
    this.#closeFile();
    const file = openForWriting(name);
    this.#name = name;
    const source = this.#source;
    if (this.#spec.format === "pcap") {
      const snaplen = source.snaplen > 0 && source.snaplen <= MAX_CAPLEN
        ? source.snaplen
        : MAX_CAPLEN;
      this.#pcap = new PcapWriter({
        linkType: source.linkType,
        snaplen,
        nanosecond: source.nanosecond,
        file,
      });
    } else {
      this.#pcapng = new PcapngWriter({ file });
      this.#interfaces.clear();
      this.#lastLinkType = -1;
    }
    this.#remember(name);
  }

  /** The current pcapng file's interface for `linkType`, added on its first packet. */
  #interface(linkType: number): number {
    let id = this.#interfaces.get(linkType);
    if (id === undefined) {
      id = this.#pcapng!.addInterface(linkType, {
        // Every packet of any interface goes through one source: 0 ("no limit") never cuts one.
        snaplen: 0,
        tsresol: this.#source.nanosecond ? TSRESOL_NS : TSRESOL_US,
      });
      this.#interfaces.set(linkType, id);
    }
    this.#lastLinkType = linkType;
    this.#lastInterface = id;
    return id;
  }

  /** Under `-W`, add a new file to the ring and, past `-W` files, delete the oldest one. */
  #remember(name: string): void {
    const limit = this.#spec.fileCount;
    if (limit === 0) return;
    const kept = this.#kept;
    const again = kept.indexOf(name);
    if (again >= 0) kept.splice(again, 1); // reused: the file was overwritten, not added
    kept.push(name);
    while (kept.length > limit) {
      const oldest = kept.shift()!;
      try {
        Deno.removeSync(oldest);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    }
  }

  #closeFile(): void {
    const writer = this.#pcap ?? this.#pcapng;
    this.#pcap = undefined;
    this.#pcapng = undefined;
    writer?.close();
  }

  #fail(error: unknown): void {
    const detail = (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
    const what = detail.startsWith("Cannot write")
      ? detail
      : `Cannot write "${this.#name}": ${detail}`;
    this.#error = `${what}; packets are no longer written (${this.written} were)`;
    try {
      this.#closeFile();
    } catch {
      // The file is already failing; the first error is the one to report.
    }
  }
}

/** Create or truncate `name`, with the file errors users meet put in plain words. */
function openForWriting(name: string): Deno.FsFile {
  try {
    return Deno.openSync(name, { write: true, create: true, truncate: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`Cannot write "${name}": no such directory`);
    }
    if (error instanceof Deno.errors.PermissionDenied) {
      throw new Error(`Cannot write "${name}": permission denied`);
    }
    if (error instanceof Deno.errors.IsADirectory) {
      throw new Error(`Cannot write "${name}": it is a directory`);
    }
    throw new Error(`Cannot write "${name}": ${error instanceof Error ? error.message : error}`);
  }
}

/** Under `-G` the first file opens with the first packet: say now if its folder is missing. */
function checkDirectory(name: string): void {
  const slash = name.lastIndexOf("/");
  const directory = slash < 0 ? "." : slash === 0 ? "/" : name.slice(0, slash);
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(directory);
  } catch {
    throw new Error(`Cannot write "${name}": no such directory`);
  }
  if (!info.isDirectory) {
    throw new Error(`Cannot write "${name}": "${directory}" is not a directory`);
  }
}
