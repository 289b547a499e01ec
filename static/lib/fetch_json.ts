/** GET a JSON API route; the server's `{error: {message}}` becomes the thrown Error's message. */

export async function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, signal ? { signal } : {});
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body?.error?.message ?? `${path} answered ${response.status}`;
    throw new Error(message);
  }
  return body as T;
}
