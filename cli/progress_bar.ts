/**
 * A progress bar on stderr while a large file is read. Drawn only when stderr is a terminal,
 * at most `REDRAW_MS` apart, and erased before anything else is printed.
 */

/** Redraw at most this often: fast enough to look alive, rare enough to cost nothing. */
const REDRAW_MS = 100;
/** Files smaller than this finish before a bar would be seen. */
export const PROGRESS_MIN_BYTES = 16 * 1024 * 1024;
const WIDTH = 30;

export class ProgressBar {
  readonly #total: number;
  readonly #encoder = new TextEncoder();
  #lastDraw = 0;
  #drawn = false;

  /** `totalBytes` is the file size; progress is measured in record bytes consumed. */
  constructor(totalBytes: number) {
    this.#total = Math.max(totalBytes, 1);
  }

  update(doneBytes: number, packets: number): void {
    const now = performance.now();
    if (now - this.#lastDraw < REDRAW_MS) return;
    this.#lastDraw = now;
    // Record overhead differs between pcap and pcapng, so the estimate is capped below 100%.
    const fraction = Math.min(doneBytes / this.#total, 0.99);
    const filled = Math.round(fraction * WIDTH);
    const bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
    const text = `\r[${bar}] ${(fraction * 100).toFixed(0).padStart(3)}%  ` +
      `${packets.toLocaleString("en-US")} packets`;
    Deno.stderr.writeSync(this.#encoder.encode(text));
    this.#drawn = true;
  }

  clear(): void {
    if (!this.#drawn) return;
    Deno.stderr.writeSync(this.#encoder.encode(`\r${" ".repeat(WIDTH + 40)}\r`));
    this.#drawn = false;
  }
}
