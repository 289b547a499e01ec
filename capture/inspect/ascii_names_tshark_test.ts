/**
 * TLS server names (over TCP and in QUIC Initials) and HTTP hosts with bytes that are not
 * printable, compared with tshark in the test itself. Our text escapes them as `\xNN`
 * (`ascii_text.ts`); tshark reads these fields as ASCII strings, which `tsharkAsciiName()`
 * (tests/support/captures.ts) reproduces from our text.
 */
import assert from "node:assert/strict";
import {
  clientHello,
  cryptoFrame,
  initialKeys,
  protectedInitial,
} from "./testdata/quic_builder.ts";
import { tcpFrame, udpFrame } from "./testdata/build.ts";
import { inspectedEvents, namesOf, tsharkFields, writeTempPcap } from "./testdata/tshark_names.ts";
import { comparableName, tsharkAsciiName } from "../../tests/support/captures.ts";
import { QUIC_V1 } from "./quic_versions.ts";

/** Printable, then a control byte, a backslash, DEL, valid UTF-8, a lone 8-bit byte, a NUL. */
const NAMES = [
  "www.example.com",
  "ctl\x01\x1b.example",
  "back\\slash.example",
  "del\x7f.example",
  "caf\xc3\xa9.example",
  "l\xe4tin.example",
  "nul\x00after.example",
];
const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

function quicInitial(sni: string, i: number): Uint8Array {
  const dcid = Uint8Array.of(0x5e, i, 1, 2, 3, 4, 5, 6);
  return protectedInitial({
    version: QUIC_V1,
    type: 0,
    dcid,
    packetNumber: 0,
    frames: cryptoFrame(0, clientHello(sni)),
    padTo: 1200,
    keys: initialKeys("v1", dcid),
  });
}

/** A TLS record (RFC 8446 section 5.1) around a ClientHello. */
function tlsRecord(sni: string): Uint8Array {
  const hello = clientHello(sni);
  return Uint8Array.from([0x16, 0x03, 0x01, hello.length >> 8, hello.length & 0xff, ...hello]);
}

async function compare(field: string, frames: Uint8Array[], kinds: string[]): Promise<void> {
  const path = writeTempPcap(frames);
  try {
    const tshark = await tsharkFields(path, [field]);
    const { events, faults } = inspectedEvents(path);
    assert.equal(faults, 0);
    frames.forEach((_, i) => {
      const theirs = (tshark[i]?.[field] ?? []).map(comparableName);
      const ours = namesOf(events[i] ?? [], ...kinds as never[]).map(tsharkAsciiName);
      assert.equal(theirs.length, 1, `tshark reads frame ${i + 1}`);
      assert.deepEqual(ours, theirs, `frame ${i + 1}`);
    });
  } finally {
    Deno.removeSync(path);
  }
}

Deno.test("TLS and QUIC server names with raw bytes: ours shown tshark's way are tshark's", async () => {
  const frames = NAMES.flatMap((name, i) => [
    tcpFrame(tlsRecord(name), 1000, 41000 + i, 443),
    udpFrame(quicInitial(name, i), 42000 + i, 443),
  ]);
  await compare("tls.handshake.extensions_server_name", frames, ["tls-sni", "quic-sni"]);
});

Deno.test("HTTP hosts with raw bytes: ours shown tshark's way are tshark's", async () => {
  const frames = NAMES.map((name, i) =>
    tcpFrame(bytes(`GET / HTTP/1.1\r\nHost: ${name}\r\n\r\n`), 1000, 43000 + i, 80)
  );
  await compare("http.host", frames, ["http-host"]);
});
