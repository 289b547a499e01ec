/**
 * LINKTYPE (the number stored in savefiles) versus DLT (the number libpcap hands to programs).
 *
 * The two are equal except for a few early values that BSD variants numbered differently
 * before LINKTYPE_ values were frozen (see https://www.tcpdump.org/linktypes.html and the
 * comments in libpcap's `pcap/dlt.h`). libpcap translates these when it reads a file, so the
 * decoder only ever sees DLT values; this reader does the same, with Linux's DLT numbers, so a
 * file gives the same numbers whichever of the two readers opened it.
 */

/** LINKTYPE_RAW: raw IPv4 or IPv6, no link header. */
export const LINKTYPE_RAW = 101;
/** DLT_RAW on every OS but OpenBSD (where it is 14). */
export const DLT_RAW = 12;

/** [LINKTYPE, DLT on Linux] for the values that differ; every other value maps to itself. */
const LINKTYPE_TO_DLT: ReadonlyArray<readonly [number, number]> = [
  [100, 11], // LINKTYPE_ATM_RFC1483 -> DLT_ATM_RFC1483
  [LINKTYPE_RAW, DLT_RAW],
  [102, 15], // LINKTYPE_SLIP_BSDOS -> DLT_SLIP_BSDOS
  [103, 16], // LINKTYPE_PPP_BSDOS -> DLT_PPP_BSDOS
  [106, 19], // LINKTYPE_ATM_CLIP -> DLT_ATM_CLIP
];

/** The DLT value libpcap (on Linux) reports for a LINKTYPE value read from a file. */
export function linktypeToDlt(linktype: number): number {
  for (const [file, dlt] of LINKTYPE_TO_DLT) {
    if (file === linktype) return dlt;
  }
  return linktype;
}

/** The LINKTYPE value to store in a file for a DLT value, the inverse of `linktypeToDlt()`. */
export function dltToLinktype(dlt: number): number {
  for (const [file, value] of LINKTYPE_TO_DLT) {
    if (value === dlt) return file;
  }
  return dlt;
}
