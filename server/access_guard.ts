/**
 * What stands between a client and the API: request size bounds, the security headers every
 * response carries, and, when the server listens beyond loopback, the token login.
 *
 * It wraps the pure `handle(Request) -> Response` of `handler.ts` and stays pure itself: the
 * client's address comes in as an argument (from `Deno.serve`'s `info.remoteAddr`), for the
 * per-address limit on wrong tokens. With a token, a request passes with `Authorization: Bearer
 * TOKEN` (scripts, Prometheus) or the cookie `/login` sets (the page: HttpOnly, so no script
 * reads it; SameSite=Strict, so no other site's request carries it; Secure under TLS). Every
 * state-changing request also has to come from this origin.
 */
import { HttpError } from "./http_error.ts";
import type { AccessToken } from "./access_token.ts";
import { FailedLogins } from "./failed_logins.ts";
import { loginPage } from "./login_page.ts";

/** Longest request target (path and query) read: every route's query fits in far less. */
export const MAX_URL_BYTES = 8192;
/** Most header bytes (names and values) one request may carry; browsers send about 1 KiB. */
export const MAX_HEADER_BYTES = 16_384;
/** Largest request body: the login form and an alert made by hand are a few hundred bytes. */
export const MAX_REQUEST_BODY_BYTES = 65_536;
/** The cookie that carries the token for the page. */
export const TOKEN_COOKIE = "wirescope_token";
/** How long the page keeps its login: a month, then the token is asked again. */
const COOKIE_MAX_AGE_S = 30 * 86_400;
/** HSTS: a browser that saw the dashboard over TLS keeps to TLS for a year (RFC 6797). */
const HSTS_MAX_AGE_S = 31_536_000;
/** For responses that set none (JSON): nothing loads from them, nothing may frame them. */
const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface AccessGuardOptions {
  /** The token every request must carry; without one (loopback) only bounds and headers apply. */
  token?: AccessToken;
  /** Served over TLS: the cookie is Secure and responses carry HSTS. */
  secure?: boolean;
  /** The per-address count of wrong tokens; a fresh one by default. */
  failures?: FailedLogins;
}

/** A handler that also knows the client's address. */
export type ClientHandler = (request: Request, client: string) => Promise<Response>;

export function guardAccess(
  handle: (request: Request) => Promise<Response>,
  options: AccessGuardOptions = {},
): ClientHandler {
  const secure = options.secure ?? false;
  const token = options.token;
  const failures = options.failures ?? new FailedLogins();
  const cookieAttributes = `HttpOnly; SameSite=Strict; Path=/; Max-Age=${COOKIE_MAX_AGE_S}` +
    (secure ? "; Secure" : "");

  async function admit(request: Request, client: string): Promise<Response> {
    checkSize(request);
    if (!SAFE_METHODS.has(request.method)) request = await withBoundedBody(request);
    if (!token) return handle(request);
    if (!SAFE_METHODS.has(request.method) && !fromThisOrigin(request, secure)) {
      throw new HttpError(403, "Cannot accept a write from another site");
    }
    const wait = failures.retryAfterMs(client);
    if (wait > 0) {
      throw new HttpError(429, "Cannot check the token: too many wrong ones; wait and retry", {
        headers: { "retry-after": String(Math.ceil(wait / 1000)) },
      });
    }
    const path = new URL(request.url).pathname;
    if (path === "/login") {
      if (request.method === "GET" || request.method === "HEAD") return loginPage(200);
      if (request.method !== "POST") {
        throw new HttpError(405, `Cannot ${request.method} /login`, {
          headers: { allow: "GET, HEAD, POST" },
        });
      }
      const given = new URLSearchParams(await request.text()).get("token") ?? "";
      if (!token.matches(given)) {
        failures.fail(client);
        return loginPage(401, "That is not the token. It was printed when wirescope started.");
      }
      return new Response(null, {
        status: 303,
        headers: {
          location: "/",
          "set-cookie": `${TOKEN_COOKIE}=${given}; ${cookieAttributes}`,
          "cache-control": "no-store",
        },
      });
    }
    const given = bearerToken(request) ?? cookieToken(request);
    if (given !== undefined && token.matches(given)) return handle(request);
    if (given !== undefined) failures.fail(client);
    // A browser opening the page gets the login form; programs get JSON and a challenge.
    if (request.method === "GET" && (request.headers.get("accept") ?? "").includes("text/html")) {
      return loginPage(401);
    }
    throw new HttpError(401, "Cannot answer without the token: send Authorization: Bearer TOKEN", {
      headers: { "www-authenticate": 'Bearer realm="wirescope"' },
    });
  }

  return async (request, client) => {
    let response: Response;
    try {
      response = await admit(request, client);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      response = error.toResponse();
    }
    return withSecurityHeaders(response, secure);
  };
}

function checkSize(request: Request): void {
  // The request target is what follows scheme and authority in the URL the server rebuilt.
  const url = new URL(request.url);
  if (url.pathname.length + url.search.length > MAX_URL_BYTES) {
    throw new HttpError(414, `Cannot read a request target longer than ${MAX_URL_BYTES} bytes`);
  }
  let headerBytes = 0;
  for (const [name, value] of request.headers) headerBytes += name.length + value.length;
  if (headerBytes > MAX_HEADER_BYTES) {
    throw new HttpError(431, `Cannot read more than ${MAX_HEADER_BYTES} bytes of headers`);
  }
}

/**
 * The request with its body read, refusing it past MAX_REQUEST_BODY_BYTES whether or not it
 * announced its length: a chunked body has none, and routes read whole bodies.
 */
async function withBoundedBody(request: Request): Promise<Request> {
  const tooLarge = () =>
    new HttpError(413, `Cannot read a request body over ${MAX_REQUEST_BODY_BYTES} bytes`);
  const announced = Number(request.headers.get("content-length") ?? "0");
  if (announced > MAX_REQUEST_BODY_BYTES) throw tooLarge();
  if (!request.body) return request;
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > MAX_REQUEST_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body });
}

/**
 * Fetch Metadata first (`Sec-Fetch-Site`), else `Origin`; a program that sends neither is no
 * cross-site vector, and it still needs the token.
 */
function fromThisOrigin(request: Request, secure: boolean): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" || site === "none";
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  // Behind the TLS-ending gate the server sees plain HTTP; the browser's origin is https.
  const own = new URL(request.url);
  if (secure) own.protocol = "https:";
  return origin === own.origin;
}

function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  if (header === null) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : header;
}

function cookieToken(request: Request): string | undefined {
  const header = request.headers.get("cookie");
  if (header === null) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === TOKEN_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** nosniff, no referrer, no framing and a CSP on every response; HSTS under TLS. */
function withSecurityHeaders(response: Response, secure: boolean): Response {
  const extra: [string, string][] = [
    ["x-content-type-options", "nosniff"],
    ["referrer-policy", "no-referrer"],
    ["x-frame-options", "DENY"],
    ["content-security-policy", DEFAULT_CSP],
  ];
  if (secure) extra.push(["strict-transport-security", `max-age=${HSTS_MAX_AGE_S}`]);
  let headers = response.headers;
  try {
    for (const [name, value] of extra) if (!headers.has(name)) headers.set(name, value);
    return response;
  } catch {
    // Immutable headers (a Response.redirect or a fetched response): copy them.
    headers = new Headers(response.headers);
    for (const [name, value] of extra) if (!headers.has(name)) headers.set(name, value);
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  }
}
