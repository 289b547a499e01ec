import assert from "node:assert/strict";
import {
  cString,
  errbufText,
  LIBPCAP_ENV,
  libpcapCandidates,
  libpcapInstallHint,
  libpcapVersion,
} from "./libpcap.ts";

const noEnv = () => undefined;

Deno.test("libpcapCandidates() tries the soname of every Linux family", () => {
  assert.deepEqual(libpcapCandidates("linux", noEnv), [
    "libpcap.so.1",
    "libpcap.so.0.8",
    "libpcap.so",
  ]);
});

Deno.test("libpcapCandidates() uses macOS's system dylib and Npcap's absolute path", () => {
  assert.equal(libpcapCandidates("darwin", noEnv)[0], "/usr/lib/libpcap.A.dylib");
  const windows = libpcapCandidates("windows", (n) => n === "SystemRoot" ? "D:\\Win" : undefined);
  assert.equal(windows[0], "D:\\Win\\System32\\Npcap\\wpcap.dll");
});

Deno.test("libpcapCandidates() tries only the override when the environment names one", () => {
  const env = (name: string) => name === LIBPCAP_ENV ? "/opt/pcap/libpcap.so.1" : undefined;
  assert.deepEqual(libpcapCandidates("linux", env), ["/opt/pcap/libpcap.so.1"]);
});

Deno.test("libpcapInstallHint() names a package manager per OS", () => {
  assert.match(libpcapInstallHint("linux"), /apt-get install libpcap0\.8/);
  assert.match(libpcapInstallHint("windows"), /Npcap/);
  assert.match(libpcapInstallHint("darwin"), /brew install libpcap/);
});

Deno.test("libpcapVersion() reports the loaded library", () => {
  assert.match(libpcapVersion(), /^libpcap version \d+\.\d+/);
});

Deno.test("cString() NUL-terminates and errbufText() stops at the NUL", () => {
  const bytes = cString("eth0");
  assert.deepEqual([...bytes], [101, 116, 104, 48, 0]);
  const errbuf = new Uint8Array(16);
  errbuf.set(new TextEncoder().encode("bad thing\0junk"));
  assert.equal(errbufText(errbuf), "bad thing");
});
