/**
 * mmdb-lib, the MaxMind DB reader, pinned in one place so the reader, the writer's tests and
 * the update script all use the same copy. MIT licensed, no dependencies, maintained by
 * MaxMind's GeoIP library authors among others (3.0.3, August 2026).
 */

export { Reader } from "npm:mmdb-lib@3.0.3";
