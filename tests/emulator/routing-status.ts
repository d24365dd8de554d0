// Routing statuses (livechat-api.md 3.3): `set_routing_status`, `list_routing_statuses`, and the
// status changes the emulator makes itself (login, last logout, fault resets).
import { z } from "zod";
import { ApiError, validationError } from "./api-error";
import { drainQueue } from "./chat-engine";
import type { ChatAction } from "./chat-guards";
import type { EmulatorContext } from "./context";
import type { Origin } from "./delivery";
import type { RoutingStatus } from "./model";
import { requireAnyScope } from "./requester";
import { hasScope } from "./scopes";
import { parsePayload } from "./validate";

/** Applies a status, tells the organization (`routing_status_set`) and routes queued chats. */
export function applyRoutingStatus(ctx: EmulatorContext, organizationId: string, userId: string, status: RoutingStatus, origin?: Origin): void {
  const bot = ctx.state.botInOrganization(organizationId, userId);
  const target = bot ?? ctx.state.agentByAgentId(organizationId, userId);
  if (!target) return;
  target.routingStatus = status;
  notifyRoutingStatus(ctx, organizationId, userId, status, origin);
  if (status === "accepting_chats") drainQueue(ctx, organizationId);
}

/** `routing_status_set`: bot updates need `agents-bot--all:ro`, agent updates `agents--all:ro` (4.4). */
export function notifyRoutingStatus(ctx: EmulatorContext, organizationId: string, userId: string, status: RoutingStatus, origin?: Origin): void {
  const scope = ctx.state.isBot(organizationId, userId) ? "agents-bot--all:ro" : "agents--all:ro";
  ctx.delivery.organization(organizationId, scope, "routing_status_set", { agent_id: userId, status }, origin);
}

const setSchema = z.strictObject({
  status: z.enum(["accepting_chats", "not_accepting_chats", "offline"]),
  agent_id: z.string().optional(),
});

export const setRoutingStatus: ChatAction = (ac, payload) => {
  const input = parsePayload(setSchema, payload);
  const { requester, ctx } = ac;
  const targetId = input.agent_id ?? requester.id;
  const bot = ctx.state.botInOrganization(requester.organizationId, targetId);
  if (bot) {
    // Bots: `agents-bot--my:rw` for bots of the token's client, `agents-bot--all:rw` for any.
    const own = bot.ownerClientId === requester.clientId;
    requireAnyScope(requester, own ? ["agents-bot--my:rw", "agents-bot--all:rw"] : ["agents-bot--all:rw"]);
  } else {
    const agent = ctx.state.agentByAgentId(requester.organizationId, targetId);
    if (!agent) throw new ApiError("not_found", "Agent not found");
    if (input.status === "offline") throw validationError("`status` is invalid: agents accept `accepting_chats` or `not_accepting_chats`");
    const self = requester.kind === "agent" && requester.id === targetId;
    requireAnyScope(requester, self ? ["agents--my:rw", "agents--all:rw"] : ["agents--all:rw"]);
    // The status of a human holds for the session (livechat-api.md 3.3); without a logged-in
    // connection there is nothing to hold it (stricter: refuse).
    if (ctx.hub.sessionsOfAgent(requester.organizationId, targetId).length === 0) {
      throw new ApiError("agent_offline", "The agent has no active session");
    }
  }
  applyRoutingStatus(ctx, requester.organizationId, targetId, input.status, ac.origin);
  return {};
};

const listSchema = z.strictObject({
  filters: z.strictObject({ group_ids: z.array(z.number().int()).optional() }).optional(),
});

export const listRoutingStatuses: ChatAction = (ac, payload) => {
  const input = parsePayload(listSchema, payload);
  // livechat-api.md 3.3 lists both scopes; stricter: both are required.
  for (const scope of ["agents--all:ro", "agents-bot--all:ro"]) {
    if (!hasScope(ac.requester.scopes, scope)) throw new ApiError("authorization", `Requires the scope ${scope}`);
  }
  const { state } = ac.ctx;
  const groupIds = input.filters?.group_ids;
  const everyone = [...state.agentsOf(ac.requester.organizationId), ...state.botsOf(ac.requester.organizationId)];
  return everyone
    .filter((user) => !groupIds || user.groups.some((group) => groupIds.includes(group.id)))
    .map((user) => ({ agent_id: user.id, status: user.routingStatus }));
};
