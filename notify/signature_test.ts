import assert from "node:assert/strict";
import { signBody } from "./signature.ts";

Deno.test("signBody() is HMAC-SHA256 (RFC 4231 test case 2)", async () => {
  assert.equal(
    await signBody("Jefe", "what do ya want for nothing?"),
    "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
  );
});
