// The /api/auth/* route: next-auth, plus what it does not do for us —
// - only the two known scope sets may be put on the authorize URL;
// - starting a sign-in while LiveChat is unreachable ends on our error page, not a browser error;
// - every failed callback ends on /signin/error with the actual cause (denied consent, altered or
//   expired state, LiveChat's own error), never a stack trace or next-auth's generic code.
import NextAuth from "next-auth";
import { decode, encode } from "next-auth/jwt";
import { NextRequest, NextResponse } from "next/server";
import { ALLOWED_SCOPE_PARAMS } from "../livechat/scopes";
import { authConfig } from "./config";
import { authOptions } from "./options";
import { parseCookieHeader } from "./session";
import { runSignInAttempt, SignInFailureSchema, type SignInFailure } from "./sign-in-failure";

type AuthRouteContext = { params: Promise<{ nextauth?: string[] }> };

/** livechat-api.md 1.9: the OAuth codes LiveChat may send; anything else is shown as unknown. */
const OAUTH_ERROR_CODES = new Set([
  "invalid_request", "unauthorized_client", "access_denied", "unsupported_response_type", "invalid_scope",
  "server_error", "temporarily_unavailable", "unsupported_grant_type", "invalid_grant", "invalid_client", "missing_grant",
]);

export async function handleAuthRequest(request: NextRequest, context: AuthRouteContext): Promise<Response> {
  const [action, providerId] = (await context.params).nextauth ?? [];
  const nextAuth = NextAuth(authOptions()) as (request: NextRequest, context: AuthRouteContext) => Promise<Response>;
  if (providerId !== "livechat") return nextAuth(request, context);
  if (action === "signin" && request.method === "POST") return startSignIn(request, context, nextAuth);
  if (action === "callback") return finishSignIn(request, context, nextAuth);
  return nextAuth(request, context);
}

async function startSignIn(request: NextRequest, context: AuthRouteContext, nextAuth: typeof handleAuthRequest) {
  const body = await request.text();
  const wantsJson = new URLSearchParams(body).get("json") === "true";
  if (!(await isLiveChatReachable())) {
    return failureRedirect({ reason: "livechat_unreachable" }, { json: wantsJson });
  }
  const url = new URL(request.url);
  const scope = url.searchParams.get("scope");
  url.search = "";
  if (scope && ALLOWED_SCOPE_PARAMS.includes(scope)) url.searchParams.set("scope", scope);
  return nextAuth(new NextRequest(url, { method: "POST", headers: request.headers, body }), context);
}

async function isLiveChatReachable(): Promise<boolean> {
  try {
    // Any HTTP answer will do (this one is a 4xx without a token); only silence counts as down.
    await fetch(`${authConfig().accounts.accountsUrl}/v2/info`, { signal: AbortSignal.timeout(5000), cache: "no-store" });
    return true;
  } catch {
    return false;
  }
}

async function finishSignIn(request: NextRequest, context: AuthRouteContext, nextAuth: typeof handleAuthRequest) {
  const early = await checkCallback(request);
  if (early) return failureRedirect(early);
  const { result, failure } = await runSignInAttempt(() => nextAuth(request, context));
  const location = result.headers.get("location") ?? "";
  const isFailure = /\/api\/auth\/(error|signin)\b|\/signin(\/error)?\?/.test(location) || result.status >= 400;
  return isFailure ? failureRedirect(failure ?? { reason: "server_error" }, { base: result }) : result;
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
