import assert from "node:assert/strict";
import { AccessToken, generateToken, MIN_TOKEN_LENGTH, tokenProblem } from "./access_token.ts";

Deno.test("AccessToken.matches() accepts only the exact token", () => {
  const token = new AccessToken("s3cret-token-value");
  assert.equal(token.matches("s3cret-token-value"), true);
  assert.equal(token.matches("s3cret-token-valuE"), false);
  assert.equal(token.matches("s3cret-token-valu"), false);
  assert.equal(token.matches(""), false);
  assert.equal(token.matches("s3cret-token-value "), false);
});

Deno.test("generateToken() gives 256 random bits that work in a header and a cookie", () => {
  const a = generateToken();
  const b = generateToken();
  assert.notEqual(a, b);
  assert.equal(a.length, 43);
  assert.equal(tokenProblem(a), undefined);
  assert.match(a, /^[A-Za-z0-9_-]+$/);
});

Deno.test("tokenProblem() refuses short tokens and characters a cookie cannot carry", () => {
  assert.match(tokenProblem("a".repeat(MIN_TOKEN_LENGTH - 1))!, /shorter/);
  assert.equal(tokenProblem("a".repeat(MIN_TOKEN_LENGTH)), undefined);
  assert.match(tokenProblem("has space in the token")!, /printable/);
  assert.match(tokenProblem("semi;colon;in;the;token")!, /printable/);
});
