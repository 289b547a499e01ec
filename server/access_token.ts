/**
 * The secret that lets a client past the dashboard's login when it listens beyond loopback: made
 * at start (printed once), or given in a file or the environment, and compared in constant time.
 */
import { createHash, timingSafeEqual } from "node:crypto";

/** Environment variable holding the token, for service managers and containers. */
export const TOKEN_ENV = "WIRESCOPE_TOKEN";
/** Bytes of randomness in a generated token: 256 bits, beyond guessing at any rate. */
const GENERATED_TOKEN_BYTES = 32;
/** Shortest token accepted from a file or the environment: ~96 bits of base64url. */
export const MIN_TOKEN_LENGTH = 16;
/** Longest: a token is a line of text, not a file's worth. */
export const MAX_TOKEN_LENGTH = 1024;

/** A fresh random token, base64url (fits a header and a cookie unescaped). */
export function generateToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(GENERATED_TOKEN_BYTES));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Why `token` cannot serve as one, or undefined if it can. */
export function tokenProblem(token: string): string | undefined {
  if (token.length < MIN_TOKEN_LENGTH) return `shorter than ${MIN_TOKEN_LENGTH} characters`;
  if (token.length > MAX_TOKEN_LENGTH) return `longer than ${MAX_TOKEN_LENGTH} characters`;
  // It travels in a header and a cookie: printable ASCII without spaces, quotes, ; or ,.
  if (!/^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/.test(token)) {
    return "it may hold only printable ASCII without spaces, quotes, backslashes, ; or ,";
  }
  return undefined;
}

/** Compares candidates with the token in time that does not depend on where they differ. */
export class AccessToken {
  readonly #digest: Buffer;

  constructor(token: string) {
    this.#digest = digest(token);
  }

  /**
   * Both sides are hashed first, so the comparison runs over equal lengths whatever was sent
   * (timingSafeEqual needs that) and the token's length does not leak either.
   */
  matches(candidate: string): boolean {
    return timingSafeEqual(digest(candidate), this.#digest);
  }
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
