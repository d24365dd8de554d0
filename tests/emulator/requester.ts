// Turns an `Authorization` header into the acting user: an agent (OAuth access token) or a bot
// (bot token, livechat-api.md 2.6, 3.1).
import { ApiError } from "./api-error";
import type { EmulatorContext } from "./context";
import type { AccessToken, Agent, Bot } from "./model";
import type { Caller } from "./request-log";
import { BOT_TOKEN_SCOPES, hasAnyScope } from "./scopes";

interface RequesterBase {
  /** Agent id or bot id: the `author_id` of what this requester writes. */
  id: string;
  organizationId: string;
  clientId: string;
  scopes: string[];
}

export type Requester =
  | (RequesterBase & { kind: "agent"; agent: Agent; accessToken: AccessToken })
  | (RequesterBase & { kind: "bot"; bot: Bot });

export function bearerFrom(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export function resolveRequester(ctx: EmulatorContext, header: string | undefined): Requester {
  if (header && /^Basic\s/i.test(header)) {
    throw new ApiError("authentication", "Personal access tokens are not available on this server");
  }
  const token = bearerFrom(header);
  if (!token) throw new ApiError("authentication", "Missing bearer token");
  const requester = requesterForToken(ctx, token);
  if (!requester) throw new ApiError("authentication", "Invalid access token");
  return requester;
}

/** The caller of a request, when its `Authorization` names a valid token; never throws (for the log). */
export function identifyRequester(ctx: EmulatorContext, header: string | undefined): Requester | null {
  const token = bearerFrom(header);
  return token ? requesterForToken(ctx, token) : null;
}

export function requesterForToken(ctx: EmulatorContext, token: string): Requester | null {
  const access = ctx.tokens.findAccess(token);
  if (access) {
    const agent = ctx.state.agents.get(access.accountId);
    if (!agent) return null;
    return {
      kind: "agent",
      id: agent.id,
      organizationId: agent.organizationId,
      clientId: access.clientId,
      scopes: access.scopes,
      agent,
      accessToken: access,
    };
  }
  const botToken = ctx.tokens.findBotToken(token);
  const bot = botToken ? ctx.state.bots.get(botToken.botId) : undefined;
  if (!botToken || !bot) return null;
  return {
    kind: "bot",
    id: bot.id,
    organizationId: bot.organizationId,
    clientId: botToken.clientId,
    scopes: BOT_TOKEN_SCOPES,
    bot,
  };
}

/** Throws `authorization` unless the token holds one of the scopes (or a scope implying it). */
export function requireAnyScope(requester: Requester, scopes: readonly string[]): void {
  if (!hasAnyScope(requester.scopes, scopes)) {
    throw new ApiError("authorization", `Requires one of the scopes: ${scopes.join(", ")}`);
  }
}

export function callerOf(requester: Requester | null): Caller {
  if (!requester) return { type: "anonymous", id: null };
  return requester.kind === "bot" ? { type: "bot", id: requester.id } : { type: "account", id: requester.agent.accountId };
}
