/**
 * The dashboard's files as a `StaticAssets` responder for the API handler. The built files are
 * imported as text, so they are part of the module graph: `deno run` and `deno compile` serve
 * the same bytes with no flag and no dependence on the working directory.
 */

import type { StaticAssets } from "./stats_source.ts";
import appCss from "../static/dist/app.css" with { type: "text" };
import appJs from "../static/dist/app.js" with { type: "text" };
import iconSvg from "../static/icon.svg" with { type: "text" };
import indexHtml from "../static/index.html" with { type: "text" };

/**
 * Only our own origin may supply scripts, styles, images and connections; no inline script or
 * style (the page sets styles through the CSSOM only), no plugins, no framing (clickjacking),
 * no <base> or form targets. `data:` images are for Chart.js's canvas export, unused today.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The page itself is revalidated on every load (cheap: a 304), so a new build shows at once;
 * the files it names carry `?v=<content hash>` and may be kept for a year (RFC 9111 section
 * 5.2.2.1, and `immutable` from RFC 8246).
 */
const REVALIDATE = "no-cache";
const IMMUTABLE = "public, max-age=31536000, immutable";

export interface AssetFile {
  body: string;
  contentType: string;
}

interface Entry extends AssetFile {
  etag: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/** The built page: "/" and the files under "/assets/". */
export function dashboardFiles(): Record<string, AssetFile> {
  return {
    "/": { body: indexHtml, contentType: "text/html; charset=utf-8" },
    "/assets/app.js": { body: appJs, contentType: "text/javascript; charset=utf-8" },
    "/assets/app.css": { body: appCss, contentType: "text/css; charset=utf-8" },
    "/assets/icon.svg": { body: iconSvg, contentType: "image/svg+xml" },
  };
}

/** A responder for `files`; "%VERSION%" in "/" becomes the hash of the other files. */
export async function createStaticAssets(
  files: Record<string, AssetFile> = dashboardFiles(),
): Promise<StaticAssets> {
  const encoder = new TextEncoder();
  const assetHashes: string[] = [];
  for (const [path, file] of Object.entries(files)) {
    if (path !== "/") assetHashes.push(await sha256(encoder.encode(file.body)));
  }
  const version = (await sha256(encoder.encode(assetHashes.join()))).slice(0, 16);
  const entries = new Map<string, Entry>();
  for (const [path, file] of Object.entries(files)) {
    const body = path === "/" ? file.body.replaceAll("%VERSION%", version) : file.body;
    const bytes = encoder.encode(body);
    entries.set(path, { ...file, body, bytes, etag: `"${(await sha256(bytes)).slice(0, 32)}"` });
  }
  return (request, path) => {
    const entry = entries.get(path);
    if (!entry) return null;
    const versioned = new URL(request.url).searchParams.get("v") === version;
    const headers = new Headers({
      "content-type": entry.contentType,
      "content-length": String(entry.bytes.byteLength),
      "etag": entry.etag,
      "cache-control": path !== "/" && versioned ? IMMUTABLE : REVALIDATE,
      "content-security-policy": CONTENT_SECURITY_POLICY,
      "x-content-type-options": "nosniff",
      // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with the
      // page's own POSTs (Fetch, "serializing a request origin"), and over plain HTTP beyond
      // loopback it sends no Sec-Fetch-Site either, so the origin check could not tell them
      // from another site's. Other sites still get no referrer.
      "referrer-policy": "same-origin",
    });
    if (etagMatches(request.headers.get("if-none-match"), entry.etag)) {
      headers.delete("content-length");
      return new Response(null, { status: 304, headers });
    }
    return new Response(request.method === "HEAD" ? null : entry.bytes, { headers });
  };
}

/** RFC 9110 section 13.1.2: "*" or a list of tags, compared weakly (W/ prefix ignored). */
function etagMatches(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The dashboard as served by `wirescope` (cli/serve.ts). */
export const staticAssets: StaticAssets = await createStaticAssets();
