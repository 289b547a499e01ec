/**
 * The memory bounds of the savefile reader, shared by the pcap and pcapng parsers.
 */

/**
 * Largest caplen accepted in a packet record: 256 KiB, libpcap's MAXIMUM_SNAPLEN. It is the
 * default snaplen of tcpdump and dumpcap and the most libpcap accepts for every link type that
 * wirescope decodes, so a larger caplen means a corrupt record, not a big packet. (Even 64 KiB
 * GRO/TSO super-frames fit four times.)
 */
export const MAX_CAPLEN = 262_144;

/**
 * Room allowed for the options of one pcapng packet block (comments, flags, hashes, ...): the
 * 128 KiB that libpcap also adds to the snaplen when it bounds a block.
 */
export const MAX_PACKET_OPTION_BYTES = 131_072;

/** Fixed part of a pcapng Enhanced Packet Block: 7 words of header plus the trailing length. */
export const EPB_FIXED_BYTES = 32;

/**
 * Largest block or record the reader ever holds in its buffer at once, and so the most the
 * buffer grows to: a maximal Enhanced Packet Block with maximal options (about 384 KiB).
 * Blocks the reader skips (name resolution, statistics, custom) stream through and may be
 * any size.
 */
export const MAX_HELD_BYTES = EPB_FIXED_BYTES + MAX_CAPLEN + MAX_PACKET_OPTION_BYTES;

/**
 * Default read size and initial buffer: 1 MiB. Few reads per second even at disk speed (one per
 * ~700 full-size frames), small enough for a Worker, and larger than `MAX_HELD_BYTES`, so the
 * buffer never needs to grow unless a caller asks for smaller chunks.
 */
export const DEFAULT_CHUNK_BYTES = 1_048_576;
