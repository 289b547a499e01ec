/**
 * Servers for the dashboard tests: the real CLI in serve mode as a child process (so a test can
 * kill and restart it), and an in-process server over a synthetic engine holding many flows,
 * fed a little every second, to measure what one live update costs the page. The synthetic
 * server enriches as the CLI does (names, places, address classes), so the page's names panels
 * and address notes are part of what is measured.
 */
import { nameBatch } from "../../capture/name_batch.ts";

import { DecodedPacket } from "../../capture/decode/packet.ts";
import type { NameEvent } from "../../capture/inspect/name_event.ts";
import { createHandler } from "../../server/handler.ts";
import { SseHub } from "../../server/sse_hub.ts";
import type { CaptureStatus } from "../../wire/stats_document.ts";
import { fillPacket } from "../../stats/_test_packet.ts";
import { StatsEngine } from "../../stats/engine.ts";
import { loadGeoDatabases } from "../../stats/enrich/embedded_geo.ts";
import { LocalNetworks } from "../../stats/enrich/local_networks.ts";
import { EnrichedStats } from "../../stats/enriched_stats.ts";
import { staticAssets } from "../../server/assets.ts";
import { START_FLAGS, TEST_STATE_HOME } from "./run_cli.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
/** Starting deno, the capture worker and the listener takes 1-2 s; this is a hung start. */
const START_TIMEOUT_MS = 30_000;

export class CliServer {
  readonly url: string;
  readonly port: number;
  readonly #child: Deno.ChildProcess;
  readonly #stderr: Promise<string>;

  private constructor(child: Deno.ChildProcess, port: number, stderr: Promise<string>) {
    this.#child = child;
    this.port = port;
    this.url = `http://127.0.0.1:${port}/`;
    this.#stderr = stderr;
  }

  /** `wirescope ARGS --port PORT` (0: any free port), once it prints its URL. */
  static async start(args: string[], port = 0): Promise<CliServer> {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", ...START_FLAGS, MAIN, ...args, "--port", String(port)],
      env: { NO_COLOR: "1", XDG_STATE_HOME: TEST_STATE_HOME },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const lines = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), START_TIMEOUT_MS);
    try {
      for (;;) {
        const { value, done } = await lines.read();
        if (done) throw new Error(`wirescope exited before listening:\n${seen}`);
        seen += value;
        const match = /dashboard at http:\/\/[^:]+:(\d+)\//.exec(seen);
        if (match) {
          // Keep draining stderr so the child never blocks on a full pipe.
          const rest = (async () => {
            for (;;) {
              const next = await lines.read();
              if (next.done) return seen;
              seen += next.value;
            }
          })();
          return new CliServer(child, Number(match[1]), rest);
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stop it as Ctrl-C would; returns what it printed on stderr. */
  async stop(signal: Deno.Signal = "SIGTERM"): Promise<string> {
    try {
      this.#child.kill(signal);
    } catch {
      // Already gone.
    }
    await this.#child.status;
    return await this.#stderr;
  }
}

export interface SyntheticServer {
  url: string;
  engine: StatsEngine;
  stats: EnrichedStats;
  close(): Promise<void>;
}

/** Once-a-second feed, as a live capture's timer ticks. */
const TICK_MS = 1000;
/** Server addresses of the synthetic flows (192.0.2.1...: RFC 5737 documentation space). */
const SERVERS = 50;
/** Distinct DNS names queried: more than the server lists (NAME_REPORT_LIMIT), as in an office. */
const QUERIED_NAMES = 300;
/** Names queried again each tick, so the names lists change with every update. */
const NAMES_PER_TICK = 20;

/**
 * A wall-clock engine holding `flows` TCP flows (distinct client ports between two /16s),
 * with `perTick` more packets spread over them every second, and DNS queries and TLS server
 * names for the servers, behind the real enrichment, handler, hub and dashboard assets on
 * 127.0.0.1.
 */
export function startSyntheticServer(flows: number, perTick: number): SyntheticServer {
  const engine = new StatsEngine({ clock: "wall" });
  engine.setMeta({ source: "synthetic0", sourceKind: "live", linkType: "EN10MB", snaplen: 262144 });
  const status = (): CaptureStatus => ({
    state: "running",
    endReason: null,
    message: null,
    drops: { kernel: 0, ifdrop: 0, backlog: 0, received: 0 },
  });
  const packet = new DecodedPacket();
  let n = 0;
  const send = (flow: number) => {
    const now = Date.now() / 1000;
    const client = `10.${1 + (flow >> 16)}.${(flow >> 8) & 255}.${flow & 255}`;
    const server = `192.0.2.${1 + (flow % SERVERS)}`;
    const toServer = n++ % 2 === 0;
    engine.ingest(fillPacket(packet, {
      t: now,
      src: toServer ? client : server,
      dst: toServer ? server : client,
      proto: flow % 10 === 0 ? "udp" : "tcp",
      sport: toServer ? 20_000 + (flow % 40_000) : 443,
      dport: toServer ? 443 : 20_000 + (flow % 40_000),
      len: 60 + (flow % 1400),
    }));
  };
  for (let f = 0; f < flows; f++) send(f);
  const stats = new EnrichedStats(engine, {
    geo: loadGeoDatabases({}),
    localNetworks: LocalNetworks.fromPrivateRanges(),
  });
  const sni: NameEvent[] = [];
  for (let s = 0; s < SERVERS; s++) {
    const flow = { src: "10.1.0.1", dst: `192.0.2.${1 + s}`, sport: 40_000, dport: 443 };
    sni.push({
      kind: "tls-sni",
      name: `api${s}.example.com`,
      flow: { ...flow, proto: 6, tunneled: false },
    });
  }
  const queryNames = Array.from({ length: QUERIED_NAMES }, (_, q) => `host${q}.example.net`);
  const queryCounts = queryNames.map((_, q) => 1 + (q % 17));
  stats.ingestNames(nameBatch({ queryNames, queryCounts, events: sni }));
  const hub = new SseHub({ engine: stats, status });
  const handler = createHandler({ engine: stats, hub, status, staticAssets });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  let next = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i++) send(next = (next * 7919 + 1) % flows);
    const again = Array.from(
      { length: NAMES_PER_TICK },
      (_, q) => `host${(next + q) % QUERIED_NAMES}.example.net`,
    );
    stats.ingestNames(nameBatch({
      queryNames: again,
      queryCounts: again.map(() => 1),
      events: sni.slice(0, NAMES_PER_TICK),
    }));
    engine.tick();
    hub.tick();
  }, TICK_MS);
  return {
    url: `http://127.0.0.1:${server.addr.port}/`,
    engine,
    stats,
    async close() {
      clearInterval(timer);
      hub.close();
      await server.shutdown();
    },
  };
}
