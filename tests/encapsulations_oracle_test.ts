/**
 * EtherTypes tshark looks through (MPLS and its pseudowires, 802.1ah, FabricPath, NSH, MACsec,
 * E-TAG, VN-Tag, HSR, R-TAG, TRILL, bridged Ethernet) and tunnels whose inner names tshark counts (GTP-U, CAPWAP,
 * Geneve, VXLAN, ERSPAN I/II/III, GRE with Ethernet or PPP, L2TP, Teredo, MPLS over GRE and
 * UDP), checked against tshark frame by frame on built frames
 * (`capture/decode/testdata/encapsulation_frames.ts`): bytes, outer classes, addresses, ports,
 * and the DNS names, SNIs and HTTP hosts found; and tunnels nested to the inspector's bound.
 */
import assert from "node:assert/strict";
import {
  ENCAPSULATION_CASES,
  LENGTH_CASES,
  TUNNEL_CASES,
} from "../capture/decode/testdata/encapsulation_frames.ts";
import type { BuiltCase } from "../capture/decode/testdata/link_type_frames.ts";
import { tsharkView } from "../capture/decode/testdata/tshark_view.ts";
import { comparable, wirescopeView } from "./support/wirescope_view.ts";
import { bytes, ethernet, ipv4, ipv4Dns, u16, udp } from "../capture/decode/testdata/layers.ts";
import { concat } from "../capture/decode/testdata/fixture.ts";
import { MAX_TUNNEL_DEPTH } from "../capture/inspect/tunnels.ts";

async function compare(cases: readonly BuiltCase[]): Promise<void> {
  const theirs = await tsharkView(cases);
  const ours = wirescopeView(cases);
  assert.equal(theirs.length, cases.length, "tshark read every frame");
  cases.forEach((c, i) => {
    const t = theirs[i]!;
    assert.equal(t.l3, c.l3, `${c.name}: the frame was built as meant (tshark: ${t.protocols})`);
    assert.deepEqual(comparable(ours[i]!), comparable(t), `${c.name} (tshark: ${t.protocols})`);
  });
}

Deno.test("link-layer encapsulations are looked through as tshark looks through them", async () => {
  await compare(ENCAPSULATION_CASES);
});

/** Tunnel cases where tshark reads no name: the rest must each show one, or the test is idle. */
const NAMELESS_TUNNELS = new Set([
  "L2TPv2 control message",
  "L2TPv3 over UDP (tshark reads no session payload)",
]);

Deno.test("names inside tunnels are counted as tshark counts them", async () => {
  await compare(TUNNEL_CASES);
  const theirs = await tsharkView(TUNNEL_CASES);
  TUNNEL_CASES.forEach((c, i) => {
    const t = theirs[i]!;
    const named = t.dnsQueries.length + t.sni.length + t.httpHosts.length > 0;
    assert.equal(named, !NAMELESS_TUNNELS.has(c.name), `${c.name}: tshark finds a name inside`);
  });
});

Deno.test("IPv6 jumbograms and length fields that lie are counted as tshark counts them", async () => {
  await compare(LENGTH_CASES);
});

/** `query` inside `depth` GTP-U tunnels, one in another, in an Ethernet frame. */
function nestedGtp(depth: number, query: Uint8Array): Uint8Array {
  let packet = query;
  for (let i = 0; i < depth; i++) {
    const gtp = concat(bytes(0x30, 0xff, ...u16(packet.length), 0, 0, 0, 1), packet);
    packet = ipv4({ proto: 17, src: `10.0.${i}.1` }, udp(50000 + i, 2152, gtp));
  }
  return ethernet(0x0800, packet);
}

Deno.test("tunnels in tunnels: names as tshark reads them to MAX_TUNNEL_DEPTH, none deeper", async () => {
  const cases: BuiltCase[] = [];
  for (let depth = 1; depth <= MAX_TUNNEL_DEPTH + 1; depth++) {
    const query = ipv4Dns(`depth${depth}.example`, "10.9.9.9");
    cases.push({ name: `${depth} deep`, linkType: 1, bytes: nestedGtp(depth, query), l3: "ipv4" });
  }
  const theirs = await tsharkView(cases);
  const ours = wirescopeView(cases);
  cases.forEach((c, i) => {
    const t = theirs[i]!;
    assert.deepEqual(t.dnsQueries, [`depth${i + 1}.example`], `${c.name}: tshark reads the name`);
    const o = comparable(ours[i]!);
    if (i < MAX_TUNNEL_DEPTH) assert.deepEqual(o, comparable(t), c.name);
    // One tunnel past the bound: the outer headers still as tshark counts them, the name not read.
    else assert.deepEqual(o, { ...comparable(t), dnsQueries: [] }, `${c.name}: past the bound`);
  });
});
