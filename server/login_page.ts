/**
 * The page a browser gets instead of the dashboard until it has given the token: one form that
 * posts to /login, no script, no style, nothing loaded from anywhere.
 */

/** The form may post only to this server; nothing else is allowed in or out. */
const LOGIN_CSP = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function loginPage(status: number, problem?: string): Response {
  const note = problem ? `<p role="alert">${escapeHtml(problem)}</p>` : "";
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wirescope: sign in</title>
</head>
<body>
<main>
<h1>wirescope</h1>
<p>This dashboard is reachable from the network, so it asks for its token once. wirescope printed
it when it started (or read it from --token-file or WIRESCOPE_TOKEN).</p>
${note}
<form method="post" action="/login">
<label for="token">Token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Open the dashboard</button>
</form>
</main>
</body>
</html>
`;
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": LOGIN_CSP,
      "cache-control": "no-store",
      // The form's POST must carry this origin in `Origin` (see assets.ts): not no-referrer.
      "referrer-policy": "same-origin",
      // RFC 9110 section 15.5.2: a 401 names the scheme that would be accepted.
      ...(status === 401 ? { "www-authenticate": 'Bearer realm="wirescope"' } : {}),
    },
  });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
