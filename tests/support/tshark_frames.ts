/**
 * tshark's view of every frame of a capture file, one line a frame: epoch time to the
 * nanosecond, wire length, captured length and the MD5 of the bytes, tab-separated. Two files
 * hold the same packets, lengths and timestamps exactly when their lines are equal.
 */
import assert from "node:assert/strict";

export async function tsharkFrames(path: string): Promise<string[]> {
  const out = await new Deno.Command("tshark", {
    args: [
      "-r",
      path,
      "-o",
      "frame.generate_md5_hash:TRUE",
      "-T",
      "fields",
      "-e",
      "frame.time_epoch",
      "-e",
      "frame.len",
      "-e",
      "frame.cap_len",
      "-e",
      "frame.md5_hash",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, `tshark cannot read ${path}: ${new TextDecoder().decode(out.stderr)}`);
  const text = new TextDecoder().decode(out.stdout).trimEnd();
  return text === "" ? [] : text.split("\n");
}
