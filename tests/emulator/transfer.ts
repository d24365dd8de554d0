// `transfer_chat` (livechat-api.md 3.5) and the engine move it shares with the control API's
// "human takes over": the chat leaves its current agents (the bot included) and goes to the target
// group's best available agent, to a named agent, or — with `ignore_agents_availability` — to the
// queue.
import { z } from "zod";
import { groupsOverlap } from "./access";
import { ApiError } from "./api-error";
import { drainQueue, removeAgent } from "./chat-engine";
import { requireActiveThread, requireChat, requireChatUser, requireWriteAccess, type ChatAction } from "./chat-guards";
import { chatView } from "./chat-views";
import type { EmulatorContext } from "./context";
import type { Origin } from "./delivery";
import { activeThread, type Chat } from "./model";
import { canTakeChat, pickAssignee } from "./routing";
import { parsePayload } from "./validate";

export interface TransferPlan {
  requesterId: string;
  target?: { type: "group"; ids: number[] } | { type: "agent"; ids: string[] };
  ignoreAgentsAvailability: boolean;
  origin?: Origin;
}

export function transferChat(ctx: EmulatorContext, chat: Chat, plan: TransferPlan): void {
  const thread = activeThread(chat);
  if (!thread) throw new ApiError("chat_inactive", "Chat is inactive");
  const { state } = ctx;
  const previousGroups = [...chat.accessGroupIds];
  const previousAgents = [...chat.users.values()].filter((user) => user.type === "agent").map((user) => user.id);
  let groups = previousGroups;
  let assigneeId: string | null = null;

  if (plan.target?.type === "agent") {
    const [targetId] = plan.target.ids;
    if (!targetId || plan.target.ids.length !== 1) throw new ApiError("validation", "`target.ids` must hold exactly one agent");
    if (!state.isBot(chat.organizationId, targetId) && !state.agentByAgentId(chat.organizationId, targetId)) {
      throw new ApiError("not_found", "Agent not found");
    }
    if (!groupsOverlap(state.groupIdsOfUser(chat.organizationId, targetId), chat.accessGroupIds)) {
      throw new ApiError("validation", "The target agent has no access to the chat");
    }
    if (!plan.ignoreAgentsAvailability && !canTakeChat(state, chat.organizationId, targetId, chat.accessGroupIds)) {
      throw new ApiError("agent_offline", "The target agent cannot take chats now");
    }
    assigneeId = targetId;
  } else {
    if (plan.target?.type === "group") {
      const organization = state.organizations.get(chat.organizationId);
      const unknown = plan.target.ids.find((id) => !organization?.groups.has(id));
      if (unknown !== undefined) throw new ApiError("group_not_found", `Group ${unknown} not found`);
      groups = [...plan.target.ids];
    }
    // Without a target the chat is re-routed within its groups, away from its current agents.
    const exclude = new Set(plan.target ? [] : previousAgents);
    assigneeId = pickAssignee(state, chat.organizationId, groups, exclude)?.id ?? null;
    if (!assigneeId && !plan.ignoreAgentsAvailability) {
      throw new ApiError("agent_offline", "No agent in the target can take the chat now");
    }
  }

  for (const agentId of previousAgents) {
    if (agentId !== assigneeId) removeAgent(ctx, chat, agentId, { reason: "manual", requesterId: plan.requesterId, origin: plan.origin });
  }
  chat.accessGroupIds = groups;
  thread.accessGroupIds = [...groups];
  if (assigneeId && !chat.users.has(assigneeId)) {
    chat.users.set(assigneeId, { id: assigneeId, type: "agent", visibility: "all", present: true, eventsSeenUpTo: null });
    if (!thread.userIds.includes(assigneeId)) thread.userIds.push(assigneeId);
    // The receiving agent gets the chat itself, with where it came from (livechat-api.md 5).
    ctx.delivery.toAgent(chat.organizationId, assigneeId, "incoming_chat", {
      requester_id: plan.requesterId,
      chat: chatView(state, chat, thread, ctx.clock.now()),
      transferred_from: { group_ids: previousGroups, agent_ids: previousAgents },
    });
  }
  thread.queue = assigneeId ? null : { queuedAtMs: ctx.clock.now(), queuedAt: ctx.clock.timestamp() };
  const queue = thread.queue ? { position: 1, wait_time: 0, queued_at: thread.queue.queuedAt } : undefined;
  ctx.delivery.chatKey(
    chat,
    "chat_transferred",
    {
      chat_id: chat.id,
      thread_id: thread.id,
      requester_id: plan.requesterId,
      reason: "manual",
      transferred_to: { group_ids: groups, agent_ids: assigneeId ? [assigneeId] : [] },
      ...(queue ? { queue } : {}),
    },
    { origin: plan.origin, extraAgentIds: previousAgents, extraGroupIds: previousGroups },
  );
  drainQueue(ctx, chat.organizationId);
}

const transferSchema = z.strictObject({
  id: z.string(),
  target: z
    .discriminatedUnion("type", [
      z.strictObject({ type: z.literal("group"), ids: z.array(z.number().int()).min(1) }),
      z.strictObject({ type: z.literal("agent"), ids: z.array(z.string()).min(1) }),
    ])
    .optional(),
  ignore_agents_availability: z.boolean().optional(),
  ignore_requester_presence: z.boolean().optional(),
});

export const transferChatAction: ChatAction = (ac, payload) => {
  const input = parsePayload(transferSchema, payload);
  const chat = requireChat(ac, input.id);
  requireWriteAccess(ac, chat);
  requireActiveThread(chat);
  requireChatUser(ac, chat, input.ignore_requester_presence);
  transferChat(ac.ctx, chat, {
    requesterId: ac.requester.id,
    target: input.target,
    ignoreAgentsAvailability: input.ignore_agents_availability ?? false,
    origin: ac.origin,
  });
  return {};
};
