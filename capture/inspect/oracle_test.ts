/**
 * The names oracle: every shared capture read with the project's reader, each frame decoded
 * and inspected, and the names found compared with tshark's in `expected/<file>.json`:
 * `dns_query_name_counts` (one per question of a query, mDNS/LLMNR, tunnels and ICMP quotes
 * included), `tls_sni_counts` (TLS and QUIC) and `http_host_counts` (SSDP included).
 */
import assert from "node:assert/strict";
import { DecodedPacket } from "../decode/packet.ts";
import { decodeFrame } from "../decode/decoder.ts";
import { openSavefile } from "../savefile/mod.ts";
import {
  captureNames,
  capturePath,
  comparableCounts,
  comparableName,
  expectedFor,
  tsharkAsciiName,
} from "../../tests/support/captures.ts";
import { AppInspector } from "./app_inspector.ts";
import type { NameEvent } from "./name_event.ts";

interface NameCounts {
  dns: Record<string, number>;
  sni: Record<string, number>;
  quic: string[];
  http: Record<string, number>;
}

/**
 * Where the inspector knowingly differs from tshark 4.0.17, per file: names tshark counts that
 * we do not (`missing`) and names we count that tshark does not (`extra`). Each entry says why.
 */
const KNOWN_DIFFERENCES: Record<string, { why: string; missing?: Partial<NameCounts> }> = {};

function add(counts: Record<string, number>, name: string): void {
  counts[name] = (counts[name] ?? 0) + 1;
}

function inspectFile(file: string): { counts: NameCounts; inspector: AppInspector } {
  const reader = openSavefile(capturePath(file));
  const packet = new DecodedPacket();
  const inspector = new AppInspector();
  const counts: NameCounts = { dns: {}, sni: {}, quic: [], http: {} };
  const tally = (events: NameEvent[]) => {
    for (const e of events) {
      if (e.kind === "dns-query") add(counts.dns, e.name);
      else if (e.kind === "tls-sni") add(counts.sni, e.name);
      else if (e.kind === "quic-sni") {
        add(counts.sni, e.name);
        if (!counts.quic.includes(e.name)) counts.quic.push(e.name);
      } else if (e.kind === "http-host") add(counts.http, e.name);
    }
  };
  while (reader.next()) {
    // A view exactly caplen long: a read past caplen would throw, and show up as a fault.
    const { data, offset, caplen } = reader;
    const frame = new DataView(data.buffer, data.byteOffset + offset, caplen);
    decodeFrame(reader.packetLinkType, frame, 0, caplen, reader.wireLen, packet);
    packet.tsSec = reader.tsSec;
    packet.tsNsec = reader.tsNsec;
    inspector.inspect(packet, frame, 0, caplen);
    tally(inspector.drain());
  }
  reader.close();
  counts.quic.sort();
  return { counts, inspector };
}

for (const file of captureNames()) {
  Deno.test({
    name: `AppInspector finds the DNS, TLS/QUIC and HTTP names tshark finds in ${file}`,
    fn() {
      const expected = expectedFor(file);
      const { counts, inspector } = inspectFile(file);
      assert.equal(inspector.faults, 0, "no exception inside inspect()");
      assert.equal(inspector.dropped, 0, "no event dropped");
      const known = KNOWN_DIFFERENCES[file]?.missing;
      const want = (field: Record<string, number>, missing?: Record<string, number>) => {
        const out = { ...field };
        for (const [name, n] of Object.entries(missing ?? {})) {
          out[name] = (out[name] ?? 0) - n;
          if (out[name] === 0) delete out[name];
        }
        return out;
      };
      // Our names through tshark's way of showing the same bytes (tests/support/captures.ts).
      const theirs = (field: Record<string, number>, missing?: Record<string, number>) =>
        comparableCounts(want(field, missing));
      assert.deepEqual(
        comparableCounts(counts.dns, "dns"),
        theirs(expected.dns_query_name_counts, known?.dns),
        "dns_query_name_counts",
      );
      assert.deepEqual(
        comparableCounts(counts.sni, "ascii"),
        theirs(expected.tls_sni_counts, known?.sni),
        "tls_sni_counts",
      );
      assert.deepEqual(
        counts.quic.map(tsharkAsciiName).sort(),
        expected.tls_sni_quic.map(comparableName).sort(),
        "tls_sni_quic",
      );
      assert.deepEqual(
        comparableCounts(counts.http, "ascii"),
        theirs(expected.http_host_counts, known?.http),
        "http_host_counts",
      );
    },
  });
}
