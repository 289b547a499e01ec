import assert from "node:assert/strict";
import { QueryError } from "../stats/query_error.ts";
import { errorResponse, HttpError } from "./http_error.ts";

Deno.test("HttpError.toResponse() answers JSON with status, message and parameter", async () => {
  const res = new HttpError(400, 'Cannot read limit "x": expected an integer', {
    parameter: "limit",
  })
    .toResponse();
  assert.equal(res.status, 400);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  assert.deepEqual(await res.json(), {
    error: {
      status: 400,
      message: 'Cannot read limit "x": expected an integer',
      parameter: "limit",
    },
  });
});

Deno.test("HttpError.toResponse() leaves parameter out when none is at fault", async () => {
  const res = new HttpError(404, "Cannot find /nope: no such endpoint").toResponse();
  assert.deepEqual(await res.json(), {
    error: { status: 404, message: "Cannot find /nope: no such endpoint" },
  });
});

Deno.test("HttpError.toResponse() adds the extra headers (Allow on a 405)", () => {
  const res = new HttpError(405, "Cannot POST /stats", { headers: { allow: "GET, HEAD" } })
    .toResponse();
  assert.equal(res.headers.get("allow"), "GET, HEAD");
});

Deno.test("errorResponse() makes an engine QueryError a 400 and anything else an opaque 500", async () => {
  const bad = errorResponse(new QueryError('Cannot sort flows by "x": unknown sort key'));
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.message, 'Cannot sort flows by "x": unknown sort key');

  const oops = errorResponse(new TypeError("secret internal detail"));
  assert.equal(oops.status, 500);
  const body = await oops.json();
  assert.equal(body.error.status, 500);
  assert.doesNotMatch(body.error.message, /secret/);

  // A RangeError that is not a refused query (a stack overflow, a bad length) is internal too.
  const overflow = errorResponse(new RangeError("Maximum call stack size exceeded"));
  assert.equal(overflow.status, 500);
  assert.doesNotMatch((await overflow.json()).error.message, /call stack/);
});
