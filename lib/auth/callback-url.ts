// Where a sign-in may send the browser afterwards: paths on this site only. Anything else — other
// hosts, `//evil`, `/\evil`, text that is not a URL at all — goes to the dashboard, never to an error.

/** A same-site path from a query or form value; `/` when it is anything else. */
export function safeCallbackPath(value: unknown): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (typeof candidate !== "string" || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) return "/";
  // Control characters have no place in a path and confuse URL parsers.
  return /[\u0000-\u001f\u007f]/.test(candidate) ? "/" : candidate;
}

/** next-auth's `redirect` callback: its default throws (a 500) on a value `new URL` cannot parse. */
export function safeRedirectUrl(url: string, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  const path = safeCallbackPath(url);
  if (path !== "/" || url === "/") return `${base}${path}`;
  try {
    const parsed = new URL(url);
    if (parsed.origin === new URL(base).origin) return parsed.toString();
  } catch {
    // not a URL: the dashboard
  }
  return `${base}/`;
}
