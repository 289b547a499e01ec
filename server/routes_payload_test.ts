import assert from "node:assert/strict";
import { payloadRoute } from "./routes_payload.ts";
import { Router } from "./router.ts";

function serve(bytesPerPacket: number) {
  const router = new Router().add(
    "/api/packets/payload",
    payloadRoute({
      bytesPerPacket,
      payload: (seq) => seq === 7 ? { seq: 7, captured: 20, hex: "68656c6c6f" } : null,
    }),
  );
  return (path: string) => router.handle(new Request(`http://localhost${path}`));
}

Deno.test("GET /api/packets/payload answers 404 saying how to ask when nothing is kept", async () => {
  const res = await serve(0)("/api/packets/payload?seq=7");
  assert.equal(res.status, 404);
  assert.match((await res.json()).error.message, /--payload N/);
});

Deno.test("GET /api/packets/payload gives a kept packet's bytes, 404 for one gone", async () => {
  const get = serve(16);
  const res = await get("/api/packets/payload?seq=7");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    seq: 7,
    captured: 20,
    hex: "68656c6c6f",
    bytesPerPacket: 16,
  });
  assert.equal((await get("/api/packets/payload?seq=8")).status, 404);
  const missing = await get("/api/packets/payload");
  assert.equal(missing.status, 400);
  assert.equal((await missing.json()).error.parameter, "seq");
  assert.equal((await get("/api/packets/payload?seq=x")).status, 400);
});
