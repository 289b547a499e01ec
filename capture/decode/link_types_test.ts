import assert from "node:assert/strict";
import { dltName } from "./link_types.ts";

Deno.test("dltName() gives libpcap's names for the link types of the shared captures", () => {
  assert.equal(dltName(0), "NULL");
  assert.equal(dltName(1), "EN10MB");
  assert.equal(dltName(12), "RAW");
  assert.equal(dltName(101), "RAW");
  assert.equal(dltName(105), "IEEE802_11");
  assert.equal(dltName(108), "LOOP");
  assert.equal(dltName(113), "LINUX_SLL");
  assert.equal(dltName(127), "IEEE802_11_RADIO");
  assert.equal(dltName(228), "IPV4");
  assert.equal(dltName(274), "ETHERNET_MPACKET");
  assert.equal(dltName(276), "LINUX_SLL2");
});

Deno.test("dltName() returns undefined for values libpcap does not name", () => {
  for (const dlt of [-1, 2, 147, 277, 65535, 1.5, NaN]) assert.equal(dltName(dlt), undefined);
});

/** The installed libpcap, if any: the test below compares against it. */
function openLibpcap() {
  for (const path of ["libpcap.so.1", "libpcap.so.0.8", "libpcap.so"]) {
    try {
      return Deno.dlopen(
        path,
        {
          pcap_datalink_val_to_name: { parameters: ["i32"], result: "pointer" },
        } as const,
      );
    } catch {
      // Try the next name.
    }
  }
  return undefined;
}

const libpcap = openLibpcap();

Deno.test({
  name: "dltName() matches pcap_datalink_val_to_name() for every value up to 1023",
  ignore: libpcap === undefined,
  fn() {
    const lib = libpcap!;
    try {
      // 14 and 101 are named "RAW" on purpose: decodeFrame() reads them as raw IP.
      for (let dlt = 0; dlt < 1024; dlt++) {
        if (dlt === 14 || dlt === 101) continue;
        const pointer: Deno.PointerValue = lib.symbols.pcap_datalink_val_to_name(dlt);
        const expected: string | undefined = pointer === null
          ? undefined
          : new Deno.UnsafePointerView(pointer).getCString();
        assert.equal(dltName(dlt), expected, `DLT ${dlt}`);
      }
    } finally {
      lib.close();
    }
  },
});
