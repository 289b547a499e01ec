import assert from "node:assert/strict";
import { compilePayloadPattern, parsePayloadRules } from "./payload_rules.ts";
import { MAX_PAYLOAD_RULES } from "./payload_spec.ts";

Deno.test("parsePayloadRules() reads a name and a pattern a line, skipping comments", () => {
  const rules = parsePayloadRules(
    "# what to look for\n\netc-passwd   /etc/passwd\r\nsql.union\t(?i)union\\s+select # not a comment\n",
    '"rules.txt"',
  );
  assert.deepEqual(rules, [
    { name: "etc-passwd", pattern: "/etc/passwd" },
    { name: "sql.union", pattern: "(?i)union\\s+select # not a comment" },
  ]);
});

Deno.test("parsePayloadRules() names the line of a pattern RE2 refuses", () => {
  assert.throws(
    () => parsePayloadRules("ok abc\nbad [a-\n", '"r.txt"'),
    /^SyntaxError: Invalid payload pattern in "r.txt", line 2: .*missing closing \]/,
  );
  // Backreferences and lookaround need backtracking: RE2 has neither.
  assert.throws(() => parsePayloadRules("br (a)\\1", "f"), /line 1: .*invalid escape/);
  assert.throws(() => parsePayloadRules("la (?=x)y", "f"), /line 1: .*Perl syntax/);
  assert.throws(() => parsePayloadRules("lonely", "f"), /line 1: write a name, spaces, a pattern/);
  assert.throws(() => parsePayloadRules("a x\na y", "f"), /line 2: "a" twice/);
  assert.throws(() => parsePayloadRules("# nothing\n", "f"), /No payload rules in f/);
});

Deno.test("parsePayloadRules() refuses more than MAX_PAYLOAD_RULES rules", () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `r${i} x${i}`).join("\n");
  assert.equal(parsePayloadRules(lines(MAX_PAYLOAD_RULES), "f").length, MAX_PAYLOAD_RULES);
  assert.throws(() => parsePayloadRules(lines(MAX_PAYLOAD_RULES + 1), "f"), /at most 64/);
});

Deno.test("a pattern that backtracks exponentially elsewhere is linear in RE2", () => {
  // (a+)+$ against a's ending in b takes 2^n steps in a backtracking engine: at n = 40 that
  // would not finish in this test's lifetime. RE2 answers in one pass.
  const re = compilePayloadPattern("(a+)+$", "test");
  const input = new TextEncoder().encode("a".repeat(40) + "b");
  assert.equal(re.re2().matchUTF8(input), false);
  assert.equal(re.re2().matchUTF8(new TextEncoder().encode("a".repeat(40))), true);
});

Deno.test("re2js keeps the byte matcher the scanner relies on (matchUTF8 on a Uint8Array view)", () => {
  const re = compilePayloadPattern("(?i)union\\s+select", "test");
  const bytes = new TextEncoder().encode("xx UNION   SELECT 1");
  assert.equal(typeof re.re2().matchUTF8, "function");
  assert.equal(re.re2().matchUTF8(bytes.subarray(3)), true);
  assert.equal(re.re2().matchUTF8(bytes.subarray(9)), false);
});
