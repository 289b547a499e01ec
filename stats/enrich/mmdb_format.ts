/**
 * Names shared by the MaxMind DB reader's parts: the data section's type numbers (MaxMind DB File
 * Format Specification 2.0, "Output Data Section"), the shape of a decoded value, and the error
 * a damaged file gives.
 */

/** Type numbers of the data section; 0 in the control byte means "extended: see next byte". */
export const MmdbType = {
  pointer: 1,
  utf8: 2,
  double: 3,
  bytes: 4,
  uint16: 5,
  uint32: 6,
  map: 7,
  int32: 8,
  uint64: 9,
  uint128: 10,
  array: 11,
  container: 12,
  endMarker: 13,
  boolean: 14,
  float: 15,
} as const;

/** A decoded value: uint64 and uint128 are bigints, bytes a copy, maps plain objects. */
export type MmdbData = string | number | bigint | boolean | Uint8Array | MmdbData[] | {
  [key: string]: MmdbData;
};

/** The file is not valid MaxMind DB data; the message says what and where. */
export class MmdbFormatError extends Error {
  override name = "MmdbFormatError";
}
