import assert from "node:assert/strict";
import { DEFAULT_BIND, DEFAULT_PORT, MAX_INTERFACES, parseOptions, UsageError } from "./options.ts";
import { MAX_KEPT_PAYLOAD_BYTES as MAX_PAYLOAD_BYTES } from "../stats/recent_payloads.ts";

Deno.test("parseOptions() gives the safe defaults: loopback, port 8787, names on, promiscuous", () => {
  const o = parseOptions([]);
  assert.equal(o.bind, DEFAULT_BIND);
  assert.equal(o.port, DEFAULT_PORT);
  assert.equal(o.names, true);
  assert.equal(o.promiscuous, true);
  assert.equal(o.filter, "");
  assert.equal(o.report, undefined);
});

Deno.test("parseOptions() reads a file, a report format and a trailing BPF filter", () => {
  const o = parseOptions(["-r", "a.pcap", "--report", "json", "tcp", "port", "443"]);
  assert.equal(o.read, "a.pcap");
  assert.equal(o.report, "json");
  assert.equal(o.filter, "tcp port 443");
  // --report without a format word is a text report; the words stay the filter.
  const text = parseOptions(["--report", "port", "53"]);
  assert.equal(text.report, "text");
  assert.equal(text.filter, "port 53");
});

Deno.test("parseOptions() reads every flag tcpdump users reach for", () => {
  const o = parseOptions([
    "-i",
    "eth0",
    "-s",
    "96",
    "-p",
    "-B",
    "1024",
    "-c",
    "10",
    "-f",
    "udp",
    "--port",
    "0",
    "--bind",
    "0.0.0.0",
    "--local-net",
    "10.0.0.0/8",
    "--no-names",
    "--resolve",
  ]);
  assert.equal(o.interface, "eth0");
  assert.equal(o.snaplen, 96);
  assert.equal(o.promiscuous, false);
  assert.equal(o.bufferKiB, 1024);
  assert.equal(o.count, 10);
  assert.equal(o.filter, "udp");
  assert.equal(o.port, 0);
  assert.equal(o.bind, "0.0.0.0");
  assert.deepEqual(o.localNets, ["10.0.0.0/8"]);
  assert.equal(o.names, false);
  assert.equal(o.resolve, true);
});

Deno.test("parseOptions() turns bad flags into one-line usage errors", () => {
  const refuses = (args: string[], message: RegExp) =>
    assert.throws(
      () => parseOptions(args),
      (e) => e instanceof UsageError && message.test(e.message),
    );
  refuses(["--frobnicate"], /^Unknown option "--frobnicate"/);
  refuses(["-r"], /^Option "--read" needs a value$/);
  refuses(["-i", "eth0", "-r", "a.pcap"], /Cannot use -i and -r together/);
  refuses(["-f", "udp", "port", "53"], /Cannot use -f and a trailing filter together/);
  refuses(["--port", "70000"], /--port/);
});

Deno.test("parseOptions() takes -i once per interface, in order, each once", () => {
  const o = parseOptions(["-i", "eth0", "--interface", "eth1", "-i", "wlan0"]);
  assert.deepEqual(o.interfaces, ["eth0", "eth1", "wlan0"]);
  assert.equal(o.interface, "eth0");
  assert.deepEqual(parseOptions([]).interfaces, []);
  const refuses = (args: string[], message: RegExp) =>
    assert.throws(
      () => parseOptions(args),
      (e) => e instanceof UsageError && message.test(e.message),
    );
  refuses(["-i", "eth0", "-i", "eth0"], /Cannot capture on "eth0" twice/);
  refuses(["-i", "any", "-i", "eth0"], /Cannot use -i any with other interfaces/);
  const many = Array.from({ length: MAX_INTERFACES + 1 }, (_, i) => ["-i", `eth${i}`]).flat();
  refuses(many, new RegExp(`at most ${MAX_INTERFACES}`));
});

Deno.test("parseOptions() keeps no payload byte unless --payload N asks, N bounded", () => {
  assert.equal(parseOptions([]).payloadBytes, 0);
  assert.equal(parseOptions(["--payload", "64"]).payloadBytes, 64);
  assert.equal(parseOptions([`--payload=${MAX_PAYLOAD_BYTES}`]).payloadBytes, MAX_PAYLOAD_BYTES);
  assert.throws(
    () => parseOptions(["--payload", String(MAX_PAYLOAD_BYTES + 1)]),
    (e) => e instanceof UsageError && /Invalid --payload/.test(e.message),
  );
  assert.throws(() => parseOptions(["--payload", "lots"]), UsageError);
});

Deno.test("--keep SIZE reads sizes as -C does, within 1m to 1g, and only where it is served", () => {
  assert.equal(parseOptions([]).keepBytes, 0);
  assert.equal(parseOptions(["--keep", "64m"]).keepBytes, 64 * 1_048_576);
  assert.equal(parseOptions(["--keep=1G"]).keepBytes, 1_073_741_824);
  assert.equal(parseOptions(["--keep", "2"]).keepBytes, 2_000_000);
  assert.throws(() => parseOptions(["--keep", "512k"]), /Invalid --keep "512k": expected from 1m/);
  assert.throws(() => parseOptions(["--keep", "2g"]), /Invalid --keep "2g"/);
  assert.throws(() => parseOptions(["--keep", "lots"]), /Invalid --keep "lots"/);
  assert.throws(
    () => parseOptions(["-r", "f.pcap", "--report", "--keep", "8m"]),
    /Cannot use --keep with --report or -c/,
  );
});
