// `POST /v2/token`: authorization-code exchange and refresh (livechat-api.md 1.4–1.6).
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "./context";
import { mediaType, parseFormOrJson, readBody, sendJson, sleep } from "./http-util";
import type { AccessToken, Client, RefreshToken } from "./model";
import { OAuthError, sendOAuthError } from "./oauth-error";

export const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

function required(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  if (typeof value !== "string" || value === "") throw new OAuthError("invalid_request", `Missing parameter: ${name}`);
  return value;
}

function authenticateClient(ctx: EmulatorContext, params: Record<string, unknown>): Client {
  const client = ctx.state.clients.get(required(params, "client_id"));
  // livechat-api.md 1.4: server-side apps must send the secret, also with PKCE.
  const secret = required(params, "client_secret");
  if (!client || client.clientSecret !== secret) throw new OAuthError("invalid_client", "Client authentication failed");
  return client;
}

/** livechat-api.md 1.4: `plain` compares as is, `S256` is Base64URL(SHA-256(verifier)). */
export function challengeMatches(verifier: string, challenge: string, method: "plain" | "S256"): boolean {
  if (method === "plain") return verifier === challenge;
  return createHash("sha256").update(verifier, "ascii").digest("base64url") === challenge;
}

export function tokenResponse(ctx: EmulatorContext, access: AccessToken, refresh: RefreshToken): Record<string, unknown> {
  return {
    access_token: access.token,
    account_id: access.accountId,
    expires_in: Math.max(0, Math.round((access.expiresAtMs - ctx.clock.now()) / 1000)),
    organization_id: access.organizationId,
    refresh_token: refresh.token,
    scope: access.scopes.join(","),
    token_type: "Bearer",
  };
}

function regionOf(ctx: EmulatorContext, organizationId: string): string {
  return ctx.state.organizations.get(organizationId)?.region ?? "dal";
}

function exchangeCode(ctx: EmulatorContext, params: Record<string, unknown>): Record<string, unknown> {
  const codeValue = required(params, "code");
  const redirectUri = required(params, "redirect_uri");
  const client = authenticateClient(ctx, params);
  const verifier = typeof params.code_verifier === "string" ? params.code_verifier : undefined;
  const code = ctx.tokens.takeCode(codeValue);
  if (!code || code.clientId !== client.clientId) throw new OAuthError("invalid_grant", "The code is invalid, expired or already used");
  if (code.redirectUri !== redirectUri) throw new OAuthError("invalid_grant", "redirect_uri does not match the authorization request");
  if (code.challenge !== null) {
    if (verifier === undefined) throw new OAuthError("invalid_request", "Missing parameter: code_verifier");
    if (!VERIFIER_PATTERN.test(verifier) || !challengeMatches(verifier, code.challenge, code.challengeMethod)) {
      throw new OAuthError("invalid_grant", "code_verifier does not match the code_challenge");
    }
  }
  const agent = ctx.state.agents.get(code.accountId);
  if (!agent) throw new OAuthError("invalid_grant", "The account no longer exists");
  const { access, refresh } = ctx.tokens.issueForAgent(agent, client.clientId, code.scopes, regionOf(ctx, agent.organizationId));
  return tokenResponse(ctx, access, refresh);
}

function refreshGrant(ctx: EmulatorContext, params: Record<string, unknown>): Record<string, unknown> {
  const value = required(params, "refresh_token");
  const client = authenticateClient(ctx, params);
  const refresh = ctx.tokens.findRefresh(value);
  if (!refresh) throw new OAuthError("invalid_grant", "The refresh token is invalid, expired or revoked");
  // livechat-api.md 1.9: a refresh token used with another client_id is `invalid_client`.
  if (refresh.clientId !== client.clientId) throw new OAuthError("invalid_client", "The refresh token belongs to another client");
  if (!ctx.state.agents.has(refresh.accountId)) throw new OAuthError("invalid_grant", "The account no longer exists");
  // Secret-holding clients keep the same refresh token (1.6: no rotation).
  const access = ctx.tokens.refresh(refresh, regionOf(ctx, refresh.organizationId));
  return tokenResponse(ctx, access, refresh);
}

/** The organization a grant is about, when the emulator can tell, for the log and the bill (10.1). */
function organizationOfGrant(ctx: EmulatorContext, params: Record<string, unknown>): string | null {
  if (typeof params.refresh_token === "string") return ctx.tokens.findRefresh(params.refresh_token)?.organizationId ?? null;
  const code = typeof params.code === "string" ? ctx.tokens.codes.get(params.code) : undefined;
  return code ? (ctx.state.agents.get(code.accountId)?.organizationId ?? null) : null;
}

export async function handleTokenEndpoint(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let clientId: string | null = null;
  let organizationId: string | null = null;
  let status = 200;
  let errorType: string | null = null;
  try {
    // livechat-api.md 1.5: the OAuth page's form encoding; JSON (the OpenAPI spec) is accepted too.
    // Parameters in the query string are not read (stricter).
    const params = parseFormOrJson(await readBody(req), mediaType(req));
    if (!params) throw new OAuthError("invalid_request", "Send a form-encoded or JSON body");
    clientId = typeof params.client_id === "string" ? params.client_id : null;
    organizationId = organizationOfGrant(ctx, params);
    const fault = ctx.faults.take("accounts", "POST /v2/token");
    if (fault?.kind === "rate_limit") throw new OAuthError("temporarily_unavailable", "Too many requests");
    if (fault?.kind === "server_error") throw new OAuthError("server_error", "Internal server error");
    if (ctx.faults.httpLatencyMs > 0) await sleep(ctx.faults.httpLatencyMs);
    const grantType = required(params, "grant_type");
    // The OpenAPI spec's `grant_type=code` spelling is refused: the OAuth page's
    // `authorization_code` is the one to use (livechat-api.md 1.5, appendix 1).
    let body: Record<string, unknown>;
    if (grantType === "authorization_code") body = exchangeCode(ctx, params);
    else if (grantType === "refresh_token") body = refreshGrant(ctx, params);
    else throw new OAuthError("unsupported_grant_type", `Unsupported grant_type: ${grantType}`);
    organizationId = typeof body.organization_id === "string" ? body.organization_id : null;
    sendJson(res, 200, body);
  } catch (error) {
    const oauthError = error instanceof OAuthError ? error : new OAuthError("server_error", "Internal server error");
    status = oauthError.httpStatus;
    errorType = oauthError.code;
    sendOAuthError(res, oauthError);
  }
  ctx.log.record({
    surface: "accounts",
    action: "POST /v2/token",
    organizationId,
    who: { type: clientId ? "client" : "anonymous", id: clientId },
    status,
    errorType,
    chatId: null,
    connectionId: null,
    requestId: null,
  });
}
