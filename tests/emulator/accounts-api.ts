// Global Accounts API pieces the product uses (livechat-api.md 1.7, 1.8, 1.10):
// `GET /v2/info`, `DELETE /v2/token`, `GET /v2/accounts/me`, `GET /v2/organizations/my`.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "./context";
import { sendJson, sleep } from "./http-util";
import type { AccessToken, Agent } from "./model";
import { OAuthError, sendOAuthError } from "./oauth-error";
import { bearerFrom } from "./requester";
import { hasScope } from "./scopes";

/** The token from `Authorization: Bearer …` or the `code` query parameter (1.7, 1.8). */
function presentedToken(req: IncomingMessage, url: URL): string | null {
  return bearerFrom(req.headers.authorization) ?? url.searchParams.get("code");
}

function requireAccessToken(ctx: EmulatorContext, token: string | null): AccessToken {
  const access = token ? ctx.tokens.findAccess(token) : undefined;
  if (!access) throw new OAuthError("unauthorized", "Invalid or expired access token");
  return access;
}

/** LiveChat role to the Accounts primary role (livechat-api.md 1.10). */
function accountsRole(agent: Agent): string {
  if (agent.role === "owner") return "owner";
  return agent.role === "normal" ? "member" : "administrator";
}

function accountView(ctx: EmulatorContext, agent: Agent, withRoles: boolean): Record<string, unknown> {
  return {
    account_id: agent.accountId,
    name: agent.name,
    email: agent.email,
    email_verified: true,
    default_product: "LiveChat",
    default_organization_id: agent.organizationId,
    avatar_url: agent.avatar,
    // livechat-api.md 1.10: roles only with `accounts.roles--all:ro` (stricter: omitted otherwise).
    ...(withRoles
      ? {
          roles: [
            { role_id: `accounts-${accountsRole(agent)}`, product: "accounts", role: accountsRole(agent), type: "primary", predefined: true },
            { role_id: `livechat-${agent.role}`, product: "LiveChat", role: agent.role, type: "secondary", predefined: true },
          ],
        }
      : {}),
    properties: { active: true, mfa: false, avatar_url: agent.avatar },
    created_at: agent.createdAt,
    updated_at: agent.createdAt,
  };
}

function organizationView(ctx: EmulatorContext, organizationId: string): Record<string, unknown> {
  const organization = ctx.state.organizations.get(organizationId);
  return {
    organization_id: organizationId,
    name: organization?.name ?? "",
    invitation_mode: "lax",
    domain_whitelist: [],
    products: [{ product: "LiveChat", created_at: organization?.createdAt }],
    created_at: organization?.createdAt,
    updated_at: organization?.createdAt,
  };
}

type Route = (ctx: EmulatorContext, req: IncomingMessage, url: URL) => unknown;

const ROUTES: Record<string, Route> = {
  "GET /v2/info": (ctx, req, url) => {
    const access = requireAccessToken(ctx, presentedToken(req, url));
    return {
      access_token: access.token,
      account_id: access.accountId,
      client_id: access.clientId,
      expires_in: Math.max(0, Math.round((access.expiresAtMs - ctx.clock.now()) / 1000)),
      organization_id: access.organizationId,
      scope: access.scopes.join(","),
      ...(access.refreshToken ? { refresh_token: access.refreshToken } : {}),
      token_type: "Bearer",
    };
  },
  "DELETE /v2/token": (ctx, req, url) => {
    const token = presentedToken(req, url);
    const access = token ? ctx.tokens.findAccess(token) : undefined;
    const refresh = token ? ctx.tokens.findRefresh(token) : undefined;
    if (access) ctx.tokens.revokeAccess(access);
    else if (refresh) ctx.tokens.revokeRefresh(refresh);
    else throw new OAuthError("resource_not_found", "Token not found");
    return {};
  },
  "GET /v2/accounts/me": (ctx, req, url) => {
    const access = requireAccessToken(ctx, presentedToken(req, url));
    if (!hasScope(access.scopes, "accounts--my:ro")) throw new OAuthError("access_denied", "Requires accounts--my:ro", "insufficient_scope");
    const agent = ctx.state.agents.get(access.accountId);
    if (!agent) throw new OAuthError("unauthorized", "Unknown account");
    return accountView(ctx, agent, hasScope(access.scopes, "accounts.roles--all:ro"));
  },
  "GET /v2/organizations/my": (ctx, req, url) => organizationView(ctx, requireAccessToken(ctx, presentedToken(req, url)).organizationId),
  "GET /v2/organizations": (ctx, req, url) => [organizationView(ctx, requireAccessToken(ctx, presentedToken(req, url)).organizationId)],
};

export function isAccountsRoute(method: string, path: string): boolean {
  return Object.hasOwn(ROUTES, `${method} ${path}`);
}

export async function handleAccountsApi(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const key = `${req.method} ${url.pathname}`;
  const route = ROUTES[key];
  let status = 200;
  let errorType: string | null = null;
  let who: string | null = null;
  let organizationId: string | null = null;
  try {
    const token = presentedToken(req, url);
    const access = token ? ctx.tokens.findAccess(token) : undefined;
    who = access?.accountId ?? null;
    organizationId = access?.organizationId ?? null;
    const fault = ctx.faults.take("accounts", key);
    if (fault?.kind === "rate_limit") throw new OAuthError("temporarily_unavailable", "Too many requests");
    if (fault?.kind === "server_error") throw new OAuthError("server_error", "Internal server error");
    if (ctx.faults.httpLatencyMs > 0) await sleep(ctx.faults.httpLatencyMs);
    if (!route) throw new OAuthError("resource_not_found", "Not found");
    sendJson(res, 200, route(ctx, req, url));
  } catch (error) {
    const oauthError = error instanceof OAuthError ? error : new OAuthError("server_error", "Internal server error");
    status = oauthError.httpStatus;
    errorType = oauthError.code;
    sendOAuthError(res, oauthError);
  }
  ctx.log.record({
    surface: "accounts",
    action: key,
    organizationId,
    who: { type: who ? "account" : "anonymous", id: who },
    status,
    errorType,
    chatId: null,
    connectionId: null,
    requestId: null,
  });
}
