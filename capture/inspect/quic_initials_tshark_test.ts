/**
 * How QUIC Initials arrive on a real path, each compared with tshark on a capture built here:
 * 0-RTT packets coalesced beside an Initial, a ClientHello split over Initials whose
 * Destination Connection IDs differ, and version negotiation.
 */
import assert from "node:assert/strict";
import {
  clientHello,
  concat,
  cryptoFrame,
  initialKeys,
  opaqueLongPacket,
  protectedInitial,
} from "./testdata/quic_builder.ts";
import { CLIENT, ipv4Frame, SERVER, udpBody, udpFrame } from "./testdata/build.ts";
import { inspectedEvents, namesOf, tsharkFields, writeTempPcap } from "./testdata/tshark_names.ts";
import { QUIC_V1, QUIC_V2 } from "./quic_versions.ts";

const SNI_FIELD = "tls.handshake.extensions_server_name";
const DRAFT_28 = 0xff00001c;
const CLIENT_PORT = 51000;
const QUIC_PORT = 443;

/** Per frame: tshark's SNIs and ours, after checking that nothing faulted. */
async function bothSnis(frames: Uint8Array[]): Promise<{ theirs: string[][]; ours: string[][] }> {
  const path = writeTempPcap(frames);
  try {
    const tshark = await tsharkFields(path, [SNI_FIELD]);
    const { events, faults } = inspectedEvents(path);
    assert.equal(faults, 0, "no exception inside inspect()");
    return {
      theirs: tshark.map((layers) => layers[SNI_FIELD] ?? []),
      ours: events.map((e) => namesOf(e, "quic-sni")),
    };
  } finally {
    Deno.removeSync(path);
  }
}

/** A datagram from the server's port 443 back to the client. */
function fromServer(payload: Uint8Array): Uint8Array {
  return ipv4Frame(udpBody(payload, QUIC_PORT, CLIENT_PORT), {
    proto: 17,
    src: SERVER,
    dst: CLIENT,
  });
}

function clientInitial(version: number, dcid: Uint8Array, sni: string, pn = 0): Uint8Array {
  return protectedInitial({
    version,
    type: version === QUIC_V2 ? 1 : 0,
    dcid,
    packetNumber: pn,
    frames: cryptoFrame(0, clientHello(sni)),
    keys: initialKeys(version === QUIC_V2 ? "v2" : version === DRAFT_28 ? "draft23" : "v1", dcid),
  });
}

Deno.test("0-RTT packets coalesced after an Initial: the Initial's SNI, as tshark reads it", async () => {
  const cases: [number, number][] = [[DRAFT_28, 1], [QUIC_V1, 1], [QUIC_V2, 2]];
  const frames = cases.map(([version, zeroRttType], i) => {
    const dcid = Uint8Array.of(0x0e, i, 9, 8, 7, 6, 5, 4);
    const initial = clientInitial(version, dcid, `zero-rtt-${i}.example`);
    // The 0-RTT packet makes the datagram 1200 bytes (RFC 9000 section 14.1), as Chrome does.
    const zeroRtt = opaqueLongPacket(version, zeroRttType, dcid, 1200 - initial.length - 16);
    return udpFrame(concat(initial, zeroRtt), CLIENT_PORT + i, QUIC_PORT);
  });
  const { theirs, ours } = await bothSnis(frames);
  assert.deepEqual(theirs, [["zero-rtt-0.example"], ["zero-rtt-1.example"], [
    "zero-rtt-2.example",
  ]]);
  assert.deepEqual(ours, theirs);
});

Deno.test("a ClientHello split over Initials with different DCIDs is read where tshark reads it", async () => {
  const first = Uint8Array.of(0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8);
  const serverCid = new Uint8Array(20).map((_, i) => 0xb0 + i);
  const keys = initialKeys("v1", first);
  // Long enough for two packets (post-quantum key shares make Chrome's this long).
  const hello = clientHello("split.example", 1500);
  const cut = 1000;
  const part1 = protectedInitial({
    version: QUIC_V1,
    type: 0,
    dcid: first,
    packetNumber: 0,
    frames: cryptoFrame(0, hello.subarray(0, cut)),
    padTo: 1200,
    keys,
  });
  // The server answers with its own CID; the client moves to it and keeps its first keys.
  const server = protectedInitial({
    version: QUIC_V1,
    type: 0,
    dcid: new Uint8Array(0),
    scid: serverCid,
    packetNumber: 0,
    frames: Uint8Array.of(0x02, 0x00, 0x00, 0x00, 0x00),
    padTo: 1200,
    keys: initialKeys("v1", first, "server"),
  });
  const part2 = protectedInitial({
    version: QUIC_V1,
    type: 0,
    dcid: serverCid,
    packetNumber: 1,
    frames: cryptoFrame(cut, hello.subarray(cut)),
    padTo: 1200,
    keys,
  });
  // Later, a new connection from the same port: its own DCID and keys, read on its own.
  const other = Uint8Array.of(0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8);
  const again = protectedInitial({
    version: QUIC_V1,
    type: 0,
    dcid: other,
    packetNumber: 0,
    frames: cryptoFrame(0, clientHello("again.example")),
    padTo: 1200,
    keys: initialKeys("v1", other),
  });
  const { theirs, ours } = await bothSnis([
    udpFrame(part1, CLIENT_PORT, QUIC_PORT),
    fromServer(server),
    udpFrame(part2, CLIENT_PORT, QUIC_PORT),
    udpFrame(again, CLIENT_PORT, QUIC_PORT),
  ]);
  assert.deepEqual(theirs, [[], [], ["split.example"], ["again.example"]]);
  assert.deepEqual(ours, theirs);
});

Deno.test("version negotiation (version 0): no SNI in tshark, none here, no fault", async () => {
  const dcid = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
  const offer = protectedInitial({
    version: 0x1a2a3a4a,
    type: 0,
    dcid,
    packetNumber: 0,
    frames: cryptoFrame(0, clientHello("negotiate.example")),
    padTo: 1200,
    keys: initialKeys("draft29", dcid),
  });
  // The server's list of versions (RFC 9000 section 17.2.1), long enough to pass as an Initial.
  const versions = [QUIC_V1, QUIC_V2, DRAFT_28, ...new Array(300).fill(0xff00001d)];
  const negotiation = Uint8Array.from([
    0x80 | 0x3f,
    0,
    0,
    0,
    0,
    0,
    8,
    ...dcid,
    ...versions.flatMap((v) => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]),
  ]);
  const { theirs, ours } = await bothSnis([
    udpFrame(offer, CLIENT_PORT, QUIC_PORT),
    fromServer(negotiation),
    fromServer(negotiation.subarray(0, 40)),
  ]);
  assert.deepEqual(theirs, [["negotiate.example"], [], []]);
  assert.deepEqual(ours, theirs);
});
