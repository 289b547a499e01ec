/**
 * Reading capture files without libpcap: the fallback for files libpcap refuses (a pcapng whose
 * interfaces differ in snaplen, for one) and the reader of synthetic files in tests.
 *
 * The format comes from the magic number, never the file name. The API is synchronous because
 * it runs inside the capture Worker's loop; `next()` parses in place out of a reused buffer.
 */

import { type ByteSource, ChunkedInput } from "./chunked_input.ts";
import { PcapReader } from "./pcap_reader.ts";
import { BLOCK_SHB, PcapngReader } from "./pcapng_reader.ts";
import { SavefileError } from "./savefile_error.ts";
import { DEFAULT_CHUNK_BYTES, MAX_HELD_BYTES } from "./savefile_limits.ts";
import type { SavefileReader } from "./savefile_cursor.ts";

export { SavefileError } from "./savefile_error.ts";

/** Options of `openSavefile()`. */
export interface OpenSavefileOptions {
  /** Read size and initial buffer in bytes; tests use tiny ones to split records. */
  chunkBytes?: number;
}

const MAGIC_BYTES = 4;
const MAGIC_PCAP_US = 0xa1b2c3d4;
const MAGIC_PCAP_NS = 0xa1b23c4d;
const MAGIC_GZIP = 0x1f8b;

/** Path that means "read standard input". */
export const STDIN_PATH = "-";

/**
 * Opens a pcap, pcap-nsec or pcapng file (`"-"` reads stdin) and reads its header. Throws
 * `SavefileError` if the file cannot be opened, is empty, is not a capture file or has a damaged
 * header; a pcapng file must define an interface before its first packet.
 */
export function openSavefile(path: string, options: OpenSavefileOptions = {}): SavefileReader {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
    throw new RangeError(`Cannot open "${path}": chunkBytes must be a positive integer`);
  }
  return readSavefile(openSource(path), path, { chunkBytes });
}

/**
 * Reads a pcap, pcap-nsec or pcapng file from `source`, already open and at its first byte
 * (`name` is the path its messages show); the reader owns `source` and closes it, also when this
 * throws. What resumes a file libpcap stopped reading after privileges were dropped: the
 * descriptor was opened before, and nothing is opened by path after.
 */
export function readSavefile(
  source: ByteSource,
  name: string,
  options: OpenSavefileOptions = {},
): SavefileReader {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
    source.close();
    throw new RangeError(`Cannot open "${name}": chunkBytes must be a positive integer`);
  }
  const input = new ChunkedInput(source, name, chunkBytes, MAX_HELD_BYTES);
  try {
    return readerFor(input);
  } catch (error) {
    input.close();
    throw error;
  }
}

function openSource(path: string): ByteSource {
  if (path === STDIN_PATH) {
    // Stdin belongs to the process, not the reader: close() leaves it open.
    return { readSync: (buffer) => Deno.stdin.readSync(buffer), close: () => {} };
  }
  try {
    return Deno.openSync(path, { read: true });
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new SavefileError(path, detail, { action: "open", cause });
  }
}

function readerFor(input: ChunkedInput): SavefileReader {
  const got = input.fill(MAGIC_BYTES);
  if (got === 0) throw input.error("empty file", 0);
  if (got < MAGIC_BYTES) {
    throw input.error(`not a capture file: only ${got} bytes`, 0);
  }
  const magic = input.view.getUint32(input.pos, false);
  const swapped = input.view.getUint32(input.pos, true);
  if (magic === BLOCK_SHB) return new PcapngReader(input);
  if (magic === MAGIC_PCAP_US || swapped === MAGIC_PCAP_US) {
    return new PcapReader(input, swapped === MAGIC_PCAP_US, false);
  }
  if (magic === MAGIC_PCAP_NS || swapped === MAGIC_PCAP_NS) {
    return new PcapReader(input, swapped === MAGIC_PCAP_NS, true);
  }
  const hint = magic >>> 16 === MAGIC_GZIP ? ", gzip-compressed (decompress it first)" : "";
  throw input.error(
    `not a capture file (magic 0x${magic.toString(16).padStart(8, "0")}${hint})`,
    0,
  );
}
