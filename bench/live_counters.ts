/**
 * What the live benchmark reads from each program's output: tcpreplay's send statistics,
 * tcpdump's end-of-capture counters, and wirescope's JSON report (or /stats document).
 */

export interface ReplayResult {
  /** Packets the device accepted ("Successful packets"). */
  sent: number;
  /** Packets the device refused ("Failed packets"). */
  failed: number;
  /** Wall time of the replay as tcpreplay measured it. */
  seconds: number;
}

export interface CaptureCounters {
  /** Packets the capture program handed to its consumer. */
  captured: number;
  /** Dropped because the kernel buffer was full (`ps_drop`). */
  kernel: number;
  /** Dropped by the interface or driver (`ps_ifdrop`); undefined when not reported. */
  interface: number | undefined;
  /** Dropped inside wirescope between the capture worker and the statistics. */
  backlog: number | undefined;
}

/** Parses tcpreplay's summary ("Actual: N packets (B bytes) sent in S seconds", ...). */
export function parseTcpreplay(text: string): ReplayResult | undefined {
  const actual = text.match(/Actual: (\d+) packets \(\d+ bytes\) sent in ([\d.]+) seconds/);
  if (!actual) return undefined;
  const successful = text.match(/Successful packets:\s+(\d+)/);
  const failed = text.match(/Failed packets:\s+(\d+)/);
  return {
    sent: Number(successful?.[1] ?? actual[1]),
    failed: Number(failed?.[1] ?? 0),
    seconds: Number(actual[2]),
  };
}

/** Parses the counters tcpdump prints on stderr when it stops. */
export function parseTcpdumpCounters(stderr: string): CaptureCounters | undefined {
  const number = (pattern: RegExp) => {
    const match = stderr.match(pattern);
    return match ? Number(match[1]) : undefined;
  };
  const captured = number(/^(\d+) packets? captured$/m);
  const kernel = number(/^(\d+) packets? dropped by kernel$/m);
  if (captured === undefined || kernel === undefined) return undefined;
  return {
    captured,
    kernel,
    interface: number(/^(\d+) packets? dropped by interface$/m),
    backlog: undefined,
  };
}

/**
 * Reads `packets` and `drops` from wirescope's `--report json` output or its /stats document.
 * The drop counter of the interface is `ifdrop` in the snapshot (`interface` accepted too).
 */
export function parseWirescopeCounters(json: string): CaptureCounters | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(json.trim());
  } catch {
    return undefined;
  }
  if (typeof doc !== "object" || doc === null) return undefined;
  const { packets, drops } = doc as { packets?: unknown; drops?: Record<string, unknown> };
  if (typeof packets !== "number") return undefined;
  const count = (value: unknown) => typeof value === "number" ? value : undefined;
  return {
    captured: packets,
    kernel: count(drops?.kernel) ?? 0,
    interface: count(drops?.ifdrop ?? drops?.interface),
    backlog: count(drops?.backlog),
  };
}
