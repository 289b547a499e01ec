/**
 * tshark's packet-length statistic (`-z plen,tree`) read from its printed table, and the check
 * that a `packetLengths` document (stats/packet_lengths.ts) holds the same figures: per bucket and
 * for every frame, the count, smallest and largest length, and the mean (tshark prints it to two
 * decimals). Both count wire lengths (`frame.len`).
 */
import assert from "node:assert/strict";

/** One row of tshark's table: "Packet Lengths" (every frame) or a bucket's label. */
interface PlenRow {
  count: number;
  /** null where tshark prints "-" (an empty bucket). */
  mean: number | null;
  min: number | null;
  max: number | null;
}

/** tshark's table: label -> row ("Packet Lengths", "0-19", ..., "5120 and greater"). */
export async function tsharkPacketLengths(file: string): Promise<Map<string, PlenRow>> {
  const out = await new Deno.Command("tshark", {
    args: ["-n", "-r", file, "-q", "-z", "plen,tree"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  const rows = new Map<string, PlenRow>();
  const line = /^\s*(Packet Lengths|\d+-\d+|\d+ and greater)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)/;
  const value = (text: string) => (text === "-" ? null : Number(text));
  for (const text of new TextDecoder().decode(out.stdout).split("\n")) {
    const m = line.exec(text);
    if (!m) continue;
    rows.set(m[1]!, {
      count: Number(m[2]),
      mean: value(m[3]!),
      min: value(m[4]!),
      max: value(m[5]!),
    });
  }
  assert.equal(rows.size, 11, "tshark printed the total and ten buckets");
  return rows;
}

interface OurRow {
  packets: number;
  min: number | null;
  max: number | null;
  mean: number | null;
}

function assertRow(ours: OurRow, theirs: PlenRow, what: string): void {
  assert.equal(ours.packets, theirs.count, `${what}: count`);
  if (theirs.count === 0) {
    assert.deepEqual([ours.min, ours.max, ours.mean], [null, null, null], `${what}: empty`);
    return;
  }
  assert.equal(ours.min, theirs.min, `${what}: min`);
  assert.equal(ours.max, theirs.max, `${what}: max`);
  // tshark rounds the mean to two decimals: ours must round to the same figure.
  assert.ok(ours.mean !== null, `${what}: mean`);
  assert.ok(
    Math.abs(ours.mean - theirs.mean!) <= 0.005 + 1e-9,
    `${what}: mean ${ours.mean} is not tshark's ${theirs.mean}`,
  );
}

/** `packetLengths` of a /stats document or `--report json`, as far as the check reads it. */
export interface PacketLengthsDocument extends OurRow {
  buckets: (OurRow & { range: string })[];
}

/** Every bucket of `ours` and its totals equal tshark's `theirs`. */
export function assertPacketLengths(
  ours: PacketLengthsDocument,
  theirs: Map<string, PlenRow>,
): void {
  assertRow(ours, theirs.get("Packet Lengths")!, "all frames");
  assert.equal(ours.buckets.length, 10, "ten buckets");
  for (const bucket of ours.buckets) {
    const row = theirs.get(bucket.range);
    assert.ok(row, `tshark has no bucket "${bucket.range}"`);
    assertRow(bucket, row, bucket.range);
  }
}
