/**
 * Pseudo-headers that name the link type of the frame after them: PPI (DLT_PPI 192, from
 * AirPcap and older macOS) and Apple's PKTAP (DLT_PKTAP 258, `tcpdump -i pktap` on macOS,
 * which adds the process behind each packet). Each function returns the header's length, or
 * -1 when it is cut short or lies; the inner link type is read separately.
 */

/** Version, flags, length, link type (little-endian, as every PPI field). */
export const PPI_MIN_LEN = 8;
/** Length, record type, link type: the least of a PKTAP header that is read. */
export const PKTAP_MIN_LEN = 12;

/** The length of the PPI header at `off`, or -1. */
export function ppiHeaderLength(data: DataView, off: number, end: number): number {
  if (end - off < PPI_MIN_LEN) return -1;
  const len = data.getUint16(off + 2, true);
  return len < PPI_MIN_LEN || len > end - off ? -1 : len;
}

/** The link type of the frame after a PPI header at `off` (whose length was checked). */
export function ppiLinkType(data: DataView, off: number): number {
  return data.getUint32(off + 4, true);
}

/** The length of the PKTAP header at `off`, or -1. */
export function pktapHeaderLength(data: DataView, off: number, end: number): number {
  if (end - off < PKTAP_MIN_LEN) return -1;
  const len = data.getUint32(off, true);
  return len < PKTAP_MIN_LEN || len > end - off ? -1 : len;
}

/** The link type of the frame after a PKTAP header at `off` (whose length was checked). */
export function pktapLinkType(data: DataView, off: number): number {
  return data.getUint32(off + 8, true);
}
