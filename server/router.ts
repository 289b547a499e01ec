/**
 * A small method-aware router: exact paths and path prefixes, 404 and 405 as JSON, HEAD wherever
 * GET is allowed (RFC 9110 section 9.3.2: the same headers as GET, no body), and every thrown
 * error turned into a JSON response by `errorResponse()`.
 */

import { errorResponse, HttpError } from "./http_error.ts";
import { wantsPretty } from "./json_response.ts";
import { QueryError } from "../stats/query_error.ts";

/** What a route gets: the request, its parsed URL, and whether to indent JSON. */
export interface RouteContext {
  request: Request;
  url: URL;
  pretty: boolean;
}

export type RouteHandler = (ctx: RouteContext) => Response | Promise<Response>;

export interface RouteOptions {
  /** Default ["GET"]; HEAD is added wherever GET is present. */
  methods?: readonly string[];
  /** Match every path that starts with `path` (which should then end in "/"). */
  prefix?: boolean;
}

interface Route {
  path: string;
  prefix: boolean;
  methods: ReadonlySet<string>;
  handler: RouteHandler;
}

/** Errors that are not the client's fault (not HttpError, not QueryError): logged, then 500. */
export type UnexpectedErrorHook = (error: unknown, request: Request) => void;

export class Router {
  readonly #routes: Route[] = [];
  readonly #onError: UnexpectedErrorHook;

  constructor(onError: UnexpectedErrorHook = logUnexpected) {
    this.#onError = onError;
  }

  add(path: string, handler: RouteHandler, options: RouteOptions = {}): this {
    const methods = new Set((options.methods ?? ["GET"]).map((m) => m.toUpperCase()));
    if (methods.has("GET")) methods.add("HEAD");
    this.#routes.push({ path, prefix: options.prefix ?? false, methods, handler });
    return this;
  }

  /** Answer `request`; never throws. */
  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const pretty = wantsPretty(request, url);
    try {
      const route = this.#match(normalisePath(url.pathname));
      if (route === undefined) {
        throw new HttpError(404, `Cannot find ${url.pathname}: no such endpoint`);
      }
      const method = request.method.toUpperCase();
      if (!route.methods.has(method)) {
        const allow = [...route.methods].join(", ");
        throw new HttpError(
          405,
          `Cannot ${method} ${url.pathname}: method not allowed (allowed: ${allow})`,
          {
            headers: { allow },
          },
        );
      }
      const response = await route.handler({ request, url, pretty });
      return method === "HEAD" ? await withoutBody(response) : response;
    } catch (error) {
      if (!(error instanceof HttpError) && !(error instanceof QueryError)) {
        this.#onError(error, request);
      }
      return errorResponse(error, pretty);
    }
  }

  #match(path: string): Route | undefined {
    return this.#routes.find((r) => r.prefix ? path.startsWith(r.path) : path === r.path);
  }
}

function logUnexpected(error: unknown, request: Request): void {
  console.error(`wirescope: ${request.method} ${request.url} failed:`, error);
}

/** "/stats/" is "/stats": one trailing slash is forgiven, as most servers do. */
function normalisePath(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** HEAD: the GET response's status and headers, its body released (an SSE client is removed). */
async function withoutBody(response: Response): Promise<Response> {
  await response.body?.cancel();
  return new Response(null, { status: response.status, headers: response.headers });
}
