/**
 * One detector's counting window on the run's clock. A window starts at the first time it is
 * asked about (so a file's first window starts at its first packet, not at a round minute that
 * could cut a short incident in two) and ends `lengthMs` later.
 */
export class DetectionWindow {
  readonly lengthMs: number;
  startMs = -1;

  constructor(lengthMs: number) {
    this.lengthMs = Math.max(1, lengthMs);
  }

  /** True when the window that holds `nowMs`'s past has run its length. */
  due(nowMs: number): boolean {
    if (this.startMs < 0) this.startMs = nowMs;
    return nowMs - this.startMs >= this.lengthMs;
  }

  /** Seconds the window has covered at `nowMs` (at least 1, so rates stay finite). */
  seconds(nowMs: number): number {
    return Math.max(1, (nowMs - this.startMs) / 1000);
  }

  restart(nowMs: number): void {
    this.startMs = nowMs;
  }
}
