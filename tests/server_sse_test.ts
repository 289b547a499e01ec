/**
 * /events over real sockets. First, while a capture runs: a real capture corpus file is written
 * into a FIFO a few hundred records at a time, so the capture worker, the decoder, the engine and
 * the server all run as in production while the test controls how fast packets arrive. Second,
 * a client that stops reading: backpressure must reach the hub through Deno.serve, and the hub
 * must close that client without holding back a client that reads. Servers listen on
 * 127.0.0.1, port 0, and are shut down at the end.
 */
import assert from "node:assert/strict";
import { CaptureSession } from "../capture/capture_session.ts";
import { createHandler } from "../server/handler.ts";
import { SseHub } from "../server/sse_hub.ts";
import type { CaptureStatus } from "../wire/stats_document.ts";
import { SseReader } from "../server/_test_sse.ts";
import { testServer } from "../server/_test_server.ts";
import { StatsEngine } from "../stats/engine.ts";
import { capturePath, expectedFor } from "./support/captures.ts";

const CAPTURE = "nmap_syn_scan.pcap";
/** Classic pcap: 24-byte file header, 16-byte record headers with incl_len at offset 8. */
const FILE_HEADER = 24;
const RECORD_HEADER = 16;
/**
 * Records written per step. The worker hands file packets over in batches of 256 (BATCH in
 * capture/worker.ts), so each step of 256 becomes visible whole; the 2011-packet capture
 * arrives in 7 steps and its last 219 packets at end of file.
 */
const RECORDS_PER_STEP = 256;

/** Split a little-endian classic pcap into its file header and whole records. */
function splitPcap(bytes: Uint8Array): { header: Uint8Array; records: Uint8Array[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.equal(view.getUint32(0, true), 0xa1b2c3d4, "a little-endian microsecond pcap");
  const records: Uint8Array[] = [];
  for (let at = FILE_HEADER; at + RECORD_HEADER <= bytes.length;) {
    const end = at + RECORD_HEADER + view.getUint32(at + 8, true);
    records.push(bytes.subarray(at, end));
    at = end;
  }
  return { header: bytes.subarray(0, FILE_HEADER), records };
}

async function waitFor(what: string, ok: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test("/events sends a snapshot, then deltas while a capture runs, and drops a client that leaves", async () => {
  const dir = await Deno.makeTempDir({ prefix: "wirescope-sse-" });
  const fifo = `${dir}/capture.pcap`;
  await new Deno.Command("mkfifo", { args: [fifo] }).output();
  const { header, records } = splitPcap(await Deno.readFile(capturePath(CAPTURE)));

  const engine = new StatsEngine({ clock: "packet" });
  let status: CaptureStatus = {
    state: "running",
    endReason: null,
    message: null,
    drops: { kernel: 0, ifdrop: 0, backlog: 0, received: 0 },
  };
  const hub = new SseHub({ engine, status: () => status });
  const handle = createHandler({ engine, hub, status: () => status });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handle);
  const base = `http://127.0.0.1:${server.addr.port}`;

  // Opening a FIFO blocks until both ends are open, so the writer and the capture start together.
  const writerOpened = Deno.open(fifo, { write: true });
  const sessionStarted = CaptureSession.start({
    source: { kind: "file", path: fifo },
    onPacket: (p) => engine.ingest(p),
  });
  const writer = await writerOpened;
  await writer.write(header);
  const session = await sessionStarted;
  let written = 0;
  const step = async () => {
    for (const r of records.slice(written, written + RECORDS_PER_STEP)) await writer.write(r);
    written = Math.min(records.length, written + RECORDS_PER_STEP);
    await waitFor(`${written} packets`, () => engine.snapshot().packets === written);
    hub.tick();
  };

  try {
    await step();
    const res = await fetch(`${base}/events`);
    assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
    const events = new SseReader(res.body!);
    assert.deepEqual(await events.next(), { retry: 2000 });
    const snapshot = await events.next();
    assert.equal(snapshot?.event, "snapshot");
    const first = JSON.parse(snapshot!.data!);
    assert.equal(first.stats.packets, RECORDS_PER_STEP);
    assert.equal(first.stats.capture.state, "running");

    const seen = [first.stats.packets];
    let lastId = Number(snapshot!.id);
    while (written + RECORDS_PER_STEP <= records.length) {
      await step();
      const delta = await events.nextEvent();
      assert.equal(delta?.event, "delta");
      assert.ok(Number(delta!.id) > lastId, "ids increase");
      lastId = Number(delta!.id);
      const body = JSON.parse(delta!.data!);
      seen.push(body.stats.packets);
      assert.equal(body.packets[0].seq, written, "the newest packet rides along");
      assert.ok(!("linkType" in body.stats), "unchanged fields stay out of deltas");
    }
    assert.ok(seen.length >= 3, `a snapshot and at least two deltas (got ${seen.join(", ")})`);
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b));

    // A second client connects and leaves: the hub forgets it at once.
    const other = await fetch(`${base}/events`);
    const otherEvents = new SseReader(other.body!);
    assert.equal((await otherEvents.nextEvent())?.event, "snapshot");
    assert.equal(hub.counts.clients, 2);
    await otherEvents.cancel();
    await waitFor("the departed client's removal", () => hub.counts.clients === 1, 1000);

    // The rest of the file, then its end: the last packets and the status change arrive.
    for (const r of records.slice(written)) await writer.write(r);
    writer.close();
    const end = await session.done;
    assert.equal(end.reason, "eof");
    status = { ...status, state: "ended", endReason: end.reason };
    hub.tick();
    const ended = JSON.parse((await events.nextEvent())!.data!);
    assert.equal(ended.stats.capture.state, "ended");
    assert.equal(ended.stats.packets, expectedFor(CAPTURE).packets);

    const stats = await (await fetch(`${base}/stats`)).json();
    assert.equal(stats.packets, expectedFor(CAPTURE).packets);
    assert.equal(stats.bytes, expectedFor(CAPTURE).bytes);
    await events.cancel();
    await waitFor("the last client's removal", () => hub.counts.clients === 0, 1000);
  } finally {
    try {
      writer.close();
    } catch {
      // Already closed by the test.
    }
    await session.stop();
    hub.close();
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("/events closes a client that stops reading, while a reading client keeps every event", async () => {
  // Small bounds so the test is quick; the defaults are 8 frames and 30 s.
  const s = testServer({
    hub: { queueFrames: 2, slowClientTimeoutMs: 1000, now: () => performance.now() },
  });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, s.handle);
  // The stuck client: sends its request, then never reads a byte.
  const stuck = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
  await stuck.write(new TextEncoder().encode("GET /events HTTP/1.1\r\nhost: localhost\r\n\r\n"));
  const good = new SseReader((await fetch(`http://127.0.0.1:${server.addr.port}/events`)).body!);
  assert.equal((await good.nextEvent())?.event, "snapshot");
  try {
    await waitFor("both clients", () => s.hub.counts.clients === 2);
    let second = 1000;
    let deltas = 0;
    const deadline = performance.now() + 20_000;
    // Each tick carries a ~30 KB delta: the socket buffers fill, then the hub's queue does.
    while (s.hub.counts.closedSlow === 0) {
      assert.ok(performance.now() < deadline, `not closed: ${JSON.stringify(s.hub.counts)}`);
      s.feed(Array.from({ length: 150 }, (_, i) => ({
        t: second + i / 1000,
        src: `10.1.${i}.1`,
        dst: "10.0.0.2",
        proto: "tcp" as const,
        sport: 1000 + i,
        dport: 80,
      })));
      second++;
      s.hub.tick();
      assert.equal((await good.nextEvent())?.event, "delta");
      deltas++;
      await new Promise((r) => setTimeout(r, 5));
    }
    const counts = s.hub.counts;
    assert.equal(counts.clients, 1, "the reading client stays");
    assert.ok(counts.coalesced > 0 && counts.droppedFrames > 0, JSON.stringify(counts));
    assert.equal(deltas, counts.events, "the reading client got every delta");
  } finally {
    stuck.close();
    await good.cancel();
    s.hub.close();
    await server.shutdown();
  }
});
