import assert from "node:assert/strict";
import { parseOptions, UsageError } from "./options.ts";

Deno.test("--ipfix takes an IPv4 or bracketed IPv6 collector and a port; --ipfix-biflow", () => {
  assert.deepEqual(parseOptions(["--ipfix", "127.0.0.1:4739"]).ipfix, {
    host: "127.0.0.1",
    port: 4739,
    biflow: false,
  });
  assert.deepEqual(parseOptions(["--ipfix=[::1]:2055", "--ipfix-biflow"]).ipfix, {
    host: "::1",
    port: 2055,
    biflow: true,
  });
  assert.equal(parseOptions([]).ipfix, undefined);
});

Deno.test("--ipfix refuses names, missing or out-of-range ports, and a lone --ipfix-biflow", () => {
  for (
    const [args, message] of [
      [["--ipfix", "collector.example:4739"], /expected a collector's IP address and port/],
      [["--ipfix", "127.0.0.1"], /expected a collector's IP address and port/],
      [["--ipfix", "300.0.0.1:4739"], /expected a collector's IP address and port/],
      [["--ipfix", "::1:4739"], /expected a collector's IP address and port/],
      [["--ipfix", "127.0.0.1:0"], /the port must be 1 to 65535/],
      [["--ipfix", "127.0.0.1:65536"], /the port must be 1 to 65535/],
      [["--ipfix-biflow"], /Cannot use --ipfix-biflow without --ipfix/],
    ] as const
  ) {
    assert.throws(() => parseOptions([...args]), (e: unknown) => {
      assert.ok(e instanceof UsageError, String(e));
      assert.match(e.message, message);
      return true;
    });
  }
});
