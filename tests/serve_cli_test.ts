/**
 * Serve mode as a user runs it: `wirescope -r FILE --port 0` serves the file's results, keeps
 * serving after the file ends, and quits cleanly on Ctrl-C.
 */
import assert from "node:assert/strict";
import { capturePath, expectedFor } from "./support/captures.ts";
import { START_FLAGS } from "./support/run_cli.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** Read stderr lines until one matches, within a bound. */
async function waitForLine(
  lines: AsyncIterator<string>,
  pattern: RegExp,
  seen: string[],
): Promise<RegExpExecArray> {
  for (;;) {
    const next = await lines.next();
    if (next.done) throw new Error(`stderr ended before ${pattern}: ${seen.join(" | ")}`);
    seen.push(next.value);
    const match = pattern.exec(next.value);
    if (match) return match;
  }
}

async function* splitLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buffered = "";
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      yield buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
    }
  }
}

Deno.test({
  name: "-r FILE --port serves /stats after the file ends and exits 0 on SIGINT",
  ignore: Deno.build.os === "windows",
  async fn() {
    const name = "http11_wikipedia_lan_mix.pcap";
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", ...START_FLAGS, MAIN, "-r", capturePath(name), "--port", "0"],
      env: { NO_COLOR: "1" },
      stdout: "null",
      stderr: "piped",
      signal: AbortSignal.timeout(60_000),
    }).spawn();
    const seen: string[] = [];
    const lines = splitLines(child.stderr);
    try {
      const listening = await waitForLine(
        lines,
        /dashboard at (http:\/\/127\.0\.0\.1:\d+\/)/,
        seen,
      );
      const url = listening[1]!;
      await waitForLine(lines, /read 136 packets; still serving/, seen);
      const stats = await (await fetch(`${url}stats`)).json();
      const expected = expectedFor(name);
      assert.equal(stats.packets, expected.packets);
      assert.equal(stats.bytes, expected.bytes);
      assert.equal(stats.capture.state, "ended");
      assert.equal(stats.capture.endReason, "eof");
      const page = await fetch(url);
      assert.equal(page.status, 200);
      await page.body?.cancel();
    } finally {
      child.kill("SIGINT");
    }
    const status = await child.status;
    for await (const line of { [Symbol.asyncIterator]: () => lines }) seen.push(line);
    assert.equal(status.code, 0, seen.join("\n"));
  },
});
