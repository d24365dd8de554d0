// Headers every page response gets from proxy.ts: a Content-Security-Policy with a fresh nonce
// (Next.js reads the nonce from the request's CSP header and puts it on its own scripts), and HSTS
// once the dashboard is served over https. The headers that never change (Permissions-Policy,
// X-Frame-Options, …) are in next.config.js, which applies them to every response.
import crypto from "node:crypto";

export interface PageHeaderOptions {
  /** A fresh value per request (createNonce). */
  nonce: string;
  /** NEXTAUTH_URL: https turns on HSTS and upgrade-insecure-requests. */
  appUrl: string;
  /** LIVECHAT_ACCOUNTS_URL: the sign-in leaves for this origin. */
  accountsUrl: string;
  /** `next dev`: React's dev tools need eval and inline styles. */
  isDevelopment: boolean;
}

/** One year, subdomains included; not `preload`, which cannot be taken back quickly. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

/** 128 random bits, base64 (the form Next.js extracts from `'nonce-…'`). */
export function createNonce(): string {
  return crypto.randomBytes(16).toString("base64");
}

export function isHttps(url: string): boolean {
  return new URL(url).protocol === "https:";
}

export function contentSecurityPolicy(options: PageHeaderOptions): string {
  const nonce = `'nonce-${options.nonce}'`;
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic': the nonced Next.js scripts may load their chunks; 'self' only serves browsers
    // without CSP 3. Next.js looks for the nonce in script-src, so it stays the first script directive.
    "script-src": ["'self'", nonce, "'strict-dynamic'", ...(options.isDevelopment ? ["'unsafe-eval'"] : [])],
    // A nonce in the list disables 'unsafe-inline', which the dev overlay needs.
    "style-src": ["'self'", options.isDevelopment ? "'unsafe-inline'" : nonce],
    // style="…" attributes (a few table cells): they cannot carry a nonce, run no script, and
    // unlike <style> elements cannot hold selectors that read the page.
    "style-src-attr": ["'unsafe-inline'"],
    // Bot avatars are https URLs on any host (lib/validation/bot.ts).
    "img-src": ["'self'", "data:", "https:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    // The sign-in goes to LiveChat's accounts service and comes back.
    "form-action": ["'self'", new URL(options.accountsUrl).origin],
    "frame-ancestors": ["'none'"],
  };
  const policy = Object.entries(directives).map(([name, sources]) => `${name} ${sources.join(" ")}`);
  // Over http (local runs, the tests) upgrading would break every request.
  if (isHttps(options.appUrl)) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

export interface PageSecurityHeaders {
  "Content-Security-Policy": string;
  "Strict-Transport-Security"?: string;
}

/** The headers proxy.ts sets on a page response. */
export function pageSecurityHeaders(options: PageHeaderOptions): PageSecurityHeaders {
  const headers: PageSecurityHeaders = { "Content-Security-Policy": contentSecurityPolicy(options) };
  if (isHttps(options.appUrl)) headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY;
  return headers;
}
