/**
 * Reads the first packet of a capture through `PcapHandle` and then one byte past its caplen;
 * prints "caught" when that read throws (the exact-views mode) and "read" when it does not.
 */
import { NextResult, PcapHandle } from "../pcap_handle.ts";

const handle = PcapHandle.openOffline(Deno.args[0]!);
try {
  if (handle.next() !== NextResult.packet) throw new Error("no packet");
  handle.data.getUint8(handle.offset + handle.caplen - 1); // the last byte is always readable
  try {
    handle.data.getUint8(handle.offset + handle.caplen);
    console.log("read");
  } catch (error) {
    console.log(error instanceof RangeError ? "caught" : `other: ${error}`);
  }
} finally {
  handle.close();
}
