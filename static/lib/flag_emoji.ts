/**
 * A country's flag as text: the ISO 3166-1 alpha-2 code spelled in regional indicator symbols
 * (Unicode 6.0, U+1F1E6..U+1F1FF), which emoji fonts draw as the flag. No images to download,
 * and where no emoji font is installed the reader still sees the two letters.
 */

/** U+1F1E6 REGIONAL INDICATOR SYMBOL LETTER A. */
const REGIONAL_INDICATOR_A = 0x1f1e6;
const LETTER_A = 0x41;
const ALPHA2 = /^[A-Z]{2}$/;

/** "US" -> "🇺🇸"; null for anything that is not two ASCII letters (case is ignored). */
export function flagEmoji(code: string | null | undefined): string | null {
  if (!code) return null;
  const upper = code.toUpperCase();
  if (!ALPHA2.test(upper)) return null;
  return String.fromCodePoint(
    REGIONAL_INDICATOR_A + upper.charCodeAt(0) - LETTER_A,
    REGIONAL_INDICATOR_A + upper.charCodeAt(1) - LETTER_A,
  );
}
