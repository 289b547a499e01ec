import assert from "node:assert/strict";
import { parseAddress } from "../../../net/ip_format.ts";
import { MMDB_NOT_FOUND, MmdbReader } from "../mmdb_reader.ts";
import { type AsnRow, buildAsnDatabase, parseAsnCsv } from "./update.ts";

const CSV = [
  '1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."',
  '1.0.160.0,1.0.160.255,43492,"""Electronics Box"" Magierski"',
  '1.0.161.0,1.0.161.255,43492,"""Electronics Box"" Magierski"',
  "2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC",
  "9.9.9.0,9.9.9.255,19281,",
].join("\n");

Deno.test("parseAsnCsv() reads quoted organizations with commas and doubled quotes", () => {
  const rows = [...parseAsnCsv(CSV)];
  assert.equal(rows.length, 5);
  assert.equal(rows[0]!.organization, "Cloudflare, Inc.");
  assert.equal(rows[1]!.organization, '"Electronics Box" Magierski');
  assert.equal(rows[3]!.asn, 15169);
  assert.equal(rows[4]!.organization, "");
  assert.equal(rows[0]!.first, 0x01000000n);
});

Deno.test("parseAsnCsv() names the line it cannot parse", () => {
  assert.throws(() => [...parseAsnCsv("1.0.0.0,banana,1,x")], {
    message: 'Cannot parse ASN CSV line: "1.0.0.0,banana,1,x"',
  });
});

Deno.test("buildAsnDatabase() answers in GeoLite2-ASN layout and merges adjacent rows", () => {
  const rows: AsnRow[] = [...parseAsnCsv(CSV)];
  const bytes = buildAsnDatabase(rows, 0);
  const reader = new MmdbReader(bytes);
  const r = {
    get(ip: string) {
      const at = reader.lookup(parseAddress(ip)!.bytes);
      return at === MMDB_NOT_FOUND ? null : reader.record(at);
    },
    getWithPrefixLength(ip: string) {
      return [this.get(ip), reader.prefixLength] as const;
    },
  };
  assert.deepEqual(r.get("1.0.0.1"), {
    autonomous_system_number: 13335,
    autonomous_system_organization: "Cloudflare, Inc.",
  });
  assert.deepEqual(r.getWithPrefixLength("1.0.161.1")[1], 23, "two /24s merged into one /23");
  assert.equal(
    (r.get("2001:4860::1") as Record<string, unknown>)["autonomous_system_number"],
    15169,
  );
  assert.deepEqual(r.get("9.9.9.9"), { autonomous_system_number: 19281 });
  assert.equal(r.get("1.0.1.0"), null);
});
