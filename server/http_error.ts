/**
 * The one HTTP error type of the API. Anything a route throws becomes a JSON response of the
 * form `{ "error": { "status": 400, "message": "...", "parameter": "limit" } }`, so a client
 * (or `curl | jq`) always gets the same shape and can point at the offending query parameter.
 */
import { QueryError } from "../stats/query_error.ts";
import { jsonResponse } from "./json_response.ts";

/** The body of every error response. `parameter` names the query parameter at fault, if any. */
export interface ErrorBody {
  error: { status: number; message: string; parameter?: string };
}

export interface HttpErrorOptions {
  /** The query parameter that was rejected (400s). */
  parameter?: string;
  /** Extra response headers, e.g. `Allow` for a 405 or `Retry-After` for a 503. */
  headers?: HeadersInit;
  cause?: unknown;
}

export class HttpError extends Error {
  override name = "HttpError";
  readonly status: number;
  readonly parameter: string | undefined;
  readonly headers: HeadersInit | undefined;

  constructor(status: number, message: string, options: HttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.parameter = options.parameter;
    this.headers = options.headers;
  }

  /** The JSON body this error answers with. */
  toJSON(): ErrorBody {
    const error: ErrorBody["error"] = { status: this.status, message: this.message };
    if (this.parameter !== undefined) error.parameter = this.parameter;
    return { error };
  }

  /** The response: status, JSON body, and any extra headers. */
  toResponse(pretty = false): Response {
    return jsonResponse(this.toJSON(), {
      status: this.status,
      pretty,
      ...(this.headers === undefined ? {} : { headers: this.headers }),
    });
  }
}

/**
 * Turn anything a route threw into a response. A `RangeError` is the engine's way of refusing a
 * query it was handed (see `stats/flow_query.ts`), so it is the client's fault: 400. Anything
 * else is ours: 500, with a fixed message so internals do not leak to the client.
 */
export function errorResponse(error: unknown, pretty = false): Response {
  if (error instanceof HttpError) return error.toResponse(pretty);
  if (error instanceof QueryError) return new HttpError(400, error.message).toResponse(pretty);
  return new HttpError(500, "Cannot answer the request: internal error").toResponse(pretty);
}
