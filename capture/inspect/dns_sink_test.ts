/**
 * Counting DNS into a `DnsSink` must add up to exactly what the `dns-query` and `dns-answer`
 * events add up to, which `oracle_test.ts` compares with tshark: every shared capture is read
 * both ways and the condensed batches compared.
 */
import assert from "node:assert/strict";
import { DecodedPacket } from "../decode/packet.ts";
import { decodeFrame } from "../decode/decoder.ts";
import { openSavefile } from "../savefile/mod.ts";
import { captureNames, capturePath } from "../../tests/support/captures.ts";
import { NameBatcher } from "../name_batch.ts";
import { AppInspector } from "./app_inspector.ts";
import type { DnsSink } from "./dns_sink.ts";
import { inspectFrame, udpFrame } from "./testdata/build.ts";
import { hexBytes } from "./testdata/hex.ts";
import { ANSWER_US_POOL_NTP, QUERY_US_POOL_NTP } from "./testdata/dns_payloads.ts";

function batchesOf(file: string) {
  const reader = openSavefile(capturePath(file));
  const packet = new DecodedPacket();
  const byEvents = new AppInspector();
  const counting = new AppInspector();
  const fromEvents = new NameBatcher();
  const counted = new NameBatcher();
  counting.countDnsInto(counted);
  while (reader.next()) {
    const { data, offset, caplen } = reader;
    const frame = new DataView(data.buffer, data.byteOffset + offset, caplen);
    decodeFrame(reader.packetLinkType, frame, 0, caplen, reader.wireLen, packet);
    packet.tsSec = reader.tsSec;
    packet.tsNsec = reader.tsNsec;
    byEvents.inspect(packet, frame, 0, caplen);
    fromEvents.add(byEvents.drain());
    counting.inspect(packet, frame, 0, caplen);
    counted.add(counting.drain());
  }
  reader.close();
  return { fromEvents: fromEvents.take(), counted: counted.take() };
}

for (const file of captureNames()) {
  Deno.test(`AppInspector counting DNS into a sink agrees with its events on ${file}`, () => {
    const { fromEvents, counted } = batchesOf(file);
    assert.deepEqual(counted, fromEvents);
  });
}

class Recorder implements DnsSink {
  calls: unknown[][] = [];
  query(name: string): void {
    this.calls.push(["query", name]);
  }
  response(name: string, rcode: number, ttl: number, addresses: readonly string[], count: number) {
    this.calls.push(["response", name, rcode, ttl, addresses.slice(0, count)]);
  }
}

Deno.test("AppInspector with a DnsSink counts a query and its answer, and queues no event", () => {
  const inspector = new AppInspector();
  const sink = new Recorder();
  inspector.countDnsInto(sink);
  assert.deepEqual(inspectFrame(inspector, udpFrame(hexBytes(QUERY_US_POOL_NTP), 40000, 53)), []);
  assert.deepEqual(inspectFrame(inspector, udpFrame(hexBytes(ANSWER_US_POOL_NTP), 53, 40000)), []);
  assert.equal(sink.calls.length, 2);
  assert.deepEqual(sink.calls[0], ["query", "us.pool.ntp.org"]);
  const [kind, name, rcode, ttl, addresses] = sink.calls[1]!;
  assert.deepEqual([kind, name, rcode, ttl], ["response", "us.pool.ntp.org", 0, 3463]);
  assert.ok(Array.isArray(addresses) && addresses.length === 15);
  assert.deepEqual(addresses.slice(0, 2), ["67.129.68.9", "69.44.57.60"]);
  inspector.countDnsInto(null);
  assert.equal(inspectFrame(inspector, udpFrame(hexBytes(QUERY_US_POOL_NTP), 40000, 53)).length, 1);
});

Deno.test("The sink comparison sees queries, answers and mDNS in the shared captures", () => {
  const { counted } = batchesOf("ntp_sync_with_dns.pcap");
  assert.ok(counted.queryNames.length > 0 && counted.learned.length > 0);
  const mdns = batchesOf("http11_wikipedia_lan_mix.pcap").counted;
  assert.ok(mdns.queryNames.includes("gemini._sftp-ssh._tcp.local"));
});
