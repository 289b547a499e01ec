import assert from "node:assert/strict";
import { csvField, csvRecord } from "./csv.ts";

Deno.test("csvField() quotes only what RFC 4180 requires and doubles quotes", () => {
  assert.equal(csvField("plain"), "plain");
  assert.equal(csvField("a,b"), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField("two\nlines"), '"two\nlines"');
  assert.equal(csvField("cr\rhere"), '"cr\rhere"');
  assert.equal(csvField(""), "");
});

Deno.test("csvField() writes numbers and booleans as text and null as an empty field", () => {
  assert.equal(csvField(42), "42");
  assert.equal(csvField(-1.5), "-1.5");
  assert.equal(csvField(true), "true");
  assert.equal(csvField(null), "");
  assert.equal(csvField(undefined), "");
});

Deno.test("csvField() defuses names a spreadsheet would run as formulas", () => {
  assert.equal(csvField('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
  assert.equal(csvField("+1"), "'+1");
  assert.equal(csvField("-cmd"), "'-cmd");
  assert.equal(csvField("@SUM(A1)"), "'@SUM(A1)");
  assert.equal(csvField("a=b"), "a=b");
});

Deno.test("csvRecord() ends every record in CRLF", () => {
  assert.equal(csvRecord(["a", 1, null, "b,c"]), 'a,1,,"b,c"\r\n');
  assert.equal(csvRecord([]), "\r\n");
});

Deno.test("Python's csv module reads csvRecord() output back field for field", async () => {
  const rows = [
    ["name", "count", "note"],
    ["example.com", "3", ""],
    ["a,b", "0", 'quote " inside'],
    ["multi\nline", "12", "tab\there"],
    ["ünïcödé ✓", "7", "trailing space "],
  ];
  const text = rows.map((r) => csvRecord(r)).join("");
  const script = "import csv, json, sys\n" +
    "print(json.dumps(list(csv.reader(sys.stdin, strict=True))))";
  const child = new Deno.Command("python3", {
    args: ["-c", script],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const out = await child.output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.deepEqual(JSON.parse(new TextDecoder().decode(out.stdout)), rows);
});
