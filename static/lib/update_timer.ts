/**
 * Main-thread cost of one stream update: from the event's arrival to the end of the render it
 * caused (the root component's layout effect, which runs after every child's, charts included).
 * The newest samples are kept on `globalThis.__wirescopeUpdates` for the browser tests and for
 * anyone curious in the console.
 */

/** Samples kept: ten minutes of once-a-second updates, a few KB. */
export const UPDATE_SAMPLES = 600;

declare global {
  var __wirescopeUpdates: number[] | undefined;
}

export class UpdateTimer {
  #startedMs: number | null = null;
  readonly samples: number[] = [];

  constructor() {
    globalThis.__wirescopeUpdates = this.samples;
  }

  /** An update arrived at `atMs` (performance.now() time). */
  begin(atMs: number): void {
    this.#startedMs ??= atMs;
  }

  /** The render it caused has committed. */
  end(): void {
    if (this.#startedMs === null) return;
    this.samples.push(performance.now() - this.#startedMs);
    if (this.samples.length > UPDATE_SAMPLES) this.samples.shift();
    this.#startedMs = null;
  }
}
