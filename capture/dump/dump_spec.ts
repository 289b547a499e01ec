/**
 * What `-w` asks for, as tcpdump spells it: where packets go, in which savefile format, and when
 * a file is closed for the next (`-C` size, `-G` seconds, `-W` how many are kept).
 */

export type DumpFormat = "pcap" | "pcapng";

export interface DumpSpec {
  /** The file name; with `rotateSeconds`, a strftime pattern (local time). */
  path: string;
  format: DumpFormat;
  /** Start a new file once the current one is larger than this many bytes; 0 never. */
  rotateBytes: number;
  /** Start a new file once a packet is this many seconds past the current file's start; 0 never. */
  rotateSeconds: number;
  /** Keep at most this many files (a ring); 0 keeps every one. */
  fileCount: number;
}

/** pcapng when asked for, or when the name ends in `.pcapng` (any case); classic pcap else. */
export function dumpFormatFor(path: string, pcapng: boolean): DumpFormat {
  return pcapng || /\.pcapng$/i.test(path) ? "pcapng" : "pcap";
}
