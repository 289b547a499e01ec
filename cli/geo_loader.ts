/**
 * The GeoIP and ASN databases a run uses: the user's files (`--geoip`, `--asn`), opened and
 * checked at start so a bad path fails before any capture, and the embedded ones for the rest,
 * loaded only when first needed.
 *
 * The reader's code and the embedded databases (~23 MB of bytes, imported as bytes so
 * `deno compile` embeds them) load on demand: a run starts loading them while its capture worker
 * starts up, the only moment the main thread would otherwise idle.
 */
import type { GeoDatabase } from "../stats/enrich/geo_database.ts";
import type { GeoDatabases } from "../stats/enriched_stats.ts";
import type { Options } from "./options.ts";

export class GeoLoader {
  readonly #country: GeoDatabase | undefined;
  readonly #asn: GeoDatabase | undefined;
  #loaded: GeoDatabases | undefined;
  #loading: Promise<GeoDatabases> | undefined;

  private constructor(country: GeoDatabase | undefined, asn: GeoDatabase | undefined) {
    this.#country = country;
    this.#asn = asn;
  }

  /** Open the user's files now; rejects with GeoDatabaseError and a one-line message. */
  static async open(options: Pick<Options, "geoip" | "asn">): Promise<GeoLoader> {
    if (!options.geoip && !options.asn) return new GeoLoader(undefined, undefined);
    const { GeoDatabase } = await import("../stats/enrich/geo_database.ts");
    return new GeoLoader(
      options.geoip ? GeoDatabase.open(options.geoip, "country") : undefined,
      options.asn ? GeoDatabase.open(options.asn, "asn") : undefined,
    );
  }

  /**
   * Load what the user did not give from the embedded databases. Calls share one load, so a
   * run may start it early (while the capture worker starts up and the main thread would idle)
   * and await it where it is needed.
   */
  load(): Promise<GeoDatabases> {
    this.#loading ??= this.#load();
    return this.#loading;
  }

  async #load(): Promise<GeoDatabases> {
    let country = this.#country;
    let asn = this.#asn;
    if (!country || !asn) {
      // Read as files where they are files (off the main thread); else the module-graph bytes.
      const { readEmbeddedGeoFile } = await import("../stats/enrich/embedded_geo_files.ts");
      [country, asn] = await Promise.all([
        country ?? readEmbeddedGeoFile("country"),
        asn ?? readEmbeddedGeoFile("asn"),
      ]);
      if (!country || !asn) {
        const embedded = await import("../stats/enrich/embedded_geo.ts");
        country ??= embedded.embeddedCountryDatabase();
        asn ??= embedded.embeddedAsnDatabase();
      }
    }
    this.#loaded = { country, asn };
    return this.#loaded;
  }

  /** The databases once `load()` has resolved; before that, a programming error. */
  get(): GeoDatabases {
    if (!this.#loaded) throw new Error("GeoIP databases used before GeoLoader.load()");
    return this.#loaded;
  }
}
