/**
 * How the dashboard is reached: whether it asks for a token, which one, and whether it speaks
 * TLS. Read before the port is bound and privileges dropped, so a root-only key file works.
 *
 * A server on loopback is reached only from this machine and needs no token (the safe default);
 * bound to any other address it always asks for one: `--token-file`, else the WIRESCOPE_TOKEN
 * variable, else a random one printed once.
 */
import { AccessToken, generateToken, TOKEN_ENV, tokenProblem } from "../server/access_token.ts";
import type { Options } from "./options.ts";

export interface ServerAccess {
  token?: AccessToken;
  /** PEM text for `Deno.serve`'s `cert` and `key`. */
  tls?: { cert: string; key: string };
  /** A token made at start, to print once. */
  generated?: string;
}

export function isLoopbackAddress(address: string): boolean {
  return address.startsWith("127.") || address === "::1" || address === "localhost";
}

export function serverAccess(
  options: Pick<Options, "bind" | "tokenFile" | "tls">,
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): ServerAccess {
  const access: ServerAccess = {};
  if (options.tls) {
    access.tls = {
      cert: readText("--tls-cert", options.tls.cert),
      key: readText("--tls-key", options.tls.key),
    };
  }
  if (options.tokenFile !== undefined) {
    const token = readText("--token-file", options.tokenFile).trim();
    const problem = tokenProblem(token);
    if (problem) {
      throw new Error(`Invalid token in --token-file "${options.tokenFile}": ${problem}`);
    }
    access.token = new AccessToken(token);
    return access;
  }
  if (isLoopbackAddress(options.bind)) return access;
  const fromEnv = env(TOKEN_ENV)?.trim();
  if (fromEnv) {
    const problem = tokenProblem(fromEnv);
    if (problem) throw new Error(`Invalid token in ${TOKEN_ENV}: ${problem}`);
    access.token = new AccessToken(fromEnv);
    return access;
  }
  access.generated = generateToken();
  access.token = new AccessToken(access.generated);
  return access;
}

function readText(flag: string, path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound
      ? "no such file"
      : error instanceof Deno.errors.PermissionDenied
      ? "permission denied"
      : (error as Error).message;
    throw new Error(`Cannot read ${flag} "${path}": ${reason}`);
  }
}
