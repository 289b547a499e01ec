/**
 * The fuzzer's HTTP target: mutated request targets (path and query) through the server's real
 * handler, with every optional route present (the page's assets, hosts, alerts over an in-memory
 * history, hourly talkers, metrics, payloads, a `--keep` ring of real frames for pcap downloads)
 * over an engine holding a few flows. A request may be refused
 * (any 4xx, with a JSON body); what fails is an error the router did not expect (it would log
 * it and answer 500), any other 5xx but 503 (a bound reached), or a throw out of the handler.
 */
import { createHandler } from "../../server/handler.ts";
import { SseHub } from "../../server/sse_hub.ts";
import { HistoryAlertDesk } from "../../server/alert_desk.ts";
import { RUNNING, SAMPLE_PACKETS } from "../../server/_test_server.ts";
import { DecodedPacket } from "../../capture/decode/packet.ts";
import { fillPacket } from "../../stats/_test_packet.ts";
import { StatsEngine } from "../../stats/engine.ts";
import { EnrichedStats } from "../../stats/enriched_stats.ts";
import { loadGeoDatabases } from "../../stats/enrich/embedded_geo.ts";
import { LocalNetworks } from "../../stats/enrich/local_networks.ts";
import { History } from "../../store/history.ts";
import { AlertRecorder } from "../../store/alert_recorder.ts";
import { unavailableReport } from "../../procs/process_report.ts";
import { staticAssets } from "../../server/assets.ts";
import { createKeepBuffer, MIN_KEEP_BYTES } from "../../capture/keep/keep_ring.ts";
import { KeepRingReader } from "../../capture/keep/keep_ring_reader.ts";
import { KeepRingWriter } from "../../capture/keep/keep_ring_writer.ts";
import { openSavefile } from "../../capture/savefile/mod.ts";
import { capturePath } from "../support/captures.ts";
import type { FuzzTarget } from "./targets.ts";

/** A LAN capture (Ethernet; web, DNS, mDNS) whose first frames fill the `--keep` ring. */
const KEPT_CAPTURE = "http11_wikipedia_lan_mix.pcap";

/** Every path the handler serves; "/api/alerts/" and "/assets/" take the rest of the path. */
const PATHS = [
  "/",
  "/stats",
  "/events",
  "/healthz",
  "/metrics",
  "/assets/",
  "/api/flows",
  "/api/packets",
  "/api/packets/payload",
  "/api/pcap",
  "/api/series",
  "/api/hosts",
  "/api/talkers/hourly",
  "/api/alerts",
  "/api/alerts/",
  "/api/processes",
];

/** Requests the dashboard and scripts send: a path, and what follows it (a query, or an id). */
const SEED_REQUESTS: [path: string, rest: string][] = [
  ["/stats", "pretty"],
  ["/healthz", ""],
  ["/metrics", ""],
  ["/assets/", "app.js"],
  ["/api/flows", "sort=bytes&order=desc&limit=20&offset=0"],
  ["/api/flows", "ip=10.0.0.1&port=80&protocol=tcp&format=csv"],
  [
    "/api/flows",
    "filter=tcp.port%20%3D%3D%2080%20%26%26%20ip.addr%20%3D%3D%2010.0.0.1&format=ndjson",
  ],
  ["/api/packets", "limit=50&offset=1&since=2&filter=dns"],
  ["/api/packets", "ip=2001:db8::1&protocol=icmpv6&format=csv"],
  ["/api/packets/payload", "seq=2"],
  ["/api/pcap", "seconds=10&filter=host%2010.0.0.1&format=pcapng"],
  ["/api/series", "window=5m"],
  ["/api/series", "window=90s&interface=eth0"],
  ["/api/hosts", "sort=tx-bytes&limit=10&country=DE&format=csv"],
  ["/api/talkers/hourly", "hours=24"],
  ["/api/alerts", "severity=high&rule=port_scan&subject=10.0.0.1&since=0&acknowledged=false"],
  ["/api/alerts", "limit=10&format=csv"],
  ["/api/alerts/", "1?pretty"],
  ["/api/processes", "sort=bytes&order=asc&limit=5"],
];

/**
 * A case is a path's index in PATHS (the first byte) and the text after it, so mutations work on
 * queries (and move a query to another route) rather than mostly making paths nobody serves.
 */
function seedBytes([path, rest]: [string, string]): Uint8Array<ArrayBuffer> {
  const text = new TextEncoder().encode(rest);
  const bytes = new Uint8Array(1 + text.length);
  bytes[0] = PATHS.indexOf(path);
  bytes.set(text, 1);
  return bytes;
}

/** The request target a case stands for. */
function requestTarget(input: Uint8Array, decoder: TextDecoder): string {
  const path = PATHS[(input[0] ?? 0) % PATHS.length]!;
  const rest = decoder.decode(input.subarray(1));
  return path.endsWith("/") ? `${path}${rest}` : `${path}?${rest}`;
}

/** Packets kept for `/api/pcap`, as `--keep` keeps them: the first frames of a real capture. */
const KEPT_FRAMES = 200;

/** A `--keep` ring of the smallest size holding the first frames of a corpus capture. */
function keptRing(): KeepRingReader {
  const buffer = createKeepBuffer(MIN_KEEP_BYTES);
  const writer = new KeepRingWriter(buffer);
  const reader = openSavefile(capturePath(KEPT_CAPTURE));
  try {
    for (let n = 0; n < KEPT_FRAMES && reader.next(); n++) {
      writer.write(
        reader.packetLinkType,
        reader.data,
        reader.offset,
        reader.caplen,
        reader.wireLen,
        reader.tsSec,
        reader.tsNsec,
      );
    }
  } finally {
    reader.close();
  }
  return new KeepRingReader(buffer);
}

/** The handler, as `serve` builds it, over a small engine with its own history. */
function fuzzHandler(onError: (error: unknown) => void) {
  const engine = new StatsEngine({ clock: "packet", hashSeed: 1, flowCap: 4096, hostCap: 4096 });
  const packet = new DecodedPacket();
  for (const spec of SAMPLE_PACKETS) engine.ingest(fillPacket(packet, spec));
  const stats = new EnrichedStats(engine, {
    geo: loadGeoDatabases({}),
    localNetworks: LocalNetworks.fromStrings(["10.0.0.0/8"]),
    now: () => 0,
  });
  const status = () => RUNNING;
  const hub = new SseHub({ engine, status });
  const history = new History({ path: ":memory:" });
  const desk = new HistoryAlertDesk({
    history,
    recorder: new AlertRecorder(history.alerts),
    now: () => 1_750_000_000_000,
  });
  return createHandler({
    engine,
    hub,
    status,
    onError,
    metrics: { version: "fuzz", libpcap: "fuzz" },
    hosts: {
      hosts: (rank, limit) => engine.hosts(rank, limit),
      describe: (ip) => stats.describe(ip),
    },
    alerts: desk,
    talkers: history.talkers,
    staticAssets,
    // As with --payload 64: `seq` is parsed, and unknown packets are a 404.
    payloads: { bytesPerPacket: 64, payload: (seq) => engine.packetPayload(seq) },
    // As with --keep: `seconds`, `filter` (compiled by libpcap) and `format` are all reached.
    pcap: { rings: [keptRing()] },
    // What a served file answers: the route's query is parsed all the same.
    processes: () => unavailableReport("a file has no processes"),
  });
}

export function httpTarget(): FuzzTarget {
  const decoder = new TextDecoder();
  let unexpected: unknown;
  const handle = fuzzHandler((error) => unexpected = error);
  return {
    name: "http (request targets: paths and query parameters of every route)",
    seeds: SEED_REQUESTS.map(seedBytes),
    share: 10,
    async run(input) {
      let request: Request;
      try {
        request = new Request(new URL(requestTarget(input, decoder), "http://127.0.0.1"));
      } catch {
        return; // No URL: the HTTP server refuses it before any handler runs.
      }
      unexpected = undefined;
      const response = await handle(request);
      // Read it whole (an event stream only starts): a body that fails to stream fails the case.
      if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
        await response.body?.cancel();
      } else {
        await response.arrayBuffer();
      }
      if (unexpected !== undefined) {
        throw unexpected instanceof Error ? unexpected : new Error(String(unexpected));
      }
      if (response.status >= 500 && response.status !== 503) {
        throw new Error(`${request.url}: ${response.status}`);
      }
      if (response.status >= 400 && !response.headers.get("content-type")?.includes("json")) {
        throw new Error(`${request.url}: ${response.status} without a JSON body`);
      }
    },
  };
}
