/**
 * Nothing acknowledged is lost: wirescope serving with a history database is killed with SIGKILL
 * while clients create and acknowledge alerts as fast as it answers; every alert whose creation
 * was answered 201, and every acknowledgement answered 200, is in the database afterwards, and
 * in /api/alerts once wirescope is started again on the same file.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { capturePath } from "./support/captures.ts";
import { CliServer } from "./support/dashboard_server.ts";
import type { Alert } from "../alerts/alert.ts";

const PCAP = capturePath("icmp_echo_5_pings.pcap");
/** Clients writing at once: more than one, so commits interleave. */
const WRITERS = 6;
/** How long the writers run before the kill: long enough for hundreds of commits. */
const WRITE_MS = 2500;

Deno.test("SIGKILL during heavy writes loses no acknowledged alert", async () => {
  const dir = await Deno.makeTempDir({ prefix: "wirescope-kill-" });
  const db = `${dir}/history.db`;
  const created = new Map<number, string>();
  const acknowledged = new Set<number>();
  let server = await CliServer.start(["-r", PCAP, "--db", db]);
  try {
    let writing = true;
    const writer = async (w: number) => {
      for (let n = 0; writing; n++) {
        const message = `writer ${w} alert ${n}`;
        try {
          const response = await fetch(`${server.url}api/alerts`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ severity: "warning", subject: `10.9.${w}.${n % 250}`, message }),
          });
          if (response.status !== 201) {
            await response.body?.cancel();
            continue;
          }
          const { alert } = await response.json() as { alert: Alert };
          created.set(alert.id, message);
          if (n % 2 === 0) {
            const ack = await fetch(`${server.url}api/alerts/${alert.id}`, {
              method: "PATCH",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ acknowledged: true }),
            });
            await ack.body?.cancel();
            if (ack.status === 200) acknowledged.add(alert.id);
          }
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    await new Promise((r) => setTimeout(r, WRITE_MS));
    // Killed mid-flight: requests are still being answered when the process disappears.
    await server.stop("SIGKILL");
    writing = false;
    await Promise.all(writers);
    // A sanity floor, low enough for a loaded CI machine (an idle one writes 800+).
    assert.ok(created.size >= 20, `only ${created.size} alerts were written before the kill`);
    assert.ok(acknowledged.size >= 10, `only ${acknowledged.size} acknowledgements`);
    console.log(`${created.size} alerts and ${acknowledged.size} acknowledgements answered`);

    // The file as the kill left it (WAL not checkpointed): consistent, and holding everything.
    const raw = new DatabaseSync(db);
    assert.equal(
      (raw.prepare("PRAGMA integrity_check").get() as { integrity_check: string })
        .integrity_check,
      "ok",
    );
    const rows = new Map(
      (raw.prepare("SELECT id, message, acknowledged_ms FROM alerts").all() as {
        id: number;
        message: string;
        acknowledged_ms: number | null;
      }[]).map((r) => [r.id, r]),
    );
    raw.close();
    for (const [id, message] of created) {
      assert.equal(rows.get(id)?.message, message, `alert ${id}`);
    }
    for (const id of acknowledged) {
      assert.notEqual(rows.get(id)?.acknowledged_ms ?? null, null, `acknowledgement of ${id}`);
    }

    // Started again on the same file, wirescope shows them all.
    server = await CliServer.start(["-r", PCAP, "--db", db]);
    const response = await fetch(`${server.url}api/alerts?format=ndjson&acknowledged=true`);
    const listed = new Set(
      (await response.text()).trim().split("\n").map((line) => (JSON.parse(line) as Alert).id),
    );
    for (const id of acknowledged) assert.ok(listed.has(id), `alert ${id} after the restart`);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
