import assert from "node:assert/strict";
import { type ConfigSources, loadConfig } from "./config_file.ts";
import { ConfigError } from "./config_error.ts";
import { DEFAULT_ALERT_OPTIONS } from "../alerts/alert_options.ts";

function sources(files: Record<string, string>, env: Record<string, string> = {}): ConfigSources {
  return {
    readTextFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Deno.errors.NotFound(path);
      return text;
    },
    env: (name) => env[name],
  };
}

function load(toml: string, env: Record<string, string> = {}, extra: Record<string, string> = {}) {
  return loadConfig("w.toml", sources({ "w.toml": toml, ...extra }, env));
}

function refuses(toml: string, expected: RegExp, env: Record<string, string> = {}) {
  assert.throws(() => load(toml, env), (e: Error) => {
    assert.ok(e instanceof ConfigError, `${e.name}: ${e.message}`);
    assert.match(e.message, expected);
    assert.ok(!e.message.includes("\n"), "one line");
    return true;
  });
}

Deno.test("the example file in the repository loads and sets what it says", () => {
  const text = Deno.readTextFileSync(new URL("../wirescope.example.toml", import.meta.url));
  const config = load(text, {
    WIRESCOPE_SLACK_URL: "https://hooks.example/x",
    WIRESCOPE_SMTP_PASSWORD: "pw",
  });
  assert.equal(config.database.retentionDays, 30);
  assert.deepEqual(config.notify.channels.map((c) => c.name), ["ops-slack", "siem", "oncall"]);
  assert.equal(config.alerts.portScan.verticalMinPorts, 25);
});

Deno.test("loadConfig() reads database, channels with secrets from the environment, and detector thresholds", () => {
  const config = load(
    `
[database]
path = "/var/lib/ws.db"
retention_days = 7
max_size_mb = 64

[notify]
digest_window_s = 30
give_up_after_min = 90

[[notify.webhook]]
name = "chat"
url_env = "HOOK_URL"
format = "discord"
min_severity = "critical"
secret = "hmac-key"

[[notify.email]]
host = "smtp.example.test"
username = "me"
password_env = "SMTP_PW"
from = "ws@example.test"
to = ["a@example.test"]

[alerts]
blocklist = ["203.0.113.0/24"]
blocklist_file = "bad.netset"

[alerts.port_scan]
vertical_min_ports = 50
window_ms = 30000
`,
    { HOOK_URL: "https://discord.example/api/webhooks/1/abc", SMTP_PW: "s3cret" },
    { "bad.netset": "# FireHOL level1\n198.51.100.7\n192.0.2.0/24 # comment\n\n" },
  );
  assert.deepEqual(config.database, {
    enabled: true,
    path: "/var/lib/ws.db",
    retentionDays: 7,
    maxBytes: 64 * 1024 * 1024,
  });
  assert.equal(config.notify.digestWindowMs, 30_000);
  assert.equal(config.notify.giveUpAfterMs, 90 * 60_000);
  const [chat, mail] = config.notify.channels;
  assert.deepEqual(chat, {
    kind: "webhook",
    name: "chat",
    url: "https://discord.example/api/webhooks/1/abc",
    format: "discord",
    minSeverity: "critical",
    secret: "hmac-key",
  });
  assert.equal(mail?.kind, "email");
  assert.equal(mail?.kind === "email" && mail.password, "s3cret");
  assert.equal(mail?.kind === "email" && mail.port, 587, "STARTTLS submission port by default");
  assert.equal(mail?.minSeverity, "warning");
  assert.equal(config.alerts.portScan.verticalMinPorts, 50);
  assert.equal(config.alerts.portScan.windowMs, 30_000);
  assert.equal(
    config.alerts.portScan.horizontalMinHosts,
    DEFAULT_ALERT_OPTIONS.portScan.horizontalMinHosts,
  );
  assert.deepEqual(config.alerts.blocklist, ["203.0.113.0/24", "198.51.100.7", "192.0.2.0/24"]);
});

Deno.test("loadConfig() refuses unknown keys and bad values with one line naming the key", () => {
  refuses(`[databse]\npath = "x"`, /unknown key databse/);
  refuses(`[database]\nretention = 3`, /unknown key database\.retention$/);
  refuses(`[database]\nretention_days = 0`, /database\.retention_days 0 must be between 1 and/);
  refuses(`[database]\nenabled = "yes"`, /database\.enabled "yes" must be true or false/);
  refuses(`[[notify.webhook]]\nurl = "ftp://x"`, /notify\.webhook\[0\]\.url must be http/);
  refuses(
    `[[notify.webhook]]\nurl = "http://x"\nformat = "slak"`,
    /notify\.webhook\[0\]\.format "slak" must be one of generic, slack, discord/,
  );
  refuses(
    `[[notify.webhook]]\nurl = "http://x"\nmin_severity = "loud"`,
    /min_severity "loud" must be one of info, warning, critical/,
  );
  refuses(
    `[[notify.webhook]]\nurl_env = "NOPE"`,
    /notify\.webhook\[0\]\.url_env names NOPE, which is not set/,
  );
  refuses(
    `[[notify.webhook]]\nurl = "http://a"\nname="x"\n[[notify.webhook]]\nurl = "http://b"\nname="x"`,
    /"x" is used twice/,
  );
  refuses(
    `[[notify.email]]\nhost = "h"\nfrom = "f"\nto = []`,
    /notify\.email\[0\]\.to must name at least one/,
  );
  refuses(
    `[[notify.email]]\nhost = "h"\nfrom = "f"\nto = ["t"]\npassword = "p"`,
    /password needs a username/,
  );
  refuses(`[alerts.port_scan]\nvertical_min_portz = 3`, /alerts\.port_scan\.vertical_min_portz/);
  refuses(`[alerts.syn_flood]\nmin_half_open_share = 2`, /alerts\.syn_flood\.min_half_open_share/);
  refuses(
    `[alerts]\nblocklist_file = "missing.txt"`,
    /alerts\.blocklist_file "missing\.txt" cannot be read/,
  );
  refuses(`not toml at all =`, /not TOML/);
});

Deno.test("loadConfig() names a missing file", () => {
  assert.throws(
    () => loadConfig("nope.toml", sources({})),
    /Cannot read config "nope\.toml": no such file/,
  );
});

Deno.test("a secret's message never contains the secret", () => {
  assert.throws(
    () => load(`[[notify.webhook]]\nurl = "http://x"\nsecret = "hunter2-key"\nsecret_env = "S"`),
    (e: Error) => !e.message.includes("hunter2-key") && /cannot be used together/.test(e.message),
  );
});
