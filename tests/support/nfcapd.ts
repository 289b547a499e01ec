/**
 * nfdump's collector as a test peer: `nfcapd` listening on a loopback UDP port into a temporary
 * folder, stopped with SIGTERM (which writes its file and prints its counters), and `nfdump -o
 * csv` reading the flows back as plain rows.
 */

import { freeUdpPort } from "./free_port.ts";

/** Longer than nfcapd needs to start or stop on a loaded machine; bounded all the same. */
const WAIT_MS = 30_000;
/** Ports tried before giving up on one nfcapd. */
const START_ATTEMPTS = 3;

/** What nfcapd counted for its stream, from the line it prints when it stops. */
export interface NfcapdCounters {
  flows: number;
  packets: number;
  bytes: number;
  sequenceErrors: number;
  badPackets: number;
}

/** One flow record as nfdump prints it (`-o csv`); addresses and protocol as text. */
export interface NfdumpFlow {
  srcAddr: string;
  dstAddr: string;
  srcPort: number;
  dstPort: number;
  /** "TCP", "UDP", "ICMP", "ICMP6", or a number or name for others. */
  protocol: string;
  flags: string;
  inPackets: number;
  inBytes: number;
  outPackets: number;
  outBytes: number;
  vlan: number;
  /** ingressInterface (nfdump's "in"). */
  input: number;
}

export class Nfcapd {
  readonly dir: string;
  readonly port: number;
  readonly #child: Deno.ChildProcess;
  readonly #stderr: Promise<string>;

  private constructor(
    dir: string,
    port: number,
    child: Deno.ChildProcess,
    stderr: Promise<string>,
  ) {
    this.dir = dir;
    this.port = port;
    this.#child = child;
    this.#stderr = stderr;
  }

  /**
   * Start nfcapd on a free loopback UDP port, writing into a new temporary folder; resolves when
   * it is up. A port taken between the pick and nfcapd's bind (other tests run beside) is
   * picked again, a few times.
   */
  static async start(): Promise<Nfcapd> {
    for (let attempt = 1;; attempt++) {
      try {
        return await Nfcapd.#startOn(await freeUdpPort());
      } catch (error) {
        const taken = String(error).includes("Address already in use");
        if (!taken || attempt === START_ATTEMPTS) throw error;
      }
    }
  }

  static async #startOn(port: number): Promise<Nfcapd> {
    const dir = await Deno.makeTempDir({ prefix: "nfcapd-" });
    const child = new Deno.Command("nfcapd", {
      args: ["-p", String(port), "-b", "127.0.0.1", "-w", dir],
      stdout: "null",
      stderr: "piped",
      signal: AbortSignal.timeout(WAIT_MS * 4),
    }).spawn();
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    while (!seen.includes("Startup nfcapd.")) {
      const { value, done } = await reader.read();
      if (done) {
        await Deno.remove(dir, { recursive: true });
        throw new Error(`nfcapd ended before it was ready on port ${port}: ${seen}`);
      }
      seen += value;
    }
    // Keep reading so nfcapd never blocks on a full pipe; the rest holds its final counters.
    const stderr = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return seen;
        seen += value;
      }
    })();
    return new Nfcapd(dir, port, child, stderr);
  }

  /** Stop nfcapd (it writes its file first) and return the counters it printed. */
  async stop(): Promise<NfcapdCounters> {
    this.#child.kill("SIGTERM");
    await this.#child.status;
    const text = await this.#stderr;
    const m =
      /Flows: (\d+), Packets: (\d+), Bytes: (\d+), Sequence Errors: (\d+), Bad Packets: (\d+)/
        .exec(text);
    if (!m) throw new Error(`nfcapd printed no counters: ${text}`);
    return {
      flows: Number(m[1]),
      packets: Number(m[2]),
      bytes: Number(m[3]),
      sequenceErrors: Number(m[4]),
      badPackets: Number(m[5]),
    };
  }

  /** Every flow nfcapd stored, through `nfdump -o csv`. */
  async flows(): Promise<NfdumpFlow[]> {
    const out = await new Deno.Command("nfdump", {
      args: ["-R", this.dir, "-o", "csv"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    if (out.code !== 0) {
      throw new Error(`nfdump failed: ${new TextDecoder().decode(out.stderr)}`);
    }
    return parseNfdumpCsv(text);
  }

  async remove(): Promise<void> {
    await Deno.remove(this.dir, { recursive: true });
  }
}

/** The rows of `nfdump -o csv` (header line, rows, then a blank line and a summary). */
export function parseNfdumpCsv(text: string): NfdumpFlow[] {
  const lines = text.split("\n");
  const headerAt = lines.findIndex((line) => line.startsWith("ts,te,"));
  if (headerAt < 0) return [];
  const header = lines[headerAt]!.split(",");
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`nfdump's CSV has no "${name}" column: ${lines[headerAt]}`);
    return i;
  };
  const at = {
    sa: col("sa"),
    da: col("da"),
    sp: col("sp"),
    dp: col("dp"),
    pr: col("pr"),
    flg: col("flg"),
    ipkt: col("ipkt"),
    ibyt: col("ibyt"),
    opkt: col("opkt"),
    obyt: col("obyt"),
    svln: col("svln"),
    in: col("in"),
  };
  const flows: NfdumpFlow[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    const f = line.split(",");
    // The rows end at a blank line, "Summary", or "No matching flows".
    if (f.length < header.length) break;
    const get = (i: number) => f[i]!.trim();
    flows.push({
      srcAddr: get(at.sa),
      dstAddr: get(at.da),
      srcPort: Number(get(at.sp)),
      dstPort: Number(get(at.dp)),
      protocol: get(at.pr),
      flags: get(at.flg),
      inPackets: Number(get(at.ipkt)),
      inBytes: Number(get(at.ibyt)),
      outPackets: Number(get(at.opkt)),
      outBytes: Number(get(at.obyt)),
      vlan: Number(get(at.svln)),
      input: Number(get(at.in)),
    });
  }
  return flows;
}
