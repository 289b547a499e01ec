import assert from "node:assert/strict";
import { addressLabel } from "./address_label.ts";
import type { AddressInfo } from "./page_stats.ts";

const PUBLIC: AddressInfo = {
  name: "pitangui.amazon.com",
  country: "US",
  asn: 16509,
  asOrganization: "Amazon.com, Inc.",
  class: "global",
  local: false,
};

Deno.test("addressLabel() gives a public address its name, flag and AS in the tooltip", () => {
  assert.deepEqual(addressLabel(PUBLIC), {
    name: "pitangui.amazon.com",
    flag: "\u{1F1FA}\u{1F1F8}",
    tag: null,
    title: "US · AS16509 Amazon.com, Inc.",
  });
});

Deno.test("addressLabel() tags a local address 'local' instead of a flag", () => {
  const label = addressLabel({
    name: null,
    country: null,
    asn: null,
    asOrganization: null,
    class: "private",
    local: true,
  });
  assert.equal(label?.tag, "local");
  assert.equal(label?.flag, null);
  assert.equal(label?.title, "in a local network · private address");
});

Deno.test("addressLabel() tags a private address outside the local networks by its class", () => {
  const label = addressLabel({ ...PUBLIC, country: null, asn: null, class: "private" });
  assert.equal(label?.tag, "private");
  assert.equal(label?.flag, null);
  assert.equal(addressLabel({ ...PUBLIC, class: "multicast", country: null })?.tag, "multicast");
});

Deno.test("addressLabel() gives null for an unknown address and no flag without a country", () => {
  assert.equal(addressLabel(undefined), null);
  const label = addressLabel({ ...PUBLIC, name: null, country: null, asn: null });
  assert.deepEqual(label, { name: null, flag: null, tag: null, title: "" });
});
