/**
 * Test helper: an engine with a few scripted packets, a hub and a handler around it, with a
 * manual clock. Only for tests.
 */

import { DecodedPacket } from "../capture/decode/packet.ts";
import { fillPacket, type PacketSpec } from "../stats/_test_packet.ts";
import { StatsEngine } from "../stats/engine.ts";
import { createHandler, type HandlerDeps } from "./handler.ts";
import { SseHub, type SseHubOptions } from "./sse_hub.ts";
import type { CaptureStatus } from "../wire/stats_document.ts";

/** Three flows: TCP 10.0.0.1:4000 <-> 10.0.0.2:80, UDP DNS to 10.0.0.3, IPv6 ICMPv6. */
export const SAMPLE_PACKETS: readonly PacketSpec[] = [
  { t: 100, src: "10.0.0.1", dst: "10.0.0.2", proto: "tcp", sport: 4000, dport: 80, len: 100 },
  { t: 100.5, src: "10.0.0.2", dst: "10.0.0.1", proto: "tcp", sport: 80, dport: 4000, len: 1500 },
  { t: 101, src: "10.0.0.1", dst: "10.0.0.3", proto: "udp", sport: 5000, dport: 53, len: 80 },
  { t: 101.2, src: "10.0.0.3", dst: "10.0.0.1", proto: "udp", sport: 53, dport: 5000, len: 120 },
  { t: 102, src: "2001:db8::1", dst: "2001:db8::2", proto: "icmpv6", len: 70 },
];

export const RUNNING: CaptureStatus = {
  state: "running",
  endReason: null,
  message: null,
  drops: { kernel: 0, ifdrop: 0, backlog: 0, received: 0 },
};

export class ManualClock {
  ms = 0;
  readonly now = (): number => this.ms;
}

export interface TestServer {
  engine: StatsEngine;
  hub: SseHub;
  clock: ManualClock;
  status: CaptureStatus;
  handle: (request: Request) => Promise<Response>;
  /** Ingest more packets. */
  feed(specs: readonly PacketSpec[]): void;
  /** GET (or another method) a path and return the response. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export function testServer(
  options: Partial<Omit<HandlerDeps, "engine" | "hub" | "status">> & {
    hub?: Partial<SseHubOptions>;
    packets?: readonly PacketSpec[];
  } = {},
): TestServer {
  const engine = new StatsEngine({ hashSeed: 1, epochNow: () => 1_700_000_000_000 });
  engine.setMeta({ linkType: "EN10MB", source: "test.pcap", sourceKind: "file" });
  const clock = new ManualClock();
  const server: TestServer = {
    engine,
    clock,
    status: structuredClone(RUNNING),
    hub: undefined as unknown as SseHub,
    handle: undefined as unknown as TestServer["handle"],
    feed(specs) {
      const p = new DecodedPacket();
      for (const s of specs) engine.ingest(fillPacket(p, s));
    },
    fetch(path, init) {
      return server.handle(new Request(`http://localhost${path}`, init));
    },
  };
  const status = () => server.status;
  server.hub = new SseHub({ engine, status, now: clock.now, ...options.hub });
  const deps: HandlerDeps = { engine, hub: server.hub, status, now: clock.now };
  if (options.staticAssets !== undefined) deps.staticAssets = options.staticAssets;
  if (options.allowedHost !== undefined) deps.allowedHost = options.allowedHost;
  server.handle = createHandler(deps);
  server.feed(options.packets ?? SAMPLE_PACKETS);
  return server;
}
