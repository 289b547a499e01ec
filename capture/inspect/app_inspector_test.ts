import assert from "node:assert/strict";
import { DecodedPacket } from "../decode/packet.ts";
import { decodeFrame } from "../decode/decoder.ts";
import { AppInspector } from "./app_inspector.ts";
import { inspectFrame, udpFrame } from "./testdata/build.ts";
import { hexBytes } from "./testdata/hex.ts";
import {
  GRE_DNS_QUERY,
  GRE_ICMP_QUOTING_DNS,
  SIXINFOUR_DNS_QUERY,
  VXLAN_DNS_QUERY,
} from "./testdata/tunnel_frames.ts";
import { QUIC_V1_CLIENT_INITIAL, QUIC_V2_CLIENT_INITIAL } from "./testdata/quic_payloads.ts";
import { LLMNR_QUERY, QUERY_US_POOL_NTP } from "./testdata/dns_payloads.ts";

Deno.test("AppInspector reports a DNS query inside GRE with the inner flow, tunneled", () => {
  const [event, ...rest] = inspectFrame(new AppInspector(), GRE_DNS_QUERY);
  assert.deepEqual(rest, []);
  assert.deepEqual(event, {
    kind: "dns-query",
    name: "www.gleeble.org",
    type: 255,
    transport: "udp",
    proto: "dns",
    flow: {
      src: "66.59.111.190",
      dst: "172.28.2.3",
      sport: 37675,
      dport: 53,
      proto: 17,
      tunneled: true,
    },
  });
});

Deno.test("AppInspector counts a DNS query quoted by an ICMP error, marked quoted", () => {
  const events = inspectFrame(new AppInspector(), GRE_ICMP_QUOTING_DNS);
  assert.equal(events.length, 1);
  const e = events[0]!;
  assert.equal(e.kind, "dns-query");
  assert.equal(e.name, "www.gleeble.org");
  assert.ok(e.kind === "dns-query" && e.quoted === true);
});

Deno.test("AppInspector reports DNS queries inside VXLAN and 6in4", () => {
  const inspector = new AppInspector();
  const [vxlan] = inspectFrame(inspector, VXLAN_DNS_QUERY);
  assert.equal(vxlan?.name, "facebook.com");
  assert.equal(vxlan?.flow.tunneled, true);
  const [sixInFour] = inspectFrame(inspector, SIXINFOUR_DNS_QUERY);
  assert.equal(sixInFour?.name, "star.c10r.facebook.com");
  assert.equal(sixInFour?.flow.src, "2001:470:1f16:13f::2");
});

Deno.test("AppInspector tells DNS, mDNS and LLMNR apart by port", () => {
  const inspector = new AppInspector();
  const q = hexBytes(QUERY_US_POOL_NTP);
  const [dns] = inspectFrame(inspector, udpFrame(q, 40000, 53));
  const [mdns] = inspectFrame(inspector, udpFrame(q, 5353, 5353));
  const [llmnr] = inspectFrame(inspector, udpFrame(hexBytes(LLMNR_QUERY), 40000, 5355));
  assert.deepEqual(
    [dns, mdns, llmnr].map((e) => e?.kind === "dns-query" && e.proto),
    ["dns", "mdns", "llmnr"],
  );
});

Deno.test("AppInspector finds DNS on an unregistered UDP port by its heuristic, not on NetBIOS", () => {
  const inspector = new AppInspector();
  const q = hexBytes(QUERY_US_POOL_NTP);
  assert.equal(inspectFrame(inspector, udpFrame(q, 40000, 443)).length, 1);
  assert.equal(inspectFrame(inspector, udpFrame(q, 137, 137)).length, 0);
});

Deno.test("AppInspector decrypts QUIC v1 and v2 Initials and reports each SNI once", () => {
  const inspector = new AppInspector();
  const v1 = udpFrame(hexBytes(QUIC_V1_CLIENT_INITIAL), 34347, 443);
  assert.deepEqual(
    inspectFrame(inspector, v1).map((e) => e.kind === "quic-sni" && [e.name, e.version]),
    [["www.google.de", 1]],
  );
  assert.deepEqual(inspectFrame(inspector, v1), [], "a retransmitted Initial is not reported");
  const v2 = udpFrame(hexBytes(QUIC_V2_CLIENT_INITIAL), 42086, 4443);
  assert.deepEqual(
    inspectFrame(inspector, v2).map((e) => e.kind === "quic-sni" && [e.name, e.version]),
    [["test", 0x6b3343cf]],
  );
});

Deno.test("AppInspector drops and counts events past maxPendingEvents", () => {
  const inspector = new AppInspector({ maxPendingEvents: 2 });
  const frame = udpFrame(hexBytes(QUERY_US_POOL_NTP), 40000, 53);
  const bytes = new DataView(frame.buffer);
  const packet = new DecodedPacket();
  for (let i = 0; i < 3; i++) {
    decodeFrame(1, bytes, 0, frame.length, frame.length, packet);
    inspector.inspect(packet, bytes, 0, frame.length);
  }
  assert.equal(inspector.drain().length, 2);
  assert.equal(inspector.dropped, 1);
});

Deno.test("AppInspector never throws nor reads past caplen on any cut of real frames", () => {
  const frames = [
    hexBytes(GRE_DNS_QUERY),
    hexBytes(GRE_ICMP_QUOTING_DNS),
    hexBytes(VXLAN_DNS_QUERY),
    hexBytes(SIXINFOUR_DNS_QUERY),
    udpFrame(hexBytes(QUIC_V1_CLIENT_INITIAL), 34347, 443),
  ];
  const inspector = new AppInspector();
  for (const frame of frames) {
    for (let cut = 0; cut <= frame.length; cut++) {
      // A buffer exactly `cut` long: any read past it throws, and inspect() would count a fault.
      inspectFrame(inspector, frame.subarray(0, cut));
    }
  }
  assert.equal(inspector.faults, 0);
});
