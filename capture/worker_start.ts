/**
 * The capture worker, started as early as the command line allows.
 *
 * A worker takes ~40 ms to come up (a V8 isolate, then its ~80 modules), and the main thread
 * spends about as long loading its own modules. `main.ts` starts the worker once it knows a
 * capture will run and only then loads the rest of the program, so the two overlap; the
 * `CaptureSession` adopts the worker. A run that ends before capturing exits with it unused.
 */

const WORKER_URL = new URL("./worker.ts", import.meta.url);

let early: Worker | undefined;
/** A worker that failed before anything listened to it is not adopted: a new one reports why. */
let earlyFailed = false;
/** Early workers handed to a session so far: what makes adoption observable. */
let adoptions = 0;

/** Start the capture worker now, for a `takeCaptureWorker()` to come. */
export function startCaptureWorkerEarly(): void {
  if (early) return;
  early = new Worker(WORKER_URL, { type: "module" });
  earlyFailed = false;
  // Until a session adopts it nothing handles its errors; an unhandled one would end the
  // process with a stack trace instead of the session's one-line message.
  early.onerror = (event) => {
    event.preventDefault();
    earlyFailed = true;
  };
}

/** The early worker if one is up and well, else a new one. */
export function takeCaptureWorker(): Worker {
  const worker = early;
  early = undefined;
  if (worker && !earlyFailed) {
    worker.onerror = null;
    adoptions++;
    return worker;
  }
  worker?.terminate();
  return new Worker(WORKER_URL, { type: "module" });
}

/** How many early workers `takeCaptureWorker()` has handed out (not new ones) in this process. */
export function earlyWorkerAdoptions(): number {
  return adoptions;
}

/**
 * End an early worker no session adopted (the run failed before capturing); true if there was
 * one. An adopted worker is the session's to end.
 */
export function discardEarlyWorker(): boolean {
  const worker = early;
  early = undefined;
  worker?.terminate();
  return worker !== undefined;
}
