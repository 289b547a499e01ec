import assert from "node:assert/strict";
import { ConnectionGate } from "./connection_gate.ts";

/** An HTTP server behind a gate on 127.0.0.1; the handler answers with the client it was told. */
function gated(options: { maxConnections?: number; headerReadTimeoutMs?: number }) {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (_r, info) => {
    const relay = info.remoteAddr as Deno.NetAddr;
    return new Response(`client ${gate.clientOf(relay.port)}`);
  });
  const gate: ConnectionGate = new ConnectionGate(Deno.listen({ hostname: "127.0.0.1", port: 0 }), {
    upstreamPort: (server.addr as Deno.NetAddr).port,
    ...options,
  });
  const port = gate.addr.port;
  return {
    gate,
    port,
    async close() {
      gate.close();
      await server.shutdown();
    },
  };
}

async function readAll(conn: Deno.Conn): Promise<string> {
  const buffer = new Uint8Array(4096);
  let text = "";
  for (;;) {
    const n = await conn.read(buffer).catch(() => null);
    if (n === null) return text;
    text += new TextDecoder().decode(buffer.subarray(0, n));
  }
}

Deno.test("ConnectionGate relays requests and tells the server the real client", async () => {
  const { port, close } = gated({});
  try {
    const response = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(await response.text(), "client 127.0.0.1");
    // Keep-alive: a second request on the same connection is relayed too.
    assert.equal(await (await fetch(`http://127.0.0.1:${port}/again`)).text(), "client 127.0.0.1");
  } finally {
    await close();
  }
});

Deno.test("ConnectionGate drops a client that does not finish its request head in time", async () => {
  const { gate, port, close } = gated({ headerReadTimeoutMs: 300 });
  try {
    const slow = await Deno.connect({ hostname: "127.0.0.1", port });
    await slow.write(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n"));
    const started = performance.now();
    // Should the gate never drop it, the test ends the wait itself (and fails below).
    const giveUp = setTimeout(() => slow.close(), 5000);
    assert.equal(await readAll(slow), "", "closed without an answer");
    const waited = performance.now() - started;
    clearTimeout(giveUp);
    assert.ok(waited >= 250 && waited < 5000, `closed after ${waited} ms`);
    try {
      slow.close();
    } catch {
      // Closed by the give-up timer.
    }
    assert.equal(gate.timedOut, 1);
    // A client that sends its head at once is answered, and not dropped when the timer fires.
    const quick = await Deno.connect({ hostname: "127.0.0.1", port });
    await quick.write(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    await new Promise((r) => setTimeout(r, 500));
    await quick.write(
      new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    );
    const answers = await readAll(quick);
    assert.equal(answers.match(/HTTP\/1.1 200/g)?.length, 2, answers);
    quick.close();
    assert.equal(gate.timedOut, 1);
  } finally {
    await close();
  }
});

Deno.test("ConnectionGate answers 503 with Retry-After past its connection cap", async () => {
  const { gate, port, close } = gated({ maxConnections: 2 });
  const held: Deno.Conn[] = [];
  try {
    for (let i = 0; i < 2; i++) held.push(await Deno.connect({ hostname: "127.0.0.1", port }));
    await new Promise((r) => setTimeout(r, 100));
    const third = await Deno.connect({ hostname: "127.0.0.1", port });
    const answer = await readAll(third);
    third.close();
    assert.match(answer, /^HTTP\/1.1 503 /);
    assert.match(answer, /retry-after: 5\r\n/);
    const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
    assert.equal(body.error.status, 503);
    assert.equal(gate.refused, 1);
    // Once one leaves, a new connection is served again.
    held.pop()!.close();
    await new Promise((r) => setTimeout(r, 100));
    const response = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(response.status, 200);
    await response.body?.cancel();
  } finally {
    for (const conn of held) conn.close();
    await close();
  }
});
