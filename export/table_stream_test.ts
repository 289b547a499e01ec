import assert from "node:assert/strict";
import { csvStream, csvText, ndjsonStream, ROWS_PER_CHUNK } from "./table_stream.ts";
import type { Column } from "./table_columns.ts";

interface Row {
  name: string;
  n: number;
}
const COLUMNS: Column<Row>[] = [
  { name: "name", value: (r) => r.name },
  { name: "n", value: (r) => r.n },
];

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return await new Response(stream).text();
}

Deno.test("csvStream() writes a header row, then one record per row", async () => {
  const body = await text(csvStream(COLUMNS, [{ name: "a,b", n: 1 }, { name: "c", n: 2 }]));
  assert.equal(body, 'name,n\r\n"a,b",1\r\nc,2\r\n');
});

Deno.test("csvStream() of no rows is the header row alone", async () => {
  assert.equal(await text(csvStream(COLUMNS, [])), "name,n\r\n");
});

Deno.test("csvText() is the same text as csvStream()", async () => {
  const rows = Array.from({ length: 600 }, (_, i) => ({ name: `row ${i}`, n: i }));
  assert.equal(csvText(COLUMNS, rows), await text(csvStream(COLUMNS, rows)));
});

Deno.test("ndjsonStream() writes one JSON document per line, newlines escaped", async () => {
  const rows = [{ name: "two\nlines", n: 1 }, { name: "x", n: 2 }];
  const lines = (await text(ndjsonStream(rows))).split("\n");
  assert.equal(lines.pop(), "", "the last line ends in a newline too");
  assert.deepEqual(lines.map((l) => JSON.parse(l)), rows);
});

Deno.test("ndjsonStream() serialises rows only as the reader pulls them", async () => {
  let produced = 0;
  function* rows() {
    for (let i = 0; i < 10 * ROWS_PER_CHUNK; i++) {
      produced++;
      yield { name: "row", n: i };
    }
  }
  const reader = ndjsonStream(rows()).getReader();
  const first = await reader.read();
  assert.ok(first.value && first.value.length > 0);
  // The stream's queue may ask for one chunk ahead, never for the whole table.
  assert.ok(produced <= 2 * ROWS_PER_CHUNK + 1, `${produced} rows serialised after one read`);
  await reader.cancel();
});
