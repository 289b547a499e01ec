/**
 * Cross-site request forgery guard for writes: a page on another site must not be able to
 * acknowledge, mute or invent alerts through a visitor's browser. Browsers label every request
 * with `Sec-Fetch-Site` (Fetch Metadata) and send `Origin` on every POST and PATCH; a write is
 * allowed when the first says "same-origin" or "none" (typed by the user), or, from a browser
 * without Fetch Metadata, when `Origin` is this server's own. Programs such as curl send
 * neither header and are no CSRF vector: they are let through. Writes must also be JSON, which a
 * cross-site HTML form cannot send without a CORS preflight this server never grants.
 */
import { HttpError } from "./http_error.ts";

export function checkSameOrigin(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  if (site !== null) {
    if (site !== "same-origin" && site !== "none") {
      throw new HttpError(
        403,
        `Cannot accept a ${site} write: only this dashboard may change alerts`,
      );
    }
  } else if (origin !== null && origin !== new URL(request.url).origin) {
    throw new HttpError(
      403,
      `Cannot accept a write from origin ${origin}: only this dashboard may change alerts`,
    );
  }
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, "Cannot read the request body: send it as application/json");
  }
}
