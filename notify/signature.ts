/**
 * HMAC-SHA256 request signatures (RFC 2104), in the form GitHub's webhooks made familiar:
 * `X-Wirescope-Signature-256: sha256=<hex of HMAC(secret, body)>`. A receiver recomputes it over
 * the raw body and compares in constant time.
 */

export const SIGNATURE_HEADER = "x-wirescope-signature-256";

export async function signBody(secret: string, body: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(body)));
  return `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
