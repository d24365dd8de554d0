// Wire shapes of chats, threads, summaries and users (livechat-api.md 6.1, 6.2).
import type { Chat, ChatUser, Thread } from "./model";
import { lastThread } from "./model";
import type { EmulatorState } from "./state";

export function userView(state: EmulatorState, chat: Chat, user: ChatUser): Record<string, unknown> {
  const seen = user.eventsSeenUpTo ? { events_seen_up_to: user.eventsSeenUpTo } : {};
  if (user.type === "customer") {
    const customer = state.customers.get(user.id);
    return {
      id: user.id,
      type: "customer",
      name: customer?.name ?? "",
      ...(customer?.email ? { email: customer.email } : {}),
      present: user.present,
      ...seen,
      created_at: customer?.createdAt,
    };
  }
  const bot = state.botInOrganization(chat.organizationId, user.id);
  if (bot) {
    return { id: bot.id, type: "agent", name: bot.name, avatar: bot.avatar ?? "", present: user.present, visibility: user.visibility, ...seen };
  }
  const agent = state.agentByAgentId(chat.organizationId, user.id);
  return {
    id: user.id,
    type: "agent",
    name: agent?.name ?? user.id,
    email: agent?.email ?? user.id,
    avatar: agent?.avatar ?? "",
    present: user.present,
    visibility: user.visibility,
    ...seen,
  };
}

export function usersView(state: EmulatorState, chat: Chat): Record<string, unknown>[] {
  return [...chat.users.values()].map((user) => userView(state, chat, user));
}

export function queueView(state: EmulatorState, chat: Chat, thread: Thread, nowMs: number): Record<string, unknown> | undefined {
  if (!thread.queue) return undefined;
  const queuedBefore = state
    .chatsOf(chat.organizationId)
    .map((other) => lastThread(other))
    .filter((other): other is Thread => other !== undefined && other.active && other.queue !== null)
    .filter((other) => (other.queue?.queuedAtMs ?? 0) < (thread.queue?.queuedAtMs ?? 0)).length;
  return {
    position: queuedBefore + 1,
    wait_time: Math.max(0, Math.round((nowMs - thread.queue.queuedAtMs) / 1000)),
    queued_at: thread.queue.queuedAt,
  };
}

export function threadView(state: EmulatorState, chat: Chat, thread: Thread, nowMs: number): Record<string, unknown> {
  const queue = queueView(state, chat, thread, nowMs);
  return {
    id: thread.id,
    active: thread.active,
    user_ids: [...thread.userIds],
    events: thread.events.map((event) => ({ ...event })),
    properties: { routing: { idle: false, unassigned: thread.queue !== null } },
    access: { group_ids: [...thread.accessGroupIds] },
    tags: [...thread.tags],
    created_at: thread.createdAt,
    ...(queue ? { queue } : {}),
    ...(thread.previousThreadId ? { previous_thread_id: thread.previousThreadId } : {}),
    ...(thread.nextThreadId ? { next_thread_id: thread.nextThreadId } : {}),
  };
}

/** The Chat object (get_chat, incoming_chat). `requesterId` adds `is_followed`. */
export function chatView(state: EmulatorState, chat: Chat, thread: Thread, nowMs: number, requesterId?: string): Record<string, unknown> {
  return {
    id: chat.id,
    users: usersView(state, chat),
    thread: threadView(state, chat, thread, nowMs),
    properties: structuredClone(chat.properties),
    access: { group_ids: [...chat.accessGroupIds] },
    ...(requesterId !== undefined ? { is_followed: isFollowedBy(chat, requesterId) } : {}),
  };
}

export function isFollowedBy(chat: Chat, agentId: string): boolean {
  return lastThread(chat)?.followers.has(agentId) ?? false;
}

/** The chat summary of `list_chats` and `login` (livechat-api.md 6.2). */
export function chatSummaryView(state: EmulatorState, chat: Chat, nowMs: number, requesterId: string): Record<string, unknown> {
  const thread = lastThread(chat);
  const lastEventPerType: Record<string, unknown> = {};
  for (const candidate of chat.threads) {
    for (const event of candidate.events) {
      lastEventPerType[event.type] = { thread_id: candidate.id, thread_created_at: candidate.createdAt, event: { ...event } };
    }
  }
  const queue = thread ? queueView(state, chat, thread, nowMs) : undefined;
  return {
    id: chat.id,
    users: usersView(state, chat),
    last_event_per_type: lastEventPerType,
    ...(thread
      ? {
          last_thread_summary: {
            id: thread.id,
            created_at: thread.createdAt,
            user_ids: [...thread.userIds],
            properties: { routing: { idle: false, unassigned: thread.queue !== null } },
            active: thread.active,
            access: { group_ids: [...thread.accessGroupIds] },
            tags: [...thread.tags],
            ...(queue ? { queue } : {}),
          },
        }
      : {}),
    properties: structuredClone(chat.properties),
    access: { group_ids: [...chat.accessGroupIds] },
    is_followed: isFollowedBy(chat, requesterId),
  };
}

/** `sort_order` of `list_chats`: "oldest chats first" / "newest chats first" — by the chat's first thread. */
export function chatCreatedKey(chat: Chat): string {
  return chat.threads[0]?.createdAt ?? "";
}
