/**
 * IEEE 802.2 LLC headers, which follow an 802.3 length field, and the SNAP header that lets them
 * carry an EtherType (RFC 1042 for OUI 00-00-00, 802.1H bridge tunnelling for 00-00-F8).
 */

/** DSAP, SSAP, control (3 bytes), then the SNAP OUI (3) and EtherType (2). */
export const LLC_SNAP_HEADER_LEN = 8;
/** The LLC header alone: DSAP, SSAP and an unnumbered control byte. */
const LLC_HEADER_LEN = 3;
/** The SAP value that announces a SNAP header. */
const SAP_SNAP = 0xaa;
/** Unnumbered Information, the only control value SNAP uses. */
const CONTROL_UI = 0x03;
const OUI_ENCAPSULATED_ETHERNET = 0x000000;
const OUI_BRIDGE_TUNNEL = 0x0000f8;

/** `llcSnapEtherType()` result for an LLC frame that carries no EtherType (STP, XID, NetBIOS...). */
export const NOT_SNAP = -1;
/** `llcSnapEtherType()` result for an LLC or SNAP header cut short. */
export const LLC_TRUNCATED = -2;

/** The EtherType a SNAP header at `off` carries, or `NOT_SNAP`, or `LLC_TRUNCATED`. */
export function llcSnapEtherType(data: DataView, off: number, end: number): number {
  if (end - off < LLC_HEADER_LEN) return LLC_TRUNCATED;
  if (
    data.getUint8(off) !== SAP_SNAP || data.getUint8(off + 1) !== SAP_SNAP ||
    data.getUint8(off + 2) !== CONTROL_UI
  ) {
    return NOT_SNAP;
  }
  if (end - off < LLC_SNAP_HEADER_LEN) return LLC_TRUNCATED;
  const oui = (data.getUint16(off + 3) << 8) | data.getUint8(off + 5);
  if (oui !== OUI_ENCAPSULATED_ETHERNET && oui !== OUI_BRIDGE_TUNNEL) return NOT_SNAP;
  return data.getUint16(off + 6);
}
