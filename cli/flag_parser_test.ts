import assert from "node:assert/strict";
import { FlagError, parseFlags } from "./flag_parser.ts";

const SPECS = {
  read: { type: "string", short: "r" },
  count: { type: "string", short: "c" },
  "no-promisc": { type: "boolean", short: "p" },
  "list-interfaces": { type: "boolean", short: "D" },
  "local-net": { type: "string", multiple: true },
} as const;

Deno.test("parseFlags() reads long flags with a separate or an = value", () => {
  const { values } = parseFlags(["--read", "a.pcap", "--count=5"], SPECS);
  assert.deepEqual(values, { read: "a.pcap", count: "5" });
});

Deno.test("parseFlags() reads short flags, attached values and grouped booleans", () => {
  assert.deepEqual(parseFlags(["-r", "a.pcap", "-c5"], SPECS).values, {
    read: "a.pcap",
    count: "5",
  });
  assert.deepEqual(parseFlags(["-pD"], SPECS).values, {
    "no-promisc": true,
    "list-interfaces": true,
  });
  // A string flag ends a group and takes the rest of the word.
  assert.deepEqual(parseFlags(["-pc7"], SPECS).values, { "no-promisc": true, count: "7" });
});

Deno.test("parseFlags() takes '-' as a value but refuses a flag where a value should be", () => {
  assert.deepEqual(parseFlags(["-r", "-"], SPECS).values, { read: "-" });
  // A forgotten value: not a file called "-c" and a filter "5".
  for (const args of [["-r", "-c", "5"], ["--read", "--count"], ["-pr", "-D"]]) {
    assert.throws(
      () => parseFlags(args, SPECS),
      (e) =>
        e instanceof FlagError && /^Option "--read" needs a value, got the flag "-/.test(e.message),
      args.join(" "),
    );
  }
  // On purpose, attached.
  assert.deepEqual(parseFlags(["--read=-p"], SPECS).values, { read: "-p" });
  assert.deepEqual(parseFlags(["-r-p"], SPECS).values, { read: "-p" });
});

Deno.test("parseFlags() keeps words and everything after -- as positionals", () => {
  const parsed = parseFlags(["-p", "port", "53", "--", "-r", "x"], SPECS);
  assert.deepEqual(parsed.values, { "no-promisc": true });
  assert.deepEqual(parsed.positionals, ["port", "53", "-r", "x"]);
  assert.deepEqual(parseFlags(["-"], SPECS).positionals, ["-"]);
});

Deno.test("parseFlags() collects a multiple flag and lets a repeated single one win last", () => {
  const { values } = parseFlags(
    ["--local-net", "10.0.0.0/8", "--count", "1", "--local-net=192.0.2.0/24", "-c", "2"],
    SPECS,
  );
  assert.deepEqual(values, { "local-net": ["10.0.0.0/8", "192.0.2.0/24"], count: "2" });
});

Deno.test("parseFlags() refuses unknown flags, missing values and values on booleans", () => {
  const refuses = (args: string[], message: string) =>
    assert.throws(
      () => parseFlags(args, SPECS),
      (e) => e instanceof FlagError && e.message === message,
    );
  refuses(["--frobnicate"], 'Unknown option "--frobnicate": see wirescope --help');
  refuses(["-x"], 'Unknown option "-x": see wirescope --help');
  refuses(["-px"], 'Unknown option "-x": see wirescope --help');
  refuses(["--read"], 'Option "--read" needs a value');
  refuses(["-r"], 'Option "--read" needs a value');
  refuses(["--no-promisc=yes"], 'Option "--no-promisc" takes no value');
  // Names of Object.prototype are not flags.
  refuses(["--constructor"], 'Unknown option "--constructor": see wirescope --help');
});
