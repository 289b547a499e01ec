/**
 * The reader interface every savefile format implements, apart from `openSavefile()` (which picks
 * the format), so the format readers and the opener depend on it and not on each other.
 */

/** The container: pcap with µs (magic a1b2c3d4) or ns (a1b23c4d) fractions, or pcapng. */
export type SavefileFormat = "pcap" | "pcap-nsec" | "pcapng";

/** A forward-only cursor over the packets of a savefile. */
export interface SavefileReader {
  readonly format: SavefileFormat;
  /** DLT of the first interface (LINKTYPE_RAW 101 is reported as DLT_RAW 12, as libpcap does). */
  readonly linkType: number;
  /** The first interface's snaplen (0 in pcapng means "no limit"). */
  readonly snaplen: number;
  /**
   * Advances to the next packet; false at a clean end of file (and after `close()`). Throws
   * `SavefileError` on a corrupt or truncated file, after every whole packet before the damage
   * was returned, and again on every later call.
   */
  next(): boolean;
  /** The current packet is `data[offset, offset + caplen)`, valid until the next `next()`. */
  readonly data: DataView;
  readonly offset: number;
  readonly caplen: number;
  /** Length on the wire (pcap "len", tshark's frame.len). */
  readonly wireLen: number;
  /** Seconds since the epoch. */
  readonly tsSec: number;
  /** Nanoseconds within the second, whatever the file's resolution. */
  readonly tsNsec: number;
  /** The packet's own DLT: its interface's in pcapng, else `linkType`. */
  readonly packetLinkType: number;
  /** pcapng interface ID within its section; 0 for pcap. */
  readonly interfaceId: number;
  /** Releases the file and the buffer. Idempotent. Stdin is left open. */
  close(): void;
}
