/**
 * tshark reading a capture file field by field, one line a frame, fields tab-separated; and its
 * per-frame line used to compare two files: epoch time to the nanosecond, wire length, captured
 * length and the MD5 of the bytes. Two files hold the same packets, lengths and timestamps
 * exactly when their `tsharkFrames` lines are equal.
 */
import assert from "node:assert/strict";

/** One line a frame: the named fields (`-T fields -e ...`), after any `options` given first. */
export async function tsharkFields(
  path: string,
  fields: string[],
  options: string[] = [],
): Promise<string[]> {
  const out = await new Deno.Command("tshark", {
    args: ["-r", path, ...options, "-T", "fields", ...fields.flatMap((f) => ["-e", f])],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, `tshark cannot read ${path}: ${new TextDecoder().decode(out.stderr)}`);
  const text = new TextDecoder().decode(out.stdout).trimEnd();
  return text === "" ? [] : text.split("\n");
}

/** `tsharkFields` of bytes not yet in a file (a download): written to a temporary one. */
export async function tsharkFieldsOfBytes(
  bytes: Uint8Array,
  suffix: string,
  fields: string[],
): Promise<string[]> {
  const path = await Deno.makeTempFile({ suffix });
  try {
    await Deno.writeFile(path, bytes);
    return await tsharkFields(path, fields);
  } finally {
    await Deno.remove(path);
  }
}

export function tsharkFrames(path: string): Promise<string[]> {
  return tsharkFields(
    path,
    ["frame.time_epoch", "frame.len", "frame.cap_len", "frame.md5_hash"],
    ["-o", "frame.generate_md5_hash:TRUE"],
  );
}
