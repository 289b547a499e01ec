import assert from "node:assert/strict";
import { interfaceIndex } from "./interface_index.ts";

Deno.test("interfaceIndex() gives lo the index the kernel gave it, and an unknown name 0", () => {
  if (Deno.build.os === "linux") {
    // The kernel's own answer, read the way a root shell would.
    const out = new Deno.Command("cat", { args: ["/sys/class/net/lo/ifindex"] }).outputSync();
    assert.equal(interfaceIndex("lo"), Number(new TextDecoder().decode(out.stdout).trim()));
  }
  assert.equal(interfaceIndex("no-such-if0"), 0);
});
