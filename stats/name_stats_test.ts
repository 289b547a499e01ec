import assert from "node:assert/strict";
import type { FlowRef, NameEvent } from "../capture/inspect/name_event.ts";
import { NAME_BATCH_ENTRIES, NameBatcher, NAMES_KEPT_PER_ADDRESS } from "../capture/name_batch.ts";
import { answerJoined } from "../capture/_test_name_batch.ts";
import { MAX_NAMES_PER_ADDRESS, NAME_CACHE_ENTRIES } from "./enrich/name_cache.ts";
import { hostWithoutPort, NameStats } from "./name_stats.ts";

const flow: FlowRef = {
  src: "192.0.2.10",
  dst: "198.51.100.5",
  sport: 50000,
  dport: 443,
  proto: 6,
  tunneled: false,
};

Deno.test("NameStats counts queries, SNIs (TLS and QUIC) and hosts by name", () => {
  const stats = new NameStats();
  const events: NameEvent[] = [
    { kind: "dns-query", name: "example.com", type: 1, transport: "udp", proto: "dns", flow },
    { kind: "dns-query", name: "example.com", type: 28, transport: "udp", proto: "dns", flow },
    { kind: "dns-query", name: "printer.local", type: 12, transport: "udp", proto: "mdns", flow },
    { kind: "tls-sni", name: "www.example.com", flow },
    { kind: "quic-sni", name: "www.example.com", version: 1, flow },
    { kind: "http-host", name: "example.com:8080", method: "GET", flow },
  ];
  stats.ingest(events, 0);
  const s = stats.snapshot();
  assert.deepEqual(s.dns.queries, { "example.com": 2, "printer.local": 1 });
  assert.deepEqual(s.tls.sni, { "www.example.com": 2 });
  assert.deepEqual(s.quic.sni, { "www.example.com": 1 });
  assert.deepEqual(s.http.hosts, { "example.com:8080": 1 });
});

Deno.test("NameStats learns address names from DNS answers and from SNIs", () => {
  const stats = new NameStats();
  stats.ingest([{
    kind: "dns-answer",
    name: "cdn.example.net",
    type: 1,
    rcode: 0,
    addresses: ["203.0.113.7"],
    ttl: 600,
    transport: "udp",
    proto: "dns",
    flow,
  }, {
    kind: "dns-answer",
    name: "nope.example",
    type: 1,
    rcode: 3,
    addresses: [],
    ttl: -1,
    transport: "udp",
    proto: "dns",
    flow,
  }], 1_000);
  stats.ingest([{ kind: "tls-sni", name: "api.example.org", flow }], 1_000);
  assert.equal(stats.nameOf("203.0.113.7", 2_000), "cdn.example.net");
  assert.equal(stats.nameOf("198.51.100.5", 2_000), "api.example.org");
  assert.equal(stats.nameOf("192.0.2.99", 2_000), undefined);
  assert.deepEqual(stats.snapshot().dns.rcodes, { NOERROR: 1, NXDOMAIN: 1 });
});

Deno.test("NameStats reports the worker's name-reading losses as last set", () => {
  const stats = new NameStats();
  assert.deepEqual(stats.snapshot().nameReading, { faults: 0, eventsDropped: 0 });
  const reading = { faults: 2, eventsDropped: 7 };
  stats.setReading(reading);
  reading.faults = 99; // a copy is kept, not the caller's object
  assert.deepEqual(stats.snapshot().nameReading, { faults: 2, eventsDropped: 7 });
  stats.setReading({ faults: 3, eventsDropped: 7 });
  assert.deepEqual(stats.snapshot().nameReading, { faults: 3, eventsDropped: 7 });
});

Deno.test("hostWithoutPort() strips a port but keeps bare IPv6", () => {
  assert.equal(hostWithoutPort("example.com:8080"), "example.com");
  assert.equal(hostWithoutPort("[2001:db8::1]:80"), "2001:db8::1");
  assert.equal(hostWithoutPort("2001:db8::1"), "2001:db8::1");
  assert.equal(hostWithoutPort("239.255.255.250:1900"), "239.255.255.250");
});

/** A DNS response naming one address, as the inspector reports it. */
function dnsAnswer(name: string, ip: string): NameEvent {
  return {
    kind: "dns-answer",
    name,
    type: 1,
    rcode: 0,
    addresses: [ip],
    ttl: 600,
    transport: "udp",
    proto: "dns",
    flow,
  };
}

/** A small deterministic generator (xorshift32), so a failure can be replayed. */
function random(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

Deno.test("NameStats learns the same from the worker's batches as from one event per response", () => {
  // More addresses than the cache holds, so evictions must agree too; few names, so the
  // batcher has steps to drop.
  const pool = NAME_CACHE_ENTRIES + 4_000;
  const address = (i: number) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`;
  const pick = random(0x5eed);
  const byEvents = new NameStats();
  const byBatches = new NameStats();
  const batcher = new NameBatcher();
  let nowMs = 1_700_000_000_000;
  let fullest = 0;
  for (let batch = 0; batch < 40; batch++) {
    const events: NameEvent[] = [];
    for (let r = pick(2 * NAME_BATCH_ENTRIES / 3); r > 0; r--) {
      const name = `h${pick(12)}.example`;
      // Mostly a busy few addresses, now and then one from the whole pool.
      const addresses = Array.from(
        { length: 1 + pick(3) },
        () => address(pick(2) === 0 ? pick(pool) : pick(300)),
      );
      const rcode = pick(10) === 0 ? 3 : 0;
      const ttl = rcode === 3 ? -1 : pick(2_000);
      const answer = rcode === 3 ? [] : addresses;
      events.push({
        kind: "dns-answer",
        name,
        type: 1,
        rcode,
        addresses: answer,
        ttl,
        transport: "udp",
        proto: "dns",
        flow,
      });
      answerJoined(batcher, name, rcode, ttl, answer.join(","));
    }
    byEvents.ingest(events, nowMs);
    byBatches.addBatch(batcher.take(), nowMs);
    assert.equal(byBatches.cache.size, byEvents.cache.size);
    fullest = Math.max(fullest, byEvents.cache.size);
    nowMs += 200_000;
  }
  for (let i = 0; i < pool; i++) {
    assert.deepEqual(
      byBatches.cache.names(address(i), nowMs),
      byEvents.cache.names(address(i), nowMs),
    );
  }
  assert.deepEqual(byBatches.snapshot(), byEvents.snapshot());
  assert.equal(fullest, NAME_CACHE_ENTRIES, "the cache was full");
});

Deno.test("NameStats names addresses in wire order, wherever the worker's batches split", () => {
  // DNS answers and SNI/Host events for the same few addresses, interleaved: which name an
  // address shows must follow the wire, as one event at a time does, for any batch split.
  const address = (i: number) => `198.51.100.${i}`;
  const stream: NameEvent[] = [];
  const pick = random(0xd15c0);
  for (let i = 0; i < 3_000; i++) {
    const ip = address(pick(20));
    const name = `n${pick(9)}.example`;
    if (pick(4) === 0) {
      stream.push({ kind: "tls-sni", name, flow: { ...flow, dst: ip } });
    } else {
      stream.push(dnsAnswer(name, ip));
    }
  }
  const byEvents = new NameStats();
  for (const event of stream) byEvents.ingest([event], 0);
  for (const batchSize of [1, 7, 100, 1_000, 3_000]) {
    const byBatches = new NameStats();
    const batcher = new NameBatcher();
    for (let i = 0; i < stream.length; i += batchSize) {
      batcher.add(stream.slice(i, i + batchSize));
      byBatches.addBatch(batcher.take(), 0);
    }
    for (let i = 0; i < 20; i++) {
      assert.deepEqual(
        byBatches.cache.names(address(i), 0),
        byEvents.cache.names(address(i), 0),
        `${address(i)}, batches of ${batchSize}`,
      );
    }
    assert.deepEqual(byBatches.snapshot(), byEvents.snapshot());
  }
});

Deno.test("NameStats evicts the same address from a full cache by batch as by event", () => {
  const address = (i: number) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`;
  const answer = dnsAnswer;
  const byEvents = new NameStats();
  const byBatches = new NameStats();
  const fill = Array.from(
    { length: NAME_CACHE_ENTRIES },
    (_, i) => answer("old.example", address(i)),
  );
  byEvents.ingest(fill, 0);
  byBatches.ingest(fill, 0);
  // address(0) is the least recently used; touched again before a new address arrives, it
  // must stay, and address(1) go.
  const batch = [
    answer("x.example", address(0)),
    answer("new.example", address(NAME_CACHE_ENTRIES)),
    answer("x.example", address(0)),
  ];
  byEvents.ingest(batch, 0);
  const batcher = new NameBatcher();
  for (const a of batch) {
    if (a.kind === "dns-answer") {
      answerJoined(batcher, a.name, a.rcode, a.ttl, a.addresses.join(","));
    }
  }
  byBatches.addBatch(batcher.take(), 0);
  for (const i of [0, 1, NAME_CACHE_ENTRIES]) {
    assert.deepEqual(byBatches.cache.names(address(i), 0), byEvents.cache.names(address(i), 0));
  }
  assert.deepEqual(byEvents.cache.names(address(0), 0), ["x.example", "old.example"]);
  assert.deepEqual(byEvents.cache.names(address(1), 0), []);
});

Deno.test("A batch never holds more addresses than the name cache, nor more names", () => {
  assert.ok(NAME_BATCH_ENTRIES < NAME_CACHE_ENTRIES);
  assert.ok(NAMES_KEPT_PER_ADDRESS >= MAX_NAMES_PER_ADDRESS);
});
