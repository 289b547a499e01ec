/**
 * The Prometheus text exposition format (version 0.0.4): per metric family one `# HELP` and one
 * `# TYPE` line, then one sample per line, `name{label="value",...} value`. Label values escape
 * backslash, double quote and line feed; help text escapes backslash and line feed.
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 */

/** The media type Prometheus asks for and expects back for this format. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export interface Sample {
  /** Label names and values; absent or empty for a family's single unlabelled sample. */
  labels?: Readonly<Record<string, string>>;
  value: number;
}

export interface MetricFamily {
  /** `[a-zA-Z_:][a-zA-Z0-9_:]*`; counters end in `_total` (Prometheus' naming guide). */
  name: string;
  help: string;
  type: "counter" | "gauge";
  samples: readonly Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escapeLabelValue(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
}

function escapeHelp(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
}

/** Go's strconv form Prometheus parses: integers plainly, and NaN, +Inf, -Inf by name. */
function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

/** The exposition text of `families`, in their order. Throws RangeError for an invalid name. */
export function prometheusText(families: readonly MetricFamily[]): string {
  let out = "";
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) {
      throw new RangeError(`Cannot expose metric "${family.name}": not a valid metric name`);
    }
    out += `# HELP ${family.name} ${escapeHelp(family.help)}\n`;
    out += `# TYPE ${family.name} ${family.type}\n`;
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels ?? {});
      let text = family.name;
      if (labels.length > 0) {
        text += "{";
        labels.forEach(([name, value], i) => {
          if (!LABEL_NAME.test(name) || name.startsWith("__")) {
            throw new RangeError(`Cannot expose label "${name}" of ${family.name}: invalid name`);
          }
          text += `${i > 0 ? "," : ""}${name}="${escapeLabelValue(value)}"`;
        });
        text += "}";
      }
      out += `${text} ${formatValue(sample.value)}\n`;
    }
  }
  return out;
}
