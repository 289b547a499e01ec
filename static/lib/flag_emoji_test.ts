import assert from "node:assert/strict";
import { flagEmoji } from "./flag_emoji.ts";

Deno.test("flagEmoji() spells the ISO code in regional indicator symbols", () => {
  assert.equal(flagEmoji("US"), "\u{1F1FA}\u{1F1F8}");
  assert.equal(flagEmoji("de"), "\u{1F1E9}\u{1F1EA}");
  assert.equal(flagEmoji("AZ"), "\u{1F1E6}\u{1F1FF}");
});

Deno.test("flagEmoji() gives null for codes that are not two ASCII letters", () => {
  for (const bad of [null, undefined, "", "U", "USA", "1A", "É1", "A-"]) {
    assert.equal(flagEmoji(bad), null, String(bad));
  }
});
