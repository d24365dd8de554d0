// RTM session actions (livechat-api.md 4.3, 4.4): `login` and `update_session`.
import { z } from "zod";
import { ApiError, validationError } from "./api-error";
import { chatSummaryView } from "./chat-views";
import type { EmulatorContext } from "./context";
import { activeThread, type AccessToken, type Agent } from "./model";
import { hasScope } from "./scopes";
import { parsePayload } from "./validate";

export const loginSchema = z.strictObject({
  token: z.string(),
  timezone: z.string().optional(),
  reconnect: z.boolean().optional(),
  application: z.strictObject({ name: z.string(), version: z.string() }).optional(),
  away: z.boolean().optional(),
  customer_monitoring_level: z.enum(["my", "chatting", "invited", "online", "highest_available"]).optional(),
  pushes: z.record(z.string(), z.array(z.string())).optional(),
});

export type LoginInput = z.infer<typeof loginSchema>;

/**
 * livechat-api.md 4.4 lists these scopes as the source of the pushes; whether login fails without
 * them is NOT DOCUMENTED — stricter: it does. (`multicast:ro` is satisfied by `multicast:rw`.)
 */
export const LOGIN_SCOPES = ["chats--access:ro", "customers:ro", "multicast:ro", "agents--all:ro", "agents-bot--all:ro"];

export interface ValidatedToken {
  access: AccessToken;
  agent: Agent;
}

/** Checks a `"Bearer <access_token>"` value for this connection's organization. */
export function validateSessionToken(ctx: EmulatorContext, organizationId: string, value: string): ValidatedToken {
  const match = /^Bearer (\S+)$/.exec(value);
  if (!match?.[1]) throw new ApiError("authentication", "`token` must be \"Bearer <access_token>\"");
  if (ctx.tokens.findBotToken(match[1])) {
    // livechat-api.md 4.5: a bot cannot open an RTM connection.
    throw new ApiError("authorization", "Bots cannot log in to the RTM API; use the Web API with a bot token");
  }
  const access = ctx.tokens.findAccess(match[1]);
  const agent = access ? ctx.state.agents.get(access.accountId) : undefined;
  if (!access || !agent) throw new ApiError("authentication", "Invalid access token");
  if (access.organizationId !== organizationId) throw new ApiError("authentication", "The token belongs to another organization");
  return { access, agent };
}

export function parseLogin(ctx: EmulatorContext, organizationId: string, payload: unknown): LoginInput & ValidatedToken {
  const input = parsePayload(loginSchema, payload);
  const validated = validateSessionToken(ctx, organizationId, input.token);
  const missing = LOGIN_SCOPES.filter((scope) => !hasScope(validated.access.scopes, scope));
  if (missing.length > 0) throw new ApiError("authorization", `The token lacks the scopes: ${missing.join(", ")}`);
  return { ...input, ...validated };
}

/** `pushes: {"3.6": [...]}` → the accepted push names, or null for all (4.4). */
export function pushFilterOf(input: LoginInput): Set<string> | null {
  if (!input.pushes) return null;
  const names = input.pushes["3.6"] ?? [];
  return names.includes("all") ? null : new Set(names);
}

export function loginResponse(ctx: EmulatorContext, agent: Agent): Record<string, unknown> {
  const organization = ctx.state.organizations.get(agent.organizationId);
  const created = Math.floor(Date.parse(organization?.createdAt ?? new Date(0).toISOString()) / 1000);
  const now = ctx.clock.now();
  // Which chats `chats_summary` lists is NOT DOCUMENTED (4.4); stricter: the agent's own active chats.
  const mine = ctx.state.chatsOf(agent.organizationId).filter((chat) => activeThread(chat) && chat.users.has(agent.id));
  return {
    license: {
      id: String(organization?.licenseId ?? ""),
      organization_id: agent.organizationId,
      plan: "enterprise",
      expiration_timestamp: Math.floor(now / 1000) + 365 * 24 * 3600,
      creation_timestamp: created,
      in_trial: false,
    },
    my_profile: {
      id: agent.id,
      type: "agent",
      name: agent.name,
      email: agent.email,
      present: true,
      avatar: agent.avatar ?? "",
      routing_status: agent.routingStatus,
      permission: agent.role,
    },
    chats_summary: mine.map((chat) => chatSummaryView(ctx.state, chat, now, agent.id)),
  };
}

export function requireSameAgent(current: { accountId: string }, next: ValidatedToken): void {
  if (next.agent.accountId !== current.accountId) throw validationError("The token belongs to another agent");
}
