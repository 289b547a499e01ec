import assert from "node:assert/strict";
import { linkTypeName, NextResult, PcapHandle } from "./pcap_handle.ts";
import { PcapError } from "./pcap_error.ts";
import { capturePath } from "../tests/support/captures.ts";

function readAll(handle: PcapHandle) {
  let packets = 0, bytes = 0, first = "";
  while (handle.next() === NextResult.packet) {
    if (packets === 0) first = `${handle.tsSec}.${String(handle.tsNsec).padStart(9, "0")}`;
    packets++;
    bytes += handle.wireLen;
  }
  return { packets, bytes, first };
}

Deno.test("PcapHandle.openOffline() reads every packet with wire lengths and ns timestamps", () => {
  const handle = PcapHandle.openOffline(capturePath("nsec_tcp_http_to_ssh.pcap"));
  try {
    assert.equal(handle.linkType, 1);
    assert.equal(handle.nanosecond, true);
    assert.deepEqual(readAll(handle), { packets: 9, bytes: 1230, first: "1770126425.732560000" });
    assert.equal(handle.next(), NextResult.eof);
  } finally {
    handle.close();
  }
});

Deno.test("PcapHandle exposes caplen and wire length separately for snaplen-cut frames", () => {
  const handle = PcapHandle.openOffline(capturePath("snaplen68_truncated_tcp_headers.pcap"));
  try {
    assert.equal(handle.next(), NextResult.packet);
    assert.equal(handle.caplen, 68);
    assert.ok(handle.wireLen > handle.caplen);
    // The bytes are readable at the offset libpcap gave: an Ethernet header with IPv4.
    assert.equal(handle.data.getUint16(handle.offset + 12), 0x0800);
  } finally {
    handle.close();
  }
});

Deno.test("PcapHandle.setFilter() applies BPF and reports libpcap's syntax error", () => {
  const handle = PcapHandle.openOffline(capturePath("vlan_arp_icmp_echo_cisco.pcap"));
  try {
    assert.throws(
      () => handle.setFilter("port port"),
      (e: unknown) =>
        e instanceof PcapError && e.kind === "filter" &&
        /^Cannot use filter "port port": .*syntax error/.test(e.message),
    );
    handle.setFilter("vlan and arp");
    assert.equal(readAll(handle).packets, 6);
  } finally {
    handle.close();
  }
});

Deno.test("PcapHandle.openOffline() rejects a file that is not a capture with libpcap's words", () => {
  assert.throws(
    () => PcapHandle.openOffline(new URL(import.meta.url).pathname),
    (e: unknown) =>
      e instanceof PcapError && e.kind === "file" &&
      /^Cannot read ".*": unknown file format/.test(e.message),
  );
});

Deno.test("PcapHandle.close() is idempotent and later use is a clear error", () => {
  const handle = PcapHandle.openOffline(capturePath("icmp_echo_5_pings.pcap"));
  handle.close();
  handle.close();
  assert.equal(handle.closed, true);
  assert.throws(() => handle.setFilter("icmp"), /handle is closed/);
});

Deno.test("linkTypeName() gives libpcap's names", () => {
  assert.equal(linkTypeName(1), "EN10MB");
  assert.equal(linkTypeName(113), "LINUX_SLL");
  assert.equal(linkTypeName(276), "LINUX_SLL2");
  assert.equal(linkTypeName(0), "NULL");
});
