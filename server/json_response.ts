/**
 * JSON responses, compact for programs and indented for people.
 *
 * Pretty-printing is chosen per request: `?pretty` (or `?pretty=1`/`true`) asks for it,
 * `?pretty=0`/`false` refuses it, and without the parameter a command-line client (curl, Wget,
 * HTTPie) gets it, since its output lands on a terminal; browsers and `EventSource` get compact
 * JSON. `jq` reads either.
 */

/** Spaces per indent level of pretty JSON, as `jq` prints it. */
export const PRETTY_INDENT = 2;

/** User-Agent prefixes of command-line clients whose output is read by a person. */
const TERMINAL_CLIENTS = ["curl/", "wget/", "httpie/"];

/** Headers on every API response: never cached (the data is live), never content-sniffed. */
export const API_HEADERS: Readonly<Record<string, string>> = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

export interface JsonResponseInit {
  status?: number;
  pretty?: boolean;
  headers?: HeadersInit;
}

export function jsonResponse(body: unknown, init: JsonResponseInit = {}): Response {
  const text = init.pretty ? prettyJson(body) + "\n" : JSON.stringify(body);
  return jsonTextResponse(text, init);
}

/**
 * An indented array of numbers as JSON.stringify lays it out, one number per line. Raw newlines
 * occur in JSON text only as layout (inside strings they are escaped), so this never matches
 * inside a string.
 */
const NUMBER_ARRAY = /\[\n\s*(-?\d[\d.eE+-]*(?:,\n\s*-?\d[\d.eE+-]*)*)\n\s*\]/g;

/** Indented JSON whose arrays of numbers stay on one line (a series is thousands of them). */
export function prettyJson(body: unknown): string {
  return JSON.stringify(body, null, PRETTY_INDENT).replace(
    NUMBER_ARRAY,
    (_, items: string) => `[${items.split(/,\n\s*/).join(", ")}]`,
  );
}

/** A response from already-serialised JSON text (for bodies built once and shared). */
export function jsonTextResponse(text: string, init: JsonResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  for (const [k, v] of Object.entries(API_HEADERS)) headers.set(k, v);
  return new Response(text, { status: init.status ?? 200, headers });
}

/** Whether `request` should get indented JSON (see the module comment for the rule). */
export function wantsPretty(request: Request, url: URL = new URL(request.url)): boolean {
  const value = url.searchParams.get("pretty");
  if (value !== null) return value !== "0" && value.toLowerCase() !== "false";
  const agent = (request.headers.get("user-agent") ?? "").toLowerCase();
  return TERMINAL_CLIENTS.some((prefix) => agent.startsWith(prefix));
}
