/**
 * The opt-in payload detectors, from their flags: `--payload-rules FILE` (RE2 rules) and
 * `--alert-payload` (high-entropy payloads toward cleartext ports). Without either the capture
 * worker gets no spec and looks at no payload byte for them; RE2 is not even loaded.
 */
import type { AlertOptions } from "../alerts/alert_options.ts";
import type { PayloadRule, PayloadSpec } from "../capture/payload/payload_spec.ts";
import type { Options } from "./options.ts";
import { UsageError } from "./options.ts";

/** The worker's spec, or undefined when no payload detector was asked for. Throws one line. */
export async function payloadSpecFor(
  options: Options,
  alerts: AlertOptions["payload"] | undefined,
): Promise<PayloadSpec | undefined> {
  if (options.payloadRules === undefined && !options.alertPayload) return undefined;
  if (!options.alerts || alerts === undefined) {
    const flag = options.payloadRules !== undefined ? "--payload-rules" : "--alert-payload";
    throw new UsageError(`Cannot use ${flag} with --no-alerts: it raises alerts`);
  }
  let rules: PayloadRule[] = [];
  if (options.payloadRules !== undefined) {
    const path = options.payloadRules;
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch (error) {
      const why = error instanceof Deno.errors.NotFound
        ? "no such file"
        : error instanceof Error
        ? error.message
        : String(error);
      throw new Error(`Cannot read payload rules "${path}": ${why}`);
    }
    const { parsePayloadRules } = await import("../capture/payload/payload_rules.ts");
    rules = parsePayloadRules(text, `"${path}"`);
  }
  return {
    rules,
    ...(options.alertPayload
      ? {
        entropy: {
          minBytes: alerts.entropyMinBytes,
          minBitsPerByte: alerts.entropyMinBitsPerByte,
        },
      }
      : {}),
  };
}
