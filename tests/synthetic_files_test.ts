/**
 * Edge cases the real corpus lacks, written with our own pcap writer and read back through the
 * whole capture path (libpcap in the worker, decoder, ring): every link type we decode,
 * nanosecond timestamps, snaplen-truncated frames, and standard input.
 */
import assert from "node:assert/strict";
import { CaptureSession } from "../capture/capture_session.ts";
import { L3, L4 } from "../capture/decode/packet.ts";
import { PcapWriter } from "../capture/savefile/pcap_writer.ts";
import { runCli } from "./support/run_cli.ts";

/** IPv4 + UDP 40000 -> 53 with an 8-byte payload: 36 bytes, checksums zero (not checked). */
function ipv4Udp(): Uint8Array {
  const ip = new Uint8Array(36);
  const v = new DataView(ip.buffer);
  v.setUint8(0, 0x45);
  v.setUint16(2, 36);
  v.setUint8(8, 64); // TTL
  v.setUint8(9, 17); // UDP
  ip.set([198, 51, 100, 7], 12);
  ip.set([203, 0, 113, 9], 16);
  v.setUint16(20, 40000);
  v.setUint16(22, 53);
  v.setUint16(24, 16);
  ip.set(new TextEncoder().encode("wirescop"), 28);
  return ip;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Link-layer headers announcing IPv4, per DLT. */
const LINK_HEADERS: Record<string, [number, Uint8Array]> = {
  EN10MB: [1, new Uint8Array([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00])],
  // SLL: packet type, ARPHRD_ETHER, address length 6, address (8 bytes), protocol
  LINUX_SLL: [113, new Uint8Array([0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 2, 0, 0, 0x08, 0x00])],
  // SLL2: protocol, reserved, ifindex, ARPHRD_ETHER, packet type, address length, address
  LINUX_SLL2: [
    276,
    new Uint8Array([0x08, 0x00, 0, 0, 0, 0, 0, 3, 0, 1, 0, 6, 2, 0, 0, 0, 0, 2, 0, 0]),
  ],
  RAW: [12, new Uint8Array()],
  NULL: [0, new Uint8Array([2, 0, 0, 0])], // AF_INET in the writer's (little-endian) order
  LOOP: [108, new Uint8Array([0, 0, 0, 2])], // AF_INET in network order
};

const scratch = Deno.makeTempDirSync({ prefix: "wirescope-synthetic-" });

for (const [name, [dlt, header]] of Object.entries(LINK_HEADERS)) {
  Deno.test(`a ${name} file with ns timestamps and a snaplen cut decodes end to end`, async () => {
    const frame = concat(header, ipv4Udp());
    const path = `${scratch}/${name}.pcap`;
    const writer = new PcapWriter({
      linkType: dlt,
      nanosecond: true,
      snaplen: 65535,
      file: Deno.openSync(path, { write: true, create: true, truncate: true }),
    });
    writer.writePacket(1_700_000_000, 123_456_789, frame);
    // The same frame cut inside the UDP payload, as a snaplen would cut it.
    writer.writePacket(
      1_700_000_001,
      999_999_999,
      frame.subarray(0, frame.length - 4),
      frame.length,
    );
    writer.close();

    const seen: string[] = [];
    const session = await CaptureSession.start({
      source: { kind: "file", path },
      onPacket(p) {
        assert.equal(p.l3, L3.ipv4);
        assert.equal(p.l4, L4.udp);
        assert.deepEqual([p.srcPort, p.dstPort], [40000, 53]);
        assert.equal(p.wireLen, frame.length);
        seen.push(`${p.tsSec}.${String(p.tsNsec).padStart(9, "0")} ${p.caplen} ${p.truncated}`);
      },
    });
    const end = await session.done;
    assert.equal(end.reason, "eof");
    assert.equal(session.info.linkType, dlt);
    assert.deepEqual(seen, [
      `1700000000.123456789 ${frame.length} false`,
      `1700000001.999999999 ${frame.length - 4} true`,
    ]);
  });
}

Deno.test("-r - reads a capture from standard input", async () => {
  const writer = new PcapWriter({ linkType: 1 });
  const frame = concat(LINK_HEADERS.EN10MB![1], ipv4Udp());
  for (let i = 0; i < 7; i++) writer.writePacket(1_700_000_000 + i, 0, frame);
  const result = await runCli(["-r", "-", "--report", "json"], { stdin: writer.toBytes() });
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.packets, 7);
  assert.equal(report.protocols.udp, 7);
  assert.deepEqual(report.topSources, [{
    ip: "198.51.100.7",
    packets: 7,
    bytes: 7 * frame.length,
  }]);
});
