/**
 * Dark and light themes. "Auto" follows the system (`prefers-color-scheme`, also while the page
 * is open); a picked theme is kept in localStorage. The theme in force is set as `data-theme`
 * on <html>, so the stylesheet has one dark block. Charts draw on canvas, which CSS cannot
 * restyle, so they read the same custom properties from here.
 */

export type ThemeChoice = "system" | "light" | "dark";
export const THEME_CHOICES: readonly ThemeChoice[] = ["system", "light", "dark"];
const STORAGE_KEY = "wirescope.theme";

export function loadThemeChoice(): ThemeChoice {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === "light" || saved === "dark") return saved;
  } catch {
    // Storage can be disabled (private windows, policies): the system theme still works.
  }
  return "system";
}

const DARK_QUERY = "(prefers-color-scheme: dark)";

/** The theme `choice` means now. */
export function effectiveTheme(choice: ThemeChoice): "light" | "dark" {
  if (choice !== "system") return choice;
  return matchMedia(DARK_QUERY).matches ? "dark" : "light";
}

/** Put `choice` in force and remember it. */
export function applyThemeChoice(choice: ThemeChoice): void {
  document.documentElement.dataset.theme = effectiveTheme(choice);
  try {
    if (choice === "system") localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // See loadThemeChoice.
  }
}

/** Watch the system theme; returns the unsubscribe function. */
export function onSystemThemeChange(listener: () => void): () => void {
  const query = matchMedia(DARK_QUERY);
  query.addEventListener("change", listener);
  return () => query.removeEventListener("change", listener);
}

export interface ChartColors {
  text: string;
  grid: string;
  surface: string;
  /** Keyed by series family or protocol slice name (see styles/theme.css). */
  series: Record<string, string>;
}

const SERIES_KEYS = [
  "tcp",
  "udp",
  "icmp",
  "icmpv6",
  "other-ip",
  "non-ip",
  "arp",
  "other",
  "selection",
];

/** The current theme's chart colors, from the CSS custom properties. */
export function chartColors(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const value = (name: string) => style.getPropertyValue(name).trim();
  const series: Record<string, string> = {};
  for (const key of SERIES_KEYS) series[key] = value(`--c-${key}`);
  return { text: value("--fg-muted"), grid: value("--grid"), surface: value("--surface"), series };
}
