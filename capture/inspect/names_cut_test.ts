/**
 * The name readers on frames cut by the capture at every byte: QUIC Initials of every version
 * family (coalesced with 0-RTT, Google framing, split ClientHellos) and DNS names of every kind,
 * each inspected from a buffer exactly as long as the cut (a read past caplen throws, and would
 * be counted as a fault). No cut may fault, and no cut Initial may give a name.
 */
import assert from "node:assert/strict";
import { DecodedPacket } from "../decode/packet.ts";
import { decodeFrame } from "../decode/decoder.ts";
import { AppInspector } from "./app_inspector.ts";
import { udpFrame } from "./testdata/build.ts";
import {
  clientHello,
  concat,
  cryptoFrame,
  initialKeys,
  opaqueLongPacket,
  protectedInitial,
  type SaltName,
} from "./testdata/quic_builder.ts";
import { GQUIC_T051, QUIC_V1, QUIC_V2 } from "./quic_versions.ts";

const LINKTYPE_ETHERNET = 1;

/** Inspect `frame` cut to every length below its own; returns the faults and names seen. */
function inspectEveryCut(frame: Uint8Array): { faults: number; names: number } {
  const inspector = new AppInspector();
  const packet = new DecodedPacket();
  let names = 0;
  for (let cut = 0; cut < frame.length; cut++) {
    const view = new DataView(frame.slice(0, cut).buffer);
    decodeFrame(LINKTYPE_ETHERNET, view, 0, cut, frame.length, packet);
    packet.tsSec = cut; // a new second each time: nothing waits on an idle timer
    inspector.inspect(packet, view, 0, cut);
    names += inspector.drain().length;
  }
  return { faults: inspector.faults, names };
}

function initial(version: number, salt: SaltName, google = false): Uint8Array {
  const dcid = Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2);
  return protectedInitial({
    version,
    type: version === QUIC_V2 ? 1 : 0,
    dcid,
    packetNumber: 0,
    frames: cryptoFrame(0, clientHello("cut.example"), google),
    // Past the 1,200 bytes below which a datagram is not taken for an Initial: the cuts between
    // reach the header and frame readers.
    padTo: 1400,
    keys: initialKeys(salt, dcid),
  });
}

Deno.test("QUIC Initials of every family, cut at every byte: no fault and no name", () => {
  const whole = [
    initial(0xff00001b, "draft23"),
    initial(0xff00001d, "draft29"),
    initial(0xfaceb002, "draft23"),
    initial(QUIC_V2, "v2"),
    initial(GQUIC_T051, "t051", true),
  ];
  for (const datagram of whole) {
    const { faults, names } = inspectEveryCut(udpFrame(datagram, 50000, 443));
    assert.equal(faults, 0);
    assert.equal(names, 0, "an Initial is read only whole");
  }
  // Cut inside the 0-RTT packet after it, the Initial is whole: read once (later cuts repeat it).
  const coalesced = concat(
    initial(QUIC_V1, "v1"),
    opaqueLongPacket(QUIC_V1, 1, Uint8Array.of(1), 200),
  );
  const { faults, names } = inspectEveryCut(udpFrame(coalesced, 50001, 443));
  assert.equal(faults, 0);
  assert.equal(names, 1);
});

Deno.test("DNS queries with raw, escaped and over-long names, cut at every byte: no fault", () => {
  const long = Array.from({ length: 5 }, () => [60, ...new Array(60).fill(0x61)]).flat();
  const raw = [4, 0x00, 0x2e, 0x5c, 0xff, 3, 0xc3, 0xa4, 0x41];
  for (const name of [long, raw]) {
    const message = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...name, 0, 0, 1, 0, 1];
    const { faults } = inspectEveryCut(udpFrame(Uint8Array.from(message), 40000, 53));
    assert.equal(faults, 0);
  }
});
