import assert from "node:assert/strict";
import type { FlowRef, NameEvent } from "../capture/inspect/name_event.ts";
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

Deno.test("hostWithoutPort() strips a port but keeps bare IPv6", () => {
  assert.equal(hostWithoutPort("example.com:8080"), "example.com");
  assert.equal(hostWithoutPort("[2001:db8::1]:80"), "2001:db8::1");
  assert.equal(hostWithoutPort("2001:db8::1"), "2001:db8::1");
  assert.equal(hostWithoutPort("239.255.255.250:1900"), "239.255.255.250");
});
