/**
 * Why a row is anomalous, in words a person can check: for each feature, how many robust
 * spreads (1.4826 × the median absolute deviation of the training rows) the row is from the
 * training median. The features furthest out are the explanation.
 */
import { FEATURE_NAMES } from "./host_features.ts";

const MAD_TO_SIGMA = 1.4826;
/** A spread never below this: a feature that never varied in training is still comparable. */
const MIN_SPREAD = 1e-3;

export interface FeatureProfile {
  median: number[];
  spread: number[];
}

export interface FeatureDeviation {
  feature: string;
  value: number;
  median: number;
  /** Signed distance from the median in robust spreads. */
  spreads: number;
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** The median and robust spread of each feature over the training rows. */
export function profileOf(rows: readonly ArrayLike<number>[], features: number): FeatureProfile {
  const med: number[] = [];
  const spread: number[] = [];
  for (let f = 0; f < features; f++) {
    const column = rows.map((r) => r[f]!);
    const m = median(column);
    med.push(m);
    spread.push(Math.max(MIN_SPREAD, MAD_TO_SIGMA * median(column.map((v) => Math.abs(v - m)))));
  }
  return { median: med, spread };
}

/** The `top` features of `row` furthest from normal, furthest first. */
export function explain(row: ArrayLike<number>, p: FeatureProfile, top = 3): FeatureDeviation[] {
  const out: FeatureDeviation[] = [];
  for (let f = 0; f < p.median.length; f++) {
    out.push({
      feature: FEATURE_NAMES[f] ?? `feature${f}`,
      value: row[f]!,
      median: p.median[f]!,
      spreads: (row[f]! - p.median[f]!) / p.spread[f]!,
    });
  }
  out.sort((a, b) => Math.abs(b.spreads) - Math.abs(a.spreads));
  return out.slice(0, top);
}
