// Redirect URI whitelist matching (livechat-api.md 1.1): scheme and host (with port) exactly,
// the configured path contained in the requested one, no `..` traversal, no fragment.

function hasTraversal(raw: string): boolean {
  const path = raw.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "").split(/[?#]/)[0] ?? "";
  return path.split("/").some((segment) => /^(\.|%2e){2}$/i.test(segment));
}

export function redirectUriAllowed(requested: string, whitelist: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(requested);
  } catch {
    return false;
  }
  if (url.hash || requested.includes("#") || hasTraversal(requested)) return false;
  return whitelist.some((configured) => {
    let allowed: URL;
    try {
      allowed = new URL(configured);
    } catch {
      return false;
    }
    if (allowed.protocol !== url.protocol || allowed.host !== url.host) return false;
    const base = allowed.pathname.replace(/\/+$/, "");
    // Segment-aware containment (stricter): `/cb` accepts `/cb` and `/cb/x`, not `/cbx`.
    return base === "" || url.pathname === base || url.pathname.startsWith(`${base}/`);
  });
}
