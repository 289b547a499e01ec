/**
 * The config file (`--config FILE`): TOML, parsed by `npm:smol-toml`, checked key by key.
 * Every key is documented in docs/config.md, with wirescope.example.toml as a starting point.
 * An unknown key or a bad value is one `ConfigError` naming the file and the key.
 *
 * Secrets (webhook URLs and HMAC keys, SMTP passwords) are read from this file or, with the
 * `_env` form of their key, from the environment: never from argv.
 */
// deno-lint-ignore no-import-prefix
import { parse } from "npm:smol-toml@1";
import { SEVERITIES, type Severity } from "../alerts/alert.ts";
import { type AlertOptions, resolveAlertOptions } from "../alerts/alert_options.ts";
import type { Channel, EmailChannel, WebhookChannel } from "../notify/channel.ts";
import { ConfigError } from "./config_error.ts";
import { type TableReader, TableReader as Reader } from "./config_reader.ts";

export interface DatabaseConfig {
  /** false: keep history in memory only (as `--no-db`). */
  enabled: boolean;
  path?: string;
  retentionDays?: number;
  maxBytes?: number;
}

export interface NotifyConfig {
  channels: Channel[];
  digestWindowMs?: number;
  giveUpAfterMs?: number;
  outboxMax?: number;
}

export interface WirescopeConfig {
  database: DatabaseConfig;
  notify: NotifyConfig;
  /** Every detector threshold, defaults filled in. */
  alerts: AlertOptions;
}

export interface ConfigSources {
  readTextFile: (path: string) => string;
  env: (name: string) => string | undefined;
}

const SYSTEM: ConfigSources = {
  readTextFile: (path) => Deno.readTextFileSync(path),
  env: (name) => Deno.env.get(name),
};

/** The configuration when no file is given: defaults everywhere, no channels. */
export function defaultConfig(): WirescopeConfig {
  return { database: { enabled: true }, notify: { channels: [] }, alerts: resolveAlertOptions() };
}

export function loadConfig(path: string, sources: ConfigSources = SYSTEM): WirescopeConfig {
  let text: string;
  try {
    text = sources.readTextFile(path);
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound
      ? "no such file"
      : error instanceof Error
      ? error.message
      : String(error);
    throw new ConfigError(`Cannot read config "${path}": ${reason}`);
  }
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ConfigError(`Invalid config "${path}": not TOML: ${message}`);
  }
  const root = new Reader(document, "", path);
  const database = readDatabase(root.table("database"));
  const notify = readNotify(root.table("notify"), sources, path);
  const alerts = readAlerts(root.table("alerts"), sources, path);
  root.done();
  return { database, notify, alerts };
}

function readDatabase(t: TableReader | undefined): DatabaseConfig {
  if (!t) return { enabled: true };
  const out: DatabaseConfig = { enabled: t.boolean("enabled") ?? true };
  const path = t.string("path");
  if (path !== undefined) out.path = path;
  const days = t.number("retention_days", 1, 36_500);
  if (days !== undefined) out.retentionDays = days;
  const mb = t.number("max_size_mb", 1, 1_048_576);
  if (mb !== undefined) out.maxBytes = mb * 1024 * 1024;
  t.done();
  return out;
}

function readNotify(
  t: TableReader | undefined,
  sources: ConfigSources,
  file: string,
): NotifyConfig {
  if (!t) return { channels: [] };
  const out: NotifyConfig = { channels: [] };
  const digest = t.number("digest_window_s", 0, 86_400);
  if (digest !== undefined) out.digestWindowMs = digest * 1000;
  const giveUp = t.number("give_up_after_min", 1, 10_080);
  if (giveUp !== undefined) out.giveUpAfterMs = giveUp * 60_000;
  const outbox = t.number("outbox_max", 1, 100_000);
  if (outbox !== undefined) out.outboxMax = outbox;
  for (const w of t.tables("webhook")) out.channels.push(readWebhook(w, sources));
  for (const e of t.tables("email")) out.channels.push(readEmail(e, sources));
  t.done();
  const names = new Set<string>();
  for (const channel of out.channels) {
    if (names.has(channel.name)) {
      throw new ConfigError(
        `Invalid config "${file}": notify channel name "${channel.name}" is used twice`,
      );
    }
    names.add(channel.name);
  }
  return out;
}

function readWebhook(t: TableReader, sources: ConfigSources): WebhookChannel {
  const url = t.secret("url", sources.env);
  if (url === undefined) t.fail("url", "is required (or url_env)");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    t.fail("url", "is not a URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    t.fail("url", "must be http:// or https://");
  }
  const channel: WebhookChannel = {
    kind: "webhook",
    name: t.string("name") ?? `webhook-${parsed.hostname}`,
    url,
    format: t.oneOf("format", ["generic", "slack", "discord"] as const) ?? "generic",
    minSeverity: severity(t),
  };
  const secret = t.secret("secret", sources.env);
  if (secret !== undefined) channel.secret = secret;
  t.done();
  return channel;
}

function readEmail(t: TableReader, sources: ConfigSources): EmailChannel {
  const host = t.string("host") ?? t.fail("host", "is required");
  const security = t.oneOf("security", ["starttls", "tls", "none"] as const) ?? "starttls";
  const to = t.strings("to") ?? t.fail("to", "is required (a list of addresses)");
  if (to.length === 0) t.fail("to", "must name at least one address");
  const channel: EmailChannel = {
    kind: "email",
    name: t.string("name") ?? `email-${host}`,
    host,
    port: t.number("port", 1, 65_535) ?? (security === "tls" ? 465 : 587),
    security,
    from: t.string("from") ?? t.fail("from", "is required"),
    to,
    minSeverity: severity(t),
  };
  const username = t.string("username");
  if (username !== undefined) channel.username = username;
  const password = t.secret("password", sources.env);
  if (password !== undefined) {
    if (username === undefined) t.fail("password", "needs a username");
    channel.password = password;
  }
  const caFile = t.string("ca_file");
  if (caFile !== undefined) {
    try {
      channel.ca = sources.readTextFile(caFile);
    } catch {
      t.fail("ca_file", `"${caFile}" cannot be read`);
    }
  }
  t.done();
  return channel;
}

function severity(t: TableReader): Severity {
  return t.oneOf("min_severity", SEVERITIES) ?? "warning";
}

/**
 * `[alerts]` maps onto the alert engine's options key by key: `[alerts.port_scan]` with
 * `window_ms = 60000` is `portScan.windowMs`. `blocklist` lists addresses and CIDRs;
 * `blocklist_file` names a FireHOL-style list (one entry a line, `#` comments) added to it.
 */
function readAlerts(
  t: TableReader | undefined,
  sources: ConfigSources,
  file: string,
): AlertOptions {
  const input: Record<string, unknown> = {};
  if (t) {
    const blocklist = [...(t.strings("blocklist") ?? [])];
    const listFile = t.string("blocklist_file");
    if (listFile !== undefined) {
      let text = "";
      try {
        text = sources.readTextFile(listFile);
      } catch {
        t.fail("blocklist_file", `"${listFile}" cannot be read`);
      }
      for (const line of text.split("\n")) {
        const entry = line.replace(/#.*/, "").trim();
        if (entry) blocklist.push(entry);
      }
    }
    if (t.has("blocklist") || listFile !== undefined) input.blocklist = blocklist;
    for (const key of Object.keys(tableKeys(t))) {
      if (key === "blocklist" || key === "blocklist_file") continue;
      const section = t.table(key)!;
      const values: Record<string, unknown> = {};
      for (const inner of Object.keys(tableKeys(section))) {
        values[camel(inner)] = section.raw(inner);
      }
      input[camel(key)] = values;
    }
  }
  try {
    return resolveAlertOptions(input as Parameters<typeof resolveAlertOptions>[0]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The engine names keys as it spells them (alerts.portScan.windowMs); say them as the file does.
    throw new ConfigError(`Invalid config "${file}": ${snakeNames(message)}`);
  }
}

function tableKeys(t: TableReader): Record<string, unknown> {
  return t.entries();
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function snakeNames(message: string): string {
  return message.replace(
    /alerts(\.[A-Za-z0-9]+)+/g,
    (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
  );
}
