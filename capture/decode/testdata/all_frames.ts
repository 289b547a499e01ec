/** Every fixture frame, for tests that sweep them all. */
import type { Fixture } from "./fixture.ts";
import * as cooked from "./cooked_frames.ts";
import * as ethernet from "./ethernet_frames.ts";
import * as ipv4 from "./ipv4_frames.ts";
import * as ipv6 from "./ipv6_frames.ts";

export const ALL_FRAMES: ReadonlyArray<readonly [string, Fixture]> = Object.entries({
  ...ethernet,
  ...ipv4,
  ...ipv6,
  ...cooked,
});
