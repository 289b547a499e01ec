/**
 * OpenBSD's IPsec tunnel interface enc(4) (DLT_ENC 109): the address family, SPI and flags of
 * the security association, then the decrypted IP packet. The family is in the capturing
 * host's byte order, read either way as for DLT_NULL.
 */
import type { DecodedPacket } from "./packet.ts";
import { DecodeError, L3 } from "./packet.ts";
import { decodeFamily } from "./null_loopback.ts";

/** Address family, SPI, flags (OpenBSD's struct enchdr). */
export const ENC_HEADER_LEN = 12;
/** Address families fit in 16 bits, so a larger value was read in the wrong byte order. */
const MAX_FAMILY = 0xffff;

/** Decode a DLT_ENC frame at `off`. */
export function decodeEnc(data: DataView, off: number, end: number, out: DecodedPacket): void {
  if (end - off < ENC_HEADER_LEN) {
    out.l3 = L3.other;
    out.error = DecodeError.truncatedLink;
    return;
  }
  let family = data.getUint32(off, true);
  if (family > MAX_FAMILY) family = data.getUint32(off, false);
  if (family > MAX_FAMILY) {
    out.l3 = L3.other;
    return;
  }
  decodeFamily(family, data, off + ENC_HEADER_LEN, end, out);
}
