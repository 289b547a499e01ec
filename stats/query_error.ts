/**
 * A query the statistics refuse (an unknown sort key, a malformed window or filter). The server
 * turns exactly this into a 400 naming the problem; any other error, RangeError included (a
 * stack overflow, a bad array length), stays an opaque 500, since its message is internal.
 */
export class QueryError extends RangeError {
  override name = "QueryError";
}
