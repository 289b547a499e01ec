/**
 * QUIC as tshark reads it: client Initials of every version family built in the test (keys from
 * node:crypto, not the inspector's own), written to a capture that tshark and the inspector both
 * read, and the SNIs of each frame compared.
 */
import assert from "node:assert/strict";
import {
  clientHello,
  cryptoFrame,
  initialKeys,
  protectedInitial,
  type SaltName,
} from "./testdata/quic_builder.ts";
import { udpFrame } from "./testdata/build.ts";
import { inspectedEvents, namesOf, tsharkFields, writeTempPcap } from "./testdata/tshark_names.ts";
import {
  GQUIC_Q050,
  GQUIC_T050,
  GQUIC_T051,
  isKnownVersion,
  QUIC_V1,
  QUIC_V2,
} from "./quic_versions.ts";

const SNI_FIELD = "tls.handshake.extensions_server_name";

interface VersionCase {
  version: number;
  /** The salt the client encrypts with; for a version tshark does not know, a guess. */
  salt: SaltName;
  /** Whether tshark 4.0 reads its SNI (and so must we). */
  read: boolean;
  google?: boolean;
}

const draftSalt = (d: number): SaltName =>
  d <= 22 ? "draft22" : d <= 28 ? "draft23" : d <= 32 ? "draft29" : "v1";
const DRAFTS: VersionCase[] = [];
for (let d = 22; d <= 34; d++) {
  DRAFTS.push({ version: 0xff000000 + d, salt: draftSalt(d), read: true });
}

const CASES: VersionCase[] = [
  ...DRAFTS,
  { version: QUIC_V1, salt: "v1", read: true },
  { version: QUIC_V2, salt: "v2", read: true },
  { version: 0xfaceb001, salt: "draft22", read: true },
  { version: 0xfaceb002, salt: "draft23", read: true },
  { version: 0xfaceb00e, salt: "draft23", read: true },
  { version: GQUIC_T050, salt: "t050", read: true, google: true },
  { version: GQUIC_T051, salt: "t051", read: true, google: true },
  // Versions that only force version negotiation (RFC 9000 section 15): tshark tries draft-29's.
  { version: 0x0a1a2a3a, salt: "draft29", read: true },
  { version: 0xfafafafa, salt: "draft29", read: true },
  // Versions tshark does not open: drafts before 11 and after 34, QUIC v2's draft number, an
  // mvfst build it does not know, and a number of nobody's.
  { version: 0xff00000a, salt: "draft22", read: false },
  { version: 0xff000023, salt: "v1", read: false },
  { version: 0x709a50c4, salt: "v2", read: false },
  { version: 0xfaceb003, salt: "v1", read: false },
  { version: 0x12345678, salt: "v1", read: false },
];

const hex = (n: number) => n.toString(16).padStart(8, "0");

function initialFor(c: VersionCase, i: number): Uint8Array {
  const dcid = Uint8Array.from([0xd0, i, 1, 2, 3, 4, 5, 6]);
  const hello = clientHello(`v-${hex(c.version)}.example`);
  return protectedInitial({
    version: c.version,
    type: c.version === QUIC_V2 ? 1 : 0,
    dcid,
    scid: Uint8Array.of(0x5c, i),
    packetNumber: 0,
    frames: cryptoFrame(0, hello, c.google),
    padTo: 1200,
    keys: initialKeys(c.salt, dcid),
  });
}

Deno.test("QUIC Initials of drafts 11-34, v1, v2, mvfst, gQUIC T050/T051 and forcing versions give tshark's SNIs", async () => {
  const frames = CASES.map((c, i) => udpFrame(initialFor(c, i), 40000 + i, 443));
  const path = writeTempPcap(frames);
  try {
    const tshark = await tsharkFields(path, [SNI_FIELD]);
    const { events, faults } = inspectedEvents(path);
    assert.equal(faults, 0);
    CASES.forEach((c, i) => {
      const theirs = tshark[i]?.[SNI_FIELD] ?? [];
      const ours = namesOf(events[i] ?? [], "quic-sni");
      assert.deepEqual(ours, theirs, `version 0x${hex(c.version)}`);
      // The builder's salt is right exactly where tshark reads the name.
      assert.deepEqual(theirs.length > 0, c.read, `tshark on version 0x${hex(c.version)}`);
      assert.equal(isKnownVersion(c.version), c.read);
    });
  } finally {
    Deno.removeSync(path);
  }
});

/**
 * Q050's CRYPTO stream carries Google's own handshake message, a CHLO of tag-value pairs, not a
 * TLS ClientHello. tshark shows its SNI tag as `gquic.tag.sni`, not as a TLS server name, so
 * the names the report compares (TLS SNIs) have none.
 */
function chlo(sni: string, version = "Q050"): Uint8Array {
  const tags: [string, Uint8Array][] = [
    ["SNI\0", new TextEncoder().encode(sni)],
    ["VER\0", new TextEncoder().encode(version)],
  ];
  const header = [...new TextEncoder().encode("CHLO"), tags.length, 0, 0, 0];
  const index: number[] = [];
  const values: number[] = [];
  for (const [tag, value] of tags) {
    values.push(...value);
    const end = values.length;
    index.push(...new TextEncoder().encode(tag), end & 0xff, end >> 8, 0, 0);
  }
  return Uint8Array.from([...header, ...index, ...values]);
}

/**
 * A Google QUIC datagram carrying a CHLO: tshark shows `sni` as the CHLO's SNI tag (so the
 * datagram was built right) and no TLS server name; the inspector finds no name and no fault.
 */
async function assertChloSniOnlyInTshark(frame: Uint8Array, sni: string): Promise<void> {
  const path = writeTempPcap([frame]);
  try {
    const tshark = await tsharkFields(path, [SNI_FIELD, "gquic.tag.sni"]);
    assert.deepEqual(tshark[0]?.["gquic.tag.sni"], [sni], "tshark read the CHLO");
    assert.equal(tshark[0]?.[SNI_FIELD], undefined);
    const { events, faults } = inspectedEvents(path);
    assert.equal(faults, 0);
    assert.deepEqual(events[0], []);
  } finally {
    Deno.removeSync(path);
  }
}

Deno.test("a Q050 Initial's CHLO: tshark decrypts it and finds no TLS SNI, nor do we, nor a fault", async () => {
  const dcid = Uint8Array.of(0x51, 0x30, 0x35, 0x30, 1, 2, 3, 4);
  const initial = protectedInitial({
    version: GQUIC_Q050,
    type: 0,
    dcid,
    packetNumber: 1,
    frames: cryptoFrame(0, chlo("q050.example"), true),
    padTo: 1200,
    keys: initialKeys("q050", dcid),
  });
  await assertChloSniOnlyInTshark(udpFrame(initial, 40100, 443), "q050.example");
});

/**
 * A Q046 client Initial in the clear, as Chrome sent it before T050 (the corpus's
 * gquic_q46.pcap is one): a long header with the version and one 8-byte CID, a 4-byte packet
 * number, a 12-byte message authentication hash, then a STREAM frame on stream 1 holding the
 * CHLO. Padded to 1200 bytes with PADDING frames.
 */
function q046Initial(sni: string): Uint8Array {
  const message = chlo(sni, "Q046");
  // STREAM with a 2-byte data length, no offset, a 1-byte stream ID (stream 1).
  const frame = [0xa0, 1, message.length >> 8, message.length & 0xff, ...message];
  const header = [0xc3, ...new TextEncoder().encode("Q046"), 0x50, 1, 2, 3, 4, 5, 6, 7, 8];
  const packet = [...header, 0, 0, 0, 1, ...new Array(12).fill(0), ...frame];
  return Uint8Array.from([...packet, ...new Array(1200 - packet.length).fill(0)]);
}

Deno.test("a Q046 Initial's CHLO in the clear: tshark reads its SNI tag and no TLS SNI, nor do we", async () => {
  await assertChloSniOnlyInTshark(
    udpFrame(q046Initial("q046.example"), 40200, 443),
    "q046.example",
  );
});
