// The OAuth authorize step (livechat-api.md 1.2, 1.3): `GET /` shows the sign-in page (or, with
// the emulator-only `login_as` parameter, approves at once); `POST /authorize` takes the choice.
import type { IncomingMessage, ServerResponse } from "node:http";
import { signInPage, ooopsPage } from "./authorize-page";
import { isFailure, ooopsLocation, parseAuthorizeRequest, type AuthorizeFailure, type AuthorizeRequest } from "./authorize-request";
import type { EmulatorContext } from "./context";
import { readBody, redirect, sendHtml } from "./http-util";
import type { Agent } from "./model";
import { isScopeAllowedForRole } from "./scopes";

interface Outcome {
  location: string;
  accountId: string | null;
  errorType: string | null;
}

function callbackLocation(redirectUri: string, params: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== null) url.searchParams.set(name, value);
  return url.toString();
}

function failure(failed: AuthorizeFailure, accountId: string | null = null): Outcome {
  return { location: ooopsLocation(failed), accountId, errorType: failed.exception };
}

/** livechat-api.md 1.9: more than N redirects in the window per client and user → `too_many_redirects`. */
function tooManyRedirects(ctx: EmulatorContext, history: Map<string, number[]>, key: string): boolean {
  const now = ctx.clock.now();
  const recent = (history.get(key) ?? []).filter((time) => now - time < ctx.timings.authorizeRedirectWindowMs);
  recent.push(now);
  history.set(key, recent);
  return recent.length > ctx.timings.authorizeRedirectLimit;
}

export class AuthorizeFlow {
  private readonly redirects = new Map<string, number[]>();

  constructor(private readonly ctx: EmulatorContext) {}

  async handleGet(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const request = parseAuthorizeRequest(this.ctx, url.searchParams);
    if (isFailure(request)) return this.finish(res, "GET /", failure(request));
    if (request.loginAs !== null) {
      const agent = this.ctx.state.findAgent(request.loginAs);
      if (!agent) return this.finish(res, "GET /", failure({ exception: "invalid_request", details: "unknown_login_as" }));
      return this.finish(res, "GET /", this.approve(request, agent));
    }
    const groups = [...this.ctx.state.organizations.values()]
      .filter((organization) => !request.organizationId || organization.id === request.organizationId)
      .map((organization) => ({ organization, agents: this.ctx.state.agentsOf(organization.id) }));
    sendHtml(res, 200, signInPage(request, url.searchParams, groups));
    this.log("GET /", 200, null, null);
  }

  async handlePost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const params = new URLSearchParams(await readBody(req));
    const request = parseAuthorizeRequest(this.ctx, params);
    if (isFailure(request)) return this.finish(res, "POST /authorize", failure(request));
    if (params.get("decision") === "deny") {
      // RFC 6749 4.1.2.1: the user said no → back to the client with `access_denied`.
      const location = callbackLocation(request.redirectUri, { error: "access_denied", state: request.state });
      return this.finish(res, "POST /authorize", { location, accountId: null, errorType: "access_denied" });
    }
    const agent = this.ctx.state.agents.get(params.get("account_id") ?? "");
    if (!agent) return this.finish(res, "POST /authorize", failure({ exception: "invalid_request" }));
    this.finish(res, "POST /authorize", this.approve(request, agent));
  }

  handleOoops(res: ServerResponse, url: URL): void {
    sendHtml(res, 400, ooopsPage(url.searchParams.get("oauth_exception") ?? "unknown", url.searchParams.get("exception_details")));
  }

  private approve(request: AuthorizeRequest, agent: Agent): Outcome {
    if (request.organizationId && request.organizationId !== agent.organizationId) {
      return failure({ exception: "invalid_request" }, agent.accountId);
    }
    // livechat-api.md 1.11: administrator scopes for a non-admin agent → `invalid_scope`.
    if (request.scopes.some((scope) => !isScopeAllowedForRole(scope, agent.role))) {
      return failure({ exception: "invalid_scope" }, agent.accountId);
    }
    if (tooManyRedirects(this.ctx, this.redirects, `${request.client.clientId}:${agent.accountId}`)) {
      return failure({ exception: "access_denied", details: "too_many_redirects" }, agent.accountId);
    }
    const organization = this.ctx.state.organizations.get(agent.organizationId);
    const code = this.ctx.tokens.createCode(
      {
        clientId: request.client.clientId,
        accountId: agent.accountId,
        redirectUri: request.redirectUri,
        scopes: request.scopes,
        challenge: request.codeChallenge,
        challengeMethod: request.challengeMethod,
      },
      organization?.region ?? "dal",
    );
    const location = callbackLocation(request.redirectUri, { code: code.code, state: request.state });
    return { location, accountId: agent.accountId, errorType: null };
  }

  private finish(res: ServerResponse, action: string, outcome: Outcome): void {
    redirect(res, outcome.location);
    this.log(action, 302, outcome.accountId, outcome.errorType);
  }

  private log(action: string, status: number, accountId: string | null, errorType: string | null): void {
    const organizationId = accountId ? (this.ctx.state.agents.get(accountId)?.organizationId ?? null) : null;
    this.ctx.log.record({
      surface: "authorize",
      action,
      organizationId,
      who: { type: accountId ? "account" : "anonymous", id: accountId },
      status,
      errorType,
      chatId: null,
      connectionId: null,
      requestId: null,
    });
  }
}
