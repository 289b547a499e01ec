import assert from "node:assert/strict";
import { strftime } from "./strftime.ts";

// 2024-02-29 13:05:09 UTC, a leap day: %j is 060.
const LEAP_DAY = Date.UTC(2024, 1, 29, 13, 5, 9) / 1000;

Deno.test("strftime() fills the conversions file names use, in local time", () => {
  const date = new Date(LEAP_DAY * 1000);
  const hh = String(date.getHours()).padStart(2, "0");
  assert.equal(
    strftime("cap-%Y%m%d-%H%M%S.pcap", LEAP_DAY),
    `cap-${date.getFullYear()}${String(date.getMonth() + 1).padStart(2, "0")}` +
      `${String(date.getDate()).padStart(2, "0")}-${hh}05${"09"}.pcap`,
  );
  assert.equal(strftime("%s", LEAP_DAY), String(LEAP_DAY));
  assert.equal(strftime("100%%", LEAP_DAY), "100%");
});

Deno.test("strftime() under TZ=UTC matches the calendar exactly", async () => {
  // The process's time zone is fixed when it starts: ask a fresh one running under UTC.
  const module = new URL("./strftime.ts", import.meta.url).href;
  const code = `import { strftime } from "${module}";\n` +
    `console.log(strftime("%F %T %j %a %b %y %I%p %z %e", ${LEAP_DAY}));`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    env: { TZ: "UTC" },
    stdout: "piped",
  }).output();
  assert.equal(
    new TextDecoder().decode(out.stdout).trim(),
    "2024-02-29 13:05:09 060 Thu Feb 24 01PM +0000 29",
  );
});

Deno.test("strftime() keeps unknown conversions and a trailing % as written", () => {
  assert.equal(strftime("a%Qb%", LEAP_DAY), "a%Qb%");
  assert.equal(strftime("plain.pcap", LEAP_DAY), "plain.pcap");
});
