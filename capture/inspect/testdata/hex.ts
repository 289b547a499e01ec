/** Test helper: real packet bytes are kept as hex strings, as tshark prints them. */

/** The bytes of a hex string (whitespace ignored). */
export function hexBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, "");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A DataView over the bytes of a hex string. */
export function hexView(hex: string): DataView {
  const bytes = hexBytes(hex);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
