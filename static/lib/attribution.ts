/**
 * The credit that the CC BY 4.0 licences of the embedded country and ASN databases require
 * wherever their results are shown; the page footer carries it with a link to https://db-ip.com.
 *
 * A copy of `GEO_ATTRIBUTION` in stats/enrich/embedded_geo.ts, not an import of it: that module
 * imports the databases themselves (23 MB) and the bundler would put them into the page.
 * attribution_test.ts fails when the two differ.
 */
export const GEO_ATTRIBUTION =
  "IP geolocation by DB-IP (https://db-ip.com), CC BY 4.0; ASN data from RouteViews (https://www.routeviews.org), the NRO (https://www.nro.net) and DB-IP, CC BY 4.0";

/** Addresses in a credit line, to be shown as links. */
const URL_PATTERN = /(https:\/\/[^\s()]+)/;

/** A credit line split into plain text and links, in order; links are the odd-numbered parts. */
export function attributionParts(text: string = GEO_ATTRIBUTION): string[] {
  return text.split(URL_PATTERN);
}
