// The cookies of the sign-in flow and the session, and how a `Cookie` header is read. All HttpOnly
// and SameSite=Lax (the OAuth callback is a top-level GET from LiveChat, which Lax still sends), and
// Secure whenever the app is served over HTTPS or runs in production on a real host.
import type { CookieOption } from "next-auth";

export interface AuthCookies {
  sessionToken: CookieOption;
  callbackUrl: CookieOption;
  csrfToken: CookieOption;
  pkceCodeVerifier: CookieOption;
  state: CookieOption;
  nonce: CookieOption;
  /** Ours: what went wrong in the last sign-in attempt, read once by the error page. */
  signInFailure: CookieOption;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function shouldUseSecureCookies(appUrl: string, isProduction: boolean): boolean {
  const url = new URL(appUrl);
  if (url.protocol === "https:") return true;
  // `next start` on a laptop or in the browser tests serves http://127.0.0.1 in production mode;
  // anywhere else production must be HTTPS, and a Secure cookie makes a plain-HTTP setup fail loudly.
  return isProduction && !LOOPBACK.has(url.hostname);
}

/** PKCE verifier and state live 15 minutes, as next-auth's own defaults. */
const FLOW_MAX_AGE_SECONDS = 15 * 60;

export function authCookies(secure: boolean): AuthCookies {
  const prefix = secure ? "__Secure-" : "";
  const options = { httpOnly: true, sameSite: "lax", path: "/", secure } as const;
  return {
    sessionToken: { name: `${prefix}next-auth.session-token`, options },
    callbackUrl: { name: `${prefix}next-auth.callback-url`, options },
    csrfToken: { name: `${secure ? "__Host-" : ""}next-auth.csrf-token`, options },
    pkceCodeVerifier: { name: `${prefix}next-auth.pkce.code_verifier`, options: { ...options, maxAge: FLOW_MAX_AGE_SECONDS } },
    state: { name: `${prefix}next-auth.state`, options: { ...options, maxAge: FLOW_MAX_AGE_SECONDS } },
    nonce: { name: `${prefix}next-auth.nonce`, options },
    signInFailure: { name: `${prefix}botdesk.signin-failure`, options: { ...options, maxAge: 5 * 60 } },
  };
}

/**
 * A `Cookie` header as a map. Values that are not valid percent-encoding (`junk=%E0%A4%A`) are
 * skipped: a cookie we cannot read is a cookie we ignore, never an error.
 */
export function parseCookieHeader(header: string | null): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    const name = part.slice(0, Math.max(index, 0)).trim();
    if (!name || jar.has(name)) continue;
    try {
      jar.set(name, decodeURIComponent(part.slice(index + 1).trim()));
    } catch {
      // malformed: ignored
    }
  }
  return jar;
}
