/**
 * Real local receivers for notification tests, all on loopback: webhook servers that answer 200,
 * answer 500 or never answer, a port that refuses connections, and an SMTP sink
 * (`npm:smtp-server`) that requires STARTTLS and a password, with a certificate made for it.
 */
// deno-lint-ignore no-import-prefix
import { SMTPServer } from "npm:smtp-server@3";

export interface WebhookReceiver {
  url: string;
  /** Bodies and headers received, in order. */
  received: { body: string; headers: Headers }[];
  close(): Promise<void>;
}

export function webhookReceiver(mode: "ok" | "error" | "hang"): WebhookReceiver {
  const received: WebhookReceiver["received"] = [];
  const hanging: (() => void)[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    received.push({ body: await req.text(), headers: req.headers });
    if (mode === "ok") return new Response("ok");
    if (mode === "error") return new Response("boom", { status: 500 });
    // Hang until the receiver closes.
    await new Promise<void>((resolve) => hanging.push(resolve));
    return new Response("late");
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/hooks/T0KEN-secret-path`,
    received,
    async close() {
      for (const release of hanging) release();
      await server.shutdown();
    },
  };
}

/** A loopback URL where nothing listens: the port of a listener just closed. */
export function refusingUrl(): string {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return `http://127.0.0.1:${port}/hook`;
}

export interface TestCertificate {
  key: string;
  cert: string;
}

/** A self-signed certificate for localhost and 127.0.0.1, made with openssl. */
export async function testCertificate(): Promise<TestCertificate> {
  const dir = await Deno.makeTempDir();
  try {
    const { success, stderr } = await new Deno.Command("openssl", {
      args: [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout",
        `${dir}/key.pem`,
        "-out",
        `${dir}/cert.pem`,
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!success) throw new Error(`openssl failed: ${new TextDecoder().decode(stderr)}`);
    return {
      key: await Deno.readTextFile(`${dir}/key.pem`),
      cert: await Deno.readTextFile(`${dir}/cert.pem`),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

export interface SmtpSink {
  port: number;
  /** Raw messages received, with the authenticated user and whether the session used TLS. */
  messages: { raw: string; user: string | undefined; secure: boolean; to: string[] }[];
  close(): Promise<void>;
}

/** An SMTP server on loopback that requires STARTTLS and user/password. */
export async function smtpSink(
  cert: TestCertificate,
  credentials: { user: string; pass: string },
): Promise<SmtpSink> {
  const messages: SmtpSink["messages"] = [];
  // deno-lint-ignore no-explicit-any
  const server: any = new SMTPServer({
    key: cert.key,
    cert: cert.cert,
    authOptional: false,
    hideSTARTTLS: false,
    allowInsecureAuth: false,
    logger: false,
    // deno-lint-ignore no-explicit-any
    onAuth(auth: any, _session: any, callback: any) {
      if (auth.username === credentials.user && auth.password === credentials.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error("Invalid username or password"));
      }
    },
    // deno-lint-ignore no-explicit-any
    onData(stream: any, session: any, callback: any) {
      const chunks: Uint8Array[] = [];
      stream.on("data", (c: Uint8Array) => chunks.push(c));
      stream.on("end", () => {
        messages.push({
          raw: new TextDecoder().decode(concat(chunks)),
          user: session.user,
          secure: session.secure,
          // deno-lint-ignore no-explicit-any
          to: session.envelope.rcptTo.map((r: any) => r.address),
        });
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server.server.address().port));
  });
  return {
    port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
