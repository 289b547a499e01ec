import assert from "node:assert/strict";
import { isServicePort, portServiceName, serviceName, servicePort } from "./services.ts";

Deno.test("portServiceName() knows the common IANA services per transport", () => {
  assert.equal(portServiceName(6, 443), "https");
  assert.equal(portServiceName(17, 443), "quic");
  assert.equal(portServiceName(17, 53), "dns");
  assert.equal(portServiceName(17, 5353), "mdns");
  assert.equal(portServiceName(6, 123), null);
  assert.equal(portServiceName(1, 80), null);
  assert.equal(portServiceName(6, 70000), null);
});

Deno.test("servicePort() prefers the known service port, then the lower port", () => {
  assert.equal(servicePort(6, 51000, 443), 443);
  assert.equal(servicePort(6, 443, 51000), 443);
  assert.equal(servicePort(17, 123, 123), 123);
  assert.equal(servicePort(6, 50000, 9999), 9999);
  assert.equal(servicePort(17, 53, 5353), 53);
  assert.equal(serviceName(6, 60000, 22), "ssh");
  assert.ok(isServicePort(17, 1900));
  assert.ok(!isServicePort(17, 1901));
});
