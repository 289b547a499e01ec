/**
 * Country outlines for the world map, bundled (Natural Earth 1:110m through world-atlas; no tiles,
 * no network), keyed by the ISO 3166 two-letter code the country database gives. world-atlas
 * numbers its shapes by ISO 3166 numeric code; i18n-iso-countries' code table turns one into the
 * other. Shapes without a code (disputed areas) are drawn but never counted.
 */
// deno-lint-ignore no-import-prefix
import atlas from "npm:world-atlas@2/countries-110m.json" with { type: "json" };
// deno-lint-ignore no-import-prefix
import codes from "npm:i18n-iso-countries@7/codes.json" with { type: "json" };
import { topojson } from "../deps.ts";

export interface CountryShape {
  /** ISO 3166 alpha-2, or "" for a shape with no code. */
  code: string;
  name: string;
  // deno-lint-ignore no-explicit-any
  feature: any;
}

let shapes: CountryShape[] | undefined;

/** Every outline, made once (the first map drawn pays for it). */
export function countryShapes(): CountryShape[] {
  if (shapes) return shapes;
  const alpha2 = new Map<number, string>();
  for (const [two, , numeric] of codes as string[][]) alpha2.set(Number(numeric), two!);
  // deno-lint-ignore no-explicit-any
  const world = atlas as any;
  // deno-lint-ignore no-explicit-any
  const features = (topojson.feature(world, world.objects.countries) as any).features as any[];
  shapes = features.map((feature) => ({
    code: feature.id === undefined ? "" : alpha2.get(Number(feature.id)) ?? "",
    name: String(feature.properties?.name ?? ""),
    feature,
  }));
  return shapes;
}
