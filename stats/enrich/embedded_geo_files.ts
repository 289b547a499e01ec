/**
 * The embedded GeoIP databases read as files, where they are files (running from source).
 *
 * `embedded_geo.ts` imports them as bytes so `deno compile` embeds them, but Deno loads a bytes
 * module on the main thread and blocks it: ~63 ms for the 23 MB, during which no packet is
 * drained and the capture worker stalls on a full ring. `Deno.readFile` reads on Deno's I/O
 * threads (~34 ms, main thread free). The bytes are the same files; when they cannot be read
 * (a compiled binary without them on disk), the caller falls back to the bytes import.
 */
import { GeoDatabase, type GeoKind } from "./geo_database.ts";

/** How errors name the embedded databases, however they were loaded. */
export const EMBEDDED_LABEL: Record<GeoKind, string> = {
  country: "embedded country",
  asn: "embedded ASN",
};

const FILES: Record<GeoKind, URL> = {
  country: new URL("./data/country.mmdb", import.meta.url),
  asn: new URL("./data/asn.mmdb", import.meta.url),
};

/** The embedded database of `kind`, or undefined when its file cannot be read here. */
export async function readEmbeddedGeoFile(kind: GeoKind): Promise<GeoDatabase | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(FILES[kind]);
  } catch {
    return undefined;
  }
  return GeoDatabase.fromBytes(bytes, EMBEDDED_LABEL[kind], kind);
}
