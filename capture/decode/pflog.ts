/**
 * OpenBSD/FreeBSD/macOS packet filter logs (DLT_PFLOG 117): a header whose first byte is its
 * own length (padded to 4 bytes on the wire) and whose second is the address family.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeFamily } from "./null_loopback.ts";

/** Length and address family: the least a header must hold to be read. */
const MIN_HEADER_LEN = 2;

/** Decode a DLT_PFLOG frame at `off`. */
export function decodePflog(data: DataView, off: number, end: number, out: DecodedPacket): void {
  if (end - off < MIN_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  // The kernel pads the header to a 32-bit boundary (BPF_WORDALIGN) after the length it states.
  const len = (data.getUint8(off) + 3) & ~3;
  if (len < MIN_HEADER_LEN || end - off < len) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  decodeFamily(data.getUint8(off + 1), data, off + len, end, out);
}
