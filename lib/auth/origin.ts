// Cross-site request protection for state-changing requests: the browser's `Origin` header must be
// exactly the app's own origin (NEXTAUTH_URL's, serialized as browsers send it). A missing header
// and the opaque `null` origin (sandboxed frames, privacy redirects) are refused too.
export function isSameOrigin(origin: string | null | undefined, appOrigin: string): boolean {
  return typeof origin === "string" && origin !== "null" && origin === appOrigin;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isMutatingMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}
