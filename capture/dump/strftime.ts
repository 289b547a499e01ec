/**
 * strftime(3) for `-G` file names, as tcpdump names its rotated savefiles: local time, the
 * conversions people put in file names. An unknown conversion is kept as written, so a name
 * never silently loses characters.
 */

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MS_PER_DAY = 86_400_000;

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/** `pattern` with its `%` conversions filled in for the local time of `epochSeconds`. */
export function strftime(pattern: string, epochSeconds: number): string {
  if (!pattern.includes("%")) return pattern;
  const date = new Date(epochSeconds * 1000);
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char !== "%" || i + 1 >= pattern.length) {
      out += char;
      continue;
    }
    const code = pattern[++i]!;
    const converted = conversion(code, date, epochSeconds);
    out += converted ?? `%${code}`;
  }
  return out;
}

function conversion(code: string, date: Date, epochSeconds: number): string | undefined {
  switch (code) {
    case "Y":
      return String(date.getFullYear());
    case "y":
      return pad(date.getFullYear() % 100, 2);
    case "m":
      return pad(date.getMonth() + 1, 2);
    case "d":
      return pad(date.getDate(), 2);
    case "e":
      return String(date.getDate()).padStart(2, " ");
    case "H":
      return pad(date.getHours(), 2);
    case "I":
      return pad(date.getHours() % 12 || 12, 2);
    case "M":
      return pad(date.getMinutes(), 2);
    case "S":
      return pad(date.getSeconds(), 2);
    case "p":
      return date.getHours() < 12 ? "AM" : "PM";
    case "j":
      return pad(dayOfYear(date), 3);
    case "s":
      return String(Math.floor(epochSeconds));
    case "a":
      return DAYS[date.getDay()]!;
    case "b":
    case "h":
      return MONTHS[date.getMonth()]!;
    case "F":
      return `${date.getFullYear()}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`;
    case "T":
      return `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}`;
    case "z":
      return utcOffset(date);
    case "%":
      return "%";
    default:
      return undefined;
  }
}

function dayOfYear(date: Date): number {
  const start = Date.UTC(date.getFullYear(), 0, 1);
  const today = Date.UTC(date.getFullYear(), date.getMonth(), date.getDate());
  return (today - start) / MS_PER_DAY + 1;
}

/** "+hhmm" or "-hhmm", as %z prints it. */
function utcOffset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60), 2)}${pad(abs % 60, 2)}`;
}
