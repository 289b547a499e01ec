import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { FlowCollector } from "./flow_collector.ts";
import { listenForFlows } from "./udp_listener.ts";
import { ip4, ipfix, set, templateRecord, u32 } from "./_test_datagrams.ts";
import { IE } from "./information_elements.ts";

const DATAGRAM = ipfix([
  set(
    2,
    templateRecord(256, [[IE.sourceIPv4Address, 4], [IE.destinationIPv4Address, 4], [
      IE.packetDeltaCount,
      4,
    ]]),
  ),
  set(256, [...ip4("10.0.0.1"), ...ip4("10.0.0.2"), ...u32(3)]),
]);

for (const host of ["127.0.0.1", "::1"]) {
  Deno.test(`listenForFlows() on ${host}: port 0 takes a free one, datagrams reach the collector, close() ends it`, async () => {
    let packets = 0;
    const collector = new FlowCollector((flow) => packets += flow.packets);
    const listener = await listenForFlows(host, 0, collector);
    assert.ok(listener.port > 0);
    assert.equal(
      listener.listen,
      host.includes(":") ? `udp:[${host}]:${listener.port}` : `udp:${host}:${listener.port}`,
    );
    const sender = createSocket(host.includes(":") ? "udp6" : "udp4");
    try {
      for (let i = 0; i < 3; i++) {
        await new Promise<void>((resolve, reject) =>
          sender.send(DATAGRAM, listener.port, host, (error) => error ? reject(error) : resolve())
        );
      }
      for (let waited = 0; packets < 9 && waited < 5000; waited += 20) {
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(packets, 9);
      assert.equal(collector.summary("x").exporters[0]!.address, host);
      assert.equal(listener.faults(), 0);
    } finally {
      sender.close();
      await listener.close();
      await listener.close();
    }
  });
}

Deno.test("listenForFlows() on an address it cannot have rejects with one line naming it", async () => {
  const collector = new FlowCollector(() => {});
  await assert.rejects(listenForFlows("192.0.2.1", 2055, collector), (error: Error) => {
    assert.match(error.message, /^Cannot listen for flows on udp:192\.0\.2\.1:2055: [^\n]+$/);
    return true;
  });
});
