/**
 * A robust moving baseline of one per-second rate: an exponentially weighted mean and an
 * exponentially weighted mean absolute deviation (scaled by 1.4826 it estimates a standard
 * deviation, as the MAD does, without keeping a history). A value far above it is a spike; a
 * spike is folded in clipped to the threshold, so one burst cannot teach the baseline that
 * bursts are normal.
 */
const MAD_TO_SIGMA = 1.4826;

export class RobustBaseline {
  mean = 0;
  deviation = 0;
  /** Seconds learned. */
  seen = 0;
  readonly #alpha: number;

  constructor(alpha: number) {
    this.#alpha = alpha;
  }

  /** The value above which `value` would be a spike, with `k` spreads over the mean. */
  threshold(k: number): number {
    return this.mean + k * MAD_TO_SIGMA * this.deviation;
  }

  /** Learn one second's value (clipped to `cap`, the current threshold). */
  learn(value: number, cap = Infinity): void {
    const v = Math.min(value, cap);
    if (this.seen === 0) {
      this.mean = v;
      this.deviation = 0;
    } else {
      const a = this.#alpha;
      this.deviation = (1 - a) * this.deviation + a * Math.abs(v - this.mean);
      this.mean = (1 - a) * this.mean + a * v;
    }
    this.seen++;
  }

  /** Learn `n` empty seconds at once (a quiet gap in a file) in O(1). */
  learnQuiet(n: number): void {
    if (n <= 0 || this.seen === 0) return;
    const keep = Math.pow(1 - this.#alpha, n);
    // Deviations toward 0 are approximated by the mean's own decay: a long gap leaves both low.
    this.deviation = this.deviation * keep + (1 - keep) * this.mean * 0.5;
    this.mean *= keep;
    this.seen += n;
  }
}
