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

const FILES: Record<GeoKind, { url: URL; label: string }> = {
  country: { url: new URL("./data/country.mmdb", import.meta.url), label: "embedded country" },
  asn: { url: new URL("./data/asn.mmdb", import.meta.url), label: "embedded ASN" },
};

/** The embedded database of `kind`, or undefined when its file cannot be read here. */
export async function readEmbeddedGeoFile(kind: GeoKind): Promise<GeoDatabase | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(FILES[kind].url);
  } catch {
    return undefined;
  }
  return GeoDatabase.fromBytes(bytes, FILES[kind].label, kind);
}
