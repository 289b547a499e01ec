/**
 * Savefiles without libpcap: `openSavefile()` reads pcap, pcap-nsec and pcapng; `PcapWriter`
 * and `PcapngWriter` write them.
 *
 * @module
 */

export { openSavefile, type OpenSavefileOptions, STDIN_PATH } from "./savefile_reader.ts";
export type { SavefileFormat, SavefileReader } from "./savefile_cursor.ts";
export { SavefileError, type SavefileErrorOptions } from "./savefile_error.ts";
export { PcapWriter, type PcapWriterOptions } from "./pcap_writer.ts";
export {
  type PcapngInterfaceOptions,
  PcapngWriter,
  type PcapngWriterOptions,
} from "./pcapng_writer.ts";
export { DLT_RAW, dltToLinktype, LINKTYPE_RAW, linktypeToDlt } from "./link_type.ts";
export { DEFAULT_CHUNK_BYTES, MAX_CAPLEN } from "./savefile_limits.ts";
