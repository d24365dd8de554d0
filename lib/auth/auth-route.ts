// The /api/auth/* route: next-auth, plus what it does not do for us —
// - sign-in steps are rate limited per client IP before anything else (no LiveChat call first);
// - only the two known scope sets may be put on the authorize URL, and the page to come back to
//   must be on this site (anything malformed goes to the dashboard, never a 500);
// - starting a sign-in while LiveChat is unreachable ends on our error page, not a browser error;
// - every failed callback ends on /signin/error with the actual cause (denied consent, altered or
//   expired state, LiveChat's own error), never a stack trace or next-auth's generic code;
// - `/api/auth/session` answers from the server-side record and never re-issues (extends) the cookie;
// - a new sign-in in a browser ends that browser's previous session.
import NextAuth from "next-auth";
import { decode, encode } from "next-auth/jwt";
import { NextRequest, NextResponse } from "next/server";
import { getDb } from "../db";
import { revokeUserSession } from "../data/sessions";
import { ALLOWED_SCOPE_PARAMS } from "../livechat/scopes";
import { createLogger } from "../log";
import type { LimitName } from "../rate-limit/limits";
import { rateLimits } from "../rate-limit/rate-limits";
import { safeRedirectUrl } from "./callback-url";
import { clientIp } from "./client-ip";
import { authConfig } from "./config";
import { parseCookieHeader } from "./cookies";
import { authOptions } from "./options";
import { rateLimitedError, rateLimitedResponse } from "./request-limits";
import { decodeSessionToken, readSessionFromRequest, sessionTokenFromRequest } from "./session";
import { runSignInAttempt, SignInFailureSchema, type SignInFailure } from "./sign-in-failure";

type AuthRouteContext = { params: Promise<{ nextauth?: string[] }> };

const log = createLogger({ scope: "auth" });

/** livechat-api.md 1.9: the OAuth codes LiveChat may send; anything else is shown as unknown. */
const OAUTH_ERROR_CODES = new Set([
  "invalid_request", "unauthorized_client", "access_denied", "unsupported_response_type", "invalid_scope",
  "server_error", "temporarily_unavailable", "unsupported_grant_type", "invalid_grant", "invalid_client", "missing_grant",
]);

export async function handleAuthRequest(incoming: NextRequest, context: AuthRouteContext): Promise<Response> {
  try {
    const [action, providerId] = (await context.params).nextauth ?? [];
    if (action === "session") return await sessionAnswer(incoming);
    // next-auth answers a callback URL `new URL` cannot parse with a 500, in the query or its cookie.
    if (hasUnparsableCallbackCookie(incoming)) return retryWithoutCallbackCookie(incoming);
    const request = await withSafeCallbackParam(incoming);
    const nextAuth = NextAuth(authOptions()) as (request: NextRequest, context: AuthRouteContext) => Promise<Response>;
    if (providerId !== "livechat") return await nextAuth(request, context);
    if (action === "signin" && request.method === "POST") return await startSignIn(request, context, nextAuth);
    if (action === "callback") return await finishSignIn(request, context, nextAuth);
    return await nextAuth(request, context);
  } catch (error) {
    log.error("Sign-in route failed", { error });
    return failureRedirect({ reason: "server_error" });
  }
}

/** As next-auth checks it (its `isValidHttpUrl`): an http(s) URL, or a path. */
function isParsableCallbackUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? authConfig().appOrigin : undefined).protocol);
  } catch {
    return false;
  }
}

function hasUnparsableCallbackCookie(request: NextRequest): boolean {
  const value = parseCookieHeader(request.headers.get("cookie")).get(authConfig().cookies.callbackUrl.name);
  return value !== undefined && !isParsableCallbackUrl(value);
}

/** The same request again (307 keeps the method and the body), without the cookie. */
function retryWithoutCallbackCookie(request: NextRequest): Response {
  const { cookies } = authConfig();
  // A relative Location: NextRequest spells 127.0.0.1 as localhost, where this cookie does not live.
  const location = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  const response = new NextResponse(null, { status: 307, headers: { Location: location, "Cache-Control": "no-store" } });
  response.cookies.set(cookies.callbackUrl.name, "", { ...cookies.callbackUrl.options, maxAge: 0 });
  return response;
}

/** `?callbackUrl=` as the dashboard or a same-site URL, whatever was sent. */
async function withSafeCallbackParam(request: NextRequest): Promise<NextRequest> {
  const value = request.nextUrl.searchParams.get("callbackUrl");
  if (value === null) return request;
  const url = new URL(request.url);
  url.searchParams.set("callbackUrl", safeRedirectUrl(value, authConfig().appOrigin));
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.text();
  return new NextRequest(url, { method: request.method, headers: request.headers, body });
}

/**
 * next-auth's `/session` would decode the cookie and set it again with a new expiry on every call.
 * Ours reads the server-side record and sets nothing: the session ends when it was going to.
 */
async function sessionAnswer(request: NextRequest): Promise<Response> {
  const session = await readSessionFromRequest(request);
  const body = session.user
    ? { user: { id: session.user.id }, orgId: session.user.activeOrgId, expires: session.expiresAt.toISOString() }
    : {};
  return NextResponse.json(body, { headers: { "Cache-Control": "private, no-cache, no-store" } });
}

/** Counts one sign-in step of this client's address; a refusal as the documented 429. */
async function overSignInLimit(request: NextRequest, name: LimitName, extra: Record<string, unknown> = {}): Promise<Response | null> {
  const decision = await rateLimits().consume(name, clientIp(request));
  return decision.allowed ? null : rateLimitedResponse(rateLimitedError(name, decision.retryAfterSeconds), extra);
}

async function startSignIn(request: NextRequest, context: AuthRouteContext, nextAuth: typeof handleAuthRequest) {
  const form = new URLSearchParams(await request.text());
  const wantsJson = form.get("json") === "true";
  const { appUrl, appOrigin } = authConfig();
  // next-auth's sign-in button follows `url` whatever the status: the error page explains.
  const limited = await overSignInLimit(request, "signInStart", { url: `${appUrl}/signin/error?reason=rate_limited` });
  if (limited) return limited;
  if (!(await isLiveChatReachable())) {
    return failureRedirect({ reason: "livechat_unreachable" }, { json: wantsJson });
  }
  form.set("callbackUrl", safeRedirectUrl(form.get("callbackUrl") ?? "/", appOrigin));
  const url = new URL(request.url);
  const scope = url.searchParams.get("scope");
  url.search = "";
  if (scope && ALLOWED_SCOPE_PARAMS.includes(scope)) url.searchParams.set("scope", scope);
  return nextAuth(new NextRequest(url, { method: "POST", headers: request.headers, body: form.toString() }), context);
}

/**
 * A positive answer is trusted for a minute (unless a callback finds LiveChat gone): a burst of
 * sign-ins asks LiveChat once.
 */
const REACHABLE_FOR_MS = 60_000;
let reachableUntil = 0;
let probing: Promise<boolean> | null = null;

async function isLiveChatReachable(): Promise<boolean> {
  if (Date.now() < reachableUntil) return true;
  probing ??= probeLiveChat().finally(() => {
    probing = null;
  });
  return probing;
}

async function probeLiveChat(): Promise<boolean> {
  try {
    // Any HTTP answer will do (this one is a 4xx without a token); only silence counts as down.
    await fetch(`${authConfig().accounts.accountsUrl}/v2/info`, { signal: AbortSignal.timeout(5000), cache: "no-store" });
    reachableUntil = Date.now() + REACHABLE_FOR_MS;
    return true;
  } catch {
    return false;
  }
}

async function finishSignIn(request: NextRequest, context: AuthRouteContext, nextAuth: typeof handleAuthRequest) {
  const limited = await overSignInLimit(request, "signInCallback");
  if (limited) return limited;
  const early = await checkCallback(request);
  if (early) return failureRedirect(early);
  const previous = await decodeSessionToken(sessionTokenFromRequest(request));
  const { result, failure } = await runSignInAttempt(() => nextAuth(request, context));
  const location = result.headers.get("location") ?? "";
  const isFailure = /\/api\/auth\/(error|signin)\b|\/signin(\/error)?\?/.test(location) || result.status >= 400;
  if (isFailure) {
    // LiveChat went away since it last answered: the next start asks again instead of trusting it.
    if (failure?.reason === "livechat_unreachable") reachableUntil = 0;
    return failureRedirect(failure ?? { reason: "server_error" }, { base: result });
  }
  // The browser now holds a new session: its previous cookie must not keep working elsewhere.
  if (previous) await revokeUserSession(getDb(), { sessionId: previous.sid, reason: "signed_out", now: new Date() });
  return result;
}

async function checkCallback(request: NextRequest): Promise<SignInFailure | null> {
  const query = request.nextUrl.searchParams;
  const error = query.get("error");
  if (error === "access_denied") return { reason: "access_denied", livechatError: error };
  if (error) return { reason: "livechat_error", livechatError: OAUTH_ERROR_CODES.has(error) ? error : "unknown_error" };
  const { cookies, secret } = authConfig();
  const jar = parseCookieHeader(request.headers.get("cookie"));
  const stateCookie = jar.get(cookies.state.name);
  if (!stateCookie || !jar.get(cookies.pkceCodeVerifier.name)) return { reason: "flow_expired" };
  const stored = await decode({ token: stateCookie, secret, salt: cookies.state.name }).catch(() => null);
  if (!stored) return { reason: "flow_expired" };
  if (query.get("state") !== stored.value) return { reason: "state_mismatch" };
  return null;
}

async function failureRedirect(failure: SignInFailure, options: { base?: Response; json?: boolean } = {}): Promise<Response> {
  const { appUrl, cookies, secret } = authConfig();
  const location = `${appUrl}/signin/error?reason=${failure.reason}`;
  const response = options.json ? NextResponse.json({ url: location }) : NextResponse.redirect(location, 302);
  const detail = await encode({ token: { ...failure }, secret, salt: cookies.signInFailure.name, maxAge: 300 });
  response.cookies.set(cookies.signInFailure.name, detail, cookies.signInFailure.options);
  // The flow's cookies are spent either way.
  response.cookies.set(cookies.state.name, "", { ...cookies.state.options, maxAge: 0 });
  response.cookies.set(cookies.pkceCodeVerifier.name, "", { ...cookies.pkceCodeVerifier.options, maxAge: 0 });
  for (const cookie of options.base?.headers.getSetCookie() ?? []) {
    if (!cookie.startsWith(`${cookies.state.name}=`) && !cookie.startsWith(`${cookies.pkceCodeVerifier.name}=`)) {
      response.headers.append("set-cookie", cookie);
    }
  }
  return response;
}

/** The error page reads what the route recorded; a missing or altered cookie means no details. */
export async function readSignInFailureDetail(token: string | undefined): Promise<SignInFailure | null> {
  if (!token) return null;
  const { cookies, secret } = authConfig();
  const payload = await decode({ token, secret, salt: cookies.signInFailure.name }).catch(() => null);
  const parsed = SignInFailureSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}
