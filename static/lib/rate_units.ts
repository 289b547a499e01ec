/**
 * The units toggle: rates in bits per second (as links are sold) or bytes per second (as file
 * sizes are counted). Byte totals are always bytes.
 */

import { formatBitRate, formatBytes } from "../../format/units.ts";

export type RateUnit = "bits" | "bytes";

/** A bits-per-second value in the chosen unit: "8.40 Mbit/s" or "1.05 MB/s". */
export function formatRate(bitsPerSecond: number, unit: RateUnit): string {
  return unit === "bits" ? formatBitRate(bitsPerSecond) : `${formatBytes(bitsPerSecond / 8)}/s`;
}

/** Factor from bits/s to the chosen unit's per-second value. */
export function rateScale(unit: RateUnit): number {
  return unit === "bits" ? 1 : 1 / 8;
}

/** Axis label of a rate chart in the chosen unit. */
export function rateAxisTitle(unit: RateUnit): string {
  return unit === "bits" ? "bits/s" : "bytes/s";
}
