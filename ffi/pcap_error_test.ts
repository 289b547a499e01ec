import assert from "node:assert/strict";
import { pcapError, PcapStatus, permissionHint } from "./pcap_error.ts";

Deno.test("pcapError() explains sudo and setcap on permission denied", () => {
  const error = pcapError(
    'capture on "eth0"',
    PcapStatus.permissionDenied,
    "socket: Operation not permitted",
  );
  assert.equal(error.kind, "permission");
  assert.match(error.message, /^Cannot capture on "eth0": permission denied/);
  assert.match(error.message, /sudo/);
  assert.match(error.message, /setcap cap_net_raw,cap_net_admin\+eip/);
});

Deno.test("pcapError() recognises EPERM text behind a generic error", () => {
  const error = pcapError("capture", PcapStatus.error, "socket: Operation not permitted");
  assert.equal(error.kind, "permission");
});

Deno.test("pcapError() names a missing device", () => {
  const error = pcapError('capture on "eth9"', PcapStatus.noSuchDevice, "");
  assert.equal(error.kind, "no-such-device");
  assert.equal(error.message, 'Cannot capture on "eth9": no such device');
});

Deno.test("permissionHint() differs per OS", () => {
  assert.notEqual(permissionHint("linux"), permissionHint("darwin"));
  assert.match(permissionHint("windows"), /Administrator/);
});
