// Next.js 16 proxy (formerly middleware): per-request CSP nonce and the page security headers
// (lib/security/page-headers.ts). Nothing else: each page, route and action checks auth itself.
import { NextResponse, type NextRequest } from "next/server";
import { webEnv } from "./lib/env";
import { createNonce, pageSecurityHeaders } from "./lib/security/page-headers";

export function proxy(request: NextRequest): NextResponse {
  const env = webEnv();
  const headers = pageSecurityHeaders({
    nonce: createNonce(),
    appUrl: env.NEXTAUTH_URL,
    accountsUrl: env.LIVECHAT_ACCOUNTS_URL,
    isDevelopment: env.NODE_ENV === "development",
  });
  // Next.js renders with the nonce it finds in the request's CSP header (replacing any a client sent).
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["Content-Security-Policy"]);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) if (value) response.headers.set(name, value);
  return response;
}

export const config = {
  // Pages only: API routes answer JSON (and the webhook receiver streams its body), static files
  // carry no script.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon\\.ico).*)"],
};
