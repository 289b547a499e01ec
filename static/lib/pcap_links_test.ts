import assert from "node:assert/strict";
import { flowBpf, hostBpf, pcapHref } from "./pcap_links.ts";
import { OfflineFilter } from "../../ffi/offline_filter.ts";

Deno.test("flowBpf() names both hosts, both ports and the protocol; libpcap compiles each", () => {
  const tcp = flowBpf({
    protocol: "tcp",
    aIp: "10.0.0.1",
    bIp: "10.0.0.2",
    aPort: 5000,
    bPort: 443,
  });
  assert.equal(tcp, "host 10.0.0.1 and host 10.0.0.2 and port 5000 and port 443 and tcp");
  const v6 = flowBpf({
    protocol: "icmpv6",
    aIp: "fe80::1",
    bIp: "ff02::1",
    aPort: null,
    bPort: null,
  });
  assert.equal(v6, "host fe80::1 and host ff02::1 and icmp6");
  const gre = flowBpf({
    protocol: "gre",
    aIp: "10.0.0.1",
    bIp: "10.0.0.2",
    aPort: null,
    bPort: null,
  });
  assert.equal(gre, "host 10.0.0.1 and host 10.0.0.2");
  for (const expression of [tcp, v6, gre, hostBpf("2001:db8::1")]) {
    const filter = new OfflineFilter(expression);
    try {
      filter.prepare(1);
    } finally {
      filter.close();
    }
  }
});

Deno.test("pcapHref() asks GET /api/pcap for a filter, a time window or everything", () => {
  assert.equal(pcapHref({}), "/api/pcap");
  assert.equal(pcapHref({ seconds: 60 }), "/api/pcap?seconds=60");
  assert.equal(
    pcapHref({ filter: "host 10.0.0.1 and port 53" }),
    "/api/pcap?filter=host+10.0.0.1+and+port+53",
  );
});
