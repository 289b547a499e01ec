import assert from "node:assert/strict";
import {
  ptrName,
  RDNS_CONCURRENCY,
  RDNS_NEGATIVE_TTL_MS,
  RDNS_POSITIVE_TTL_MS,
  RDNS_QUEUE_CAP,
  ReverseDns,
} from "./reverse_dns.ts";

/** A resolver whose answers the test releases by hand, recording every question. */
function scriptedResolver(answers: Record<string, string[] | Error>) {
  const asked: string[] = [];
  const gates: (() => void)[] = [];
  let running = 0;
  let maxRunning = 0;
  const resolve = async (name: string, signal: AbortSignal) => {
    asked.push(name);
    running++;
    maxRunning = Math.max(maxRunning, running);
    try {
      await new Promise<void>((done, fail) => {
        gates.push(done);
        signal.addEventListener("abort", () => fail(signal.reason));
      });
      const answer = answers[name];
      if (answer instanceof Error) throw answer;
      return answer ?? [];
    } finally {
      running--;
    }
  };
  const releaseAll = () => gates.splice(0).forEach((open) => open());
  return { resolve, asked, releaseAll, maxRunning: () => maxRunning };
}

Deno.test("ptrName() builds in-addr.arpa and nibble ip6.arpa names", () => {
  assert.equal(ptrName("8.8.4.4"), "4.4.8.8.in-addr.arpa");
  assert.equal(ptrName("::ffff:1.2.3.4"), "4.3.2.1.in-addr.arpa");
  assert.equal(
    ptrName("2001:4860:4860::8888"),
    "8.8.8.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.8.4.0.6.8.4.1.0.0.2.ip6.arpa",
  );
});

Deno.test("ptrName() is null for multicast, broadcast, bogons and non-addresses", () => {
  for (const ip of ["224.0.0.251", "255.255.255.255", "192.0.2.1", "0.0.0.0", "ff02::1", "x"]) {
    assert.equal(ptrName(ip), null, ip);
  }
  assert.equal(ptrName("192.168.1.1"), "1.1.168.192.in-addr.arpa", "private stays: LAN DNS");
});

Deno.test("request() returns at once and lookup() stays empty until the answer arrives", async () => {
  const r = scriptedResolver({ "8.8.8.8.in-addr.arpa": ["dns.google."] });
  const rdns = new ReverseDns({ resolve: r.resolve });
  assert.equal(rdns.request("8.8.8.8"), true);
  assert.equal(rdns.lookup("8.8.8.8"), undefined, "nothing waits for the resolver");
  assert.equal(rdns.request("8.8.8.8"), false, "already pending");
  r.releaseAll();
  await rdns.idle();
  assert.equal(rdns.lookup("8.8.8.8"), "dns.google");
  assert.equal(rdns.request("8.8.8.8"), false, "cached");
  assert.deepEqual(r.asked, ["8.8.8.8.in-addr.arpa"]);
});

Deno.test("no more than RDNS_CONCURRENCY lookups run at once", async () => {
  const r = scriptedResolver({});
  const rdns = new ReverseDns({ resolve: r.resolve });
  for (let i = 1; i <= 20; i++) rdns.request(`9.9.9.${i}`);
  assert.equal(rdns.inFlight, RDNS_CONCURRENCY);
  assert.equal(rdns.queued, 20 - RDNS_CONCURRENCY);
  while (rdns.inFlight > 0) {
    r.releaseAll();
    await new Promise((done) => setTimeout(done, 0));
  }
  await rdns.idle();
  assert.equal(r.maxRunning(), RDNS_CONCURRENCY);
  assert.equal(r.asked.length, 20);
});

Deno.test("request() drops addresses past RDNS_QUEUE_CAP instead of growing the queue", async () => {
  const r = scriptedResolver({});
  const rdns = new ReverseDns({ resolve: r.resolve });
  const total = RDNS_CONCURRENCY + RDNS_QUEUE_CAP + 10;
  let accepted = 0;
  for (let i = 0; i < total; i++) {
    if (rdns.request(`1.2.${i >> 8}.${i & 255}`)) accepted++;
  }
  assert.equal(accepted, RDNS_CONCURRENCY + RDNS_QUEUE_CAP);
  assert.equal(rdns.queued, RDNS_QUEUE_CAP);
  assert.equal(rdns.dropped, 10);
  rdns.close();
  await rdns.idle();
});

Deno.test("a failed lookup is cached as no name until RDNS_NEGATIVE_TTL_MS passes", async () => {
  let now = 1_000;
  const r = scriptedResolver({ "4.3.2.1.in-addr.arpa": new Deno.errors.NotFound("NXDOMAIN") });
  const rdns = new ReverseDns({ resolve: r.resolve, now: () => now });
  rdns.request("1.2.3.4");
  r.releaseAll();
  await rdns.idle();
  assert.equal(rdns.lookup("1.2.3.4"), undefined);
  assert.equal(rdns.failed, 1);
  assert.equal(rdns.request("1.2.3.4"), false, "negative answer cached");
  now += RDNS_NEGATIVE_TTL_MS;
  assert.equal(rdns.request("1.2.3.4"), true, "asked again once it expires");
  rdns.close();
});

Deno.test("a found name expires after RDNS_POSITIVE_TTL_MS", async () => {
  let now = 0;
  const r = scriptedResolver({ "1.1.1.1.in-addr.arpa": ["One.One.One.One."] });
  const rdns = new ReverseDns({ resolve: r.resolve, now: () => now });
  rdns.request("1.1.1.1");
  r.releaseAll();
  await rdns.idle();
  assert.equal(rdns.lookup("1.1.1.1"), "one.one.one.one");
  now += RDNS_POSITIVE_TTL_MS;
  assert.equal(rdns.lookup("1.1.1.1"), undefined);
});

Deno.test("a resolver slower than the timeout is abandoned and counted as failed", async () => {
  const r = scriptedResolver({});
  const rdns = new ReverseDns({ resolve: r.resolve, timeoutMs: 20 });
  rdns.request("8.8.8.8");
  await rdns.idle();
  assert.equal(rdns.failed, 1);
  assert.equal(rdns.lookup("8.8.8.8"), undefined);
});

Deno.test("close() aborts running lookups and refuses new requests", async () => {
  const r = scriptedResolver({});
  const rdns = new ReverseDns({ resolve: r.resolve });
  for (let i = 1; i <= 10; i++) rdns.request(`8.8.4.${i}`);
  rdns.close();
  await rdns.idle();
  assert.equal(rdns.request("8.8.8.8"), false);
  assert.equal(rdns.queued, 0);
  rdns.close();
});
