// Chat state changes and the pushes they cause. Every surface (Web API, RTM, control API) goes
// through these functions so the same change always produces the same pushes.
import { chatView, userView } from "./chat-views";
import type { EmulatorContext } from "./context";
import type { Origin } from "./delivery";
import { SYSTEM_SOURCE } from "./event-source";
import { newChatStyleId } from "./ids";
import { activeThread, type Chat, type ChatEvent, type Thread, type Visibility } from "./model";
import { pickAssignee, type Assignee } from "./routing";

type NewEvent = Omit<ChatEvent, "id" | "created_at">;

export function openThread(ctx: EmulatorContext, chat: Chat, firstEvent?: NewEvent): Thread {
  const previous = chat.threads[chat.threads.length - 1];
  const thread: Thread = {
    id: newChatStyleId(),
    chatId: chat.id,
    active: true,
    createdAt: ctx.clock.timestamp(),
    createdAtMs: ctx.clock.now(),
    userIds: [chat.customerId],
    events: [],
    accessGroupIds: [...chat.accessGroupIds],
    tags: [],
    queue: null,
    followers: new Set(),
    previousThreadId: previous?.id ?? null,
    nextThreadId: null,
    nextEventSeq: 1,
  };
  if (previous) previous.nextThreadId = thread.id;
  chat.threads.push(thread);
  const customer = chat.users.get(chat.customerId);
  if (customer) customer.present = true;
  if (firstEvent) storeEvent(ctx, chat, thread, firstEvent);
  routeNewThread(ctx, chat, thread);
  const active = activeThread(chat);
  if (active === thread) {
    // livechat-api.md 5: `incoming_chat` — a chat arrives with a new thread; only its users get it (4.8).
    ctx.delivery.chatFull(chat, "incoming_chat", { chat: chatView(ctx.state, chat, thread, ctx.clock.now()) });
  }
  return thread;
}

function storeEvent(ctx: EmulatorContext, chat: Chat, thread: Thread, fields: NewEvent): ChatEvent {
  const event = { ...fields, id: `${thread.id}_${thread.nextEventSeq}`, created_at: ctx.clock.timestamp() } as ChatEvent;
  thread.nextEventSeq += 1;
  thread.events.push(event);
  const author = event.author_id ? chat.users.get(event.author_id) : undefined;
  // livechat-api.md 3.2: sending updates the sender's `events_seen_up_to`.
  if (author) author.eventsSeenUpTo = event.created_at;
  return event;
}

export function appendEvent(ctx: EmulatorContext, chat: Chat, thread: Thread, fields: NewEvent, origin?: Origin): ChatEvent {
  const event = storeEvent(ctx, chat, thread, fields);
  ctx.delivery.chatFull(chat, "incoming_event", { chat_id: chat.id, thread_id: thread.id, event }, { origin });
  return event;
}

function joinUser(chat: Chat, thread: Thread, userId: string, visibility: Visibility): void {
  chat.users.set(userId, { id: userId, type: "agent", visibility, present: true, eventsSeenUpTo: null });
  if (!thread.userIds.includes(userId)) thread.userIds.push(userId);
}

function assignedNotice(ctx: EmulatorContext, chat: Chat, assignee: Assignee): NewEvent {
  const name = ctx.state.displayName(chat.organizationId, assignee.id);
  return {
    type: "system_message",
    visibility: "all",
    text: `${name} joined the chat`,
    system_message_type: "routing.assigned",
    text_vars: { agent: name },
  };
}

function routeNewThread(ctx: EmulatorContext, chat: Chat, thread: Thread): void {
  const assignee = pickAssignee(ctx.state, chat.organizationId, chat.accessGroupIds);
  if (!assignee) {
    const now = ctx.clock.now();
    thread.queue = { queuedAtMs: now, queuedAt: ctx.clock.timestamp() };
    return;
  }
  joinUser(chat, thread, assignee.id, "all");
  storeEvent(ctx, chat, thread, assignedNotice(ctx, chat, assignee));
}

export interface AddUserOptions {
  reason: string;
  requesterId?: string;
  visibility?: Visibility;
  origin?: Origin;
}

export function addAgent(ctx: EmulatorContext, chat: Chat, userId: string, options: AddUserOptions): void {
  const thread = activeThread(chat);
  if (!thread || chat.users.has(userId)) return;
  joinUser(chat, thread, userId, options.visibility ?? "all");
  const user = chat.users.get(userId);
  if (!user) return;
  ctx.delivery.chatFull(
    chat,
    "user_added_to_chat",
    {
      chat_id: chat.id,
      thread_id: thread.id,
      user: userView(ctx.state, chat, user),
      reason: options.reason,
      ...(options.requesterId ? { requester_id: options.requesterId } : {}),
    },
    { origin: options.origin },
  );
}

export function removeAgent(ctx: EmulatorContext, chat: Chat, userId: string, options: Omit<AddUserOptions, "visibility">): void {
  const thread = activeThread(chat);
  if (!chat.users.delete(userId)) return;
  ctx.delivery.chatFull(
    chat,
    "user_removed_from_chat",
    {
      chat_id: chat.id,
      ...(thread ? { thread_id: thread.id } : {}),
      user_id: userId,
      reason: options.reason,
      ...(options.requesterId ? { requester_id: options.requesterId } : {}),
    },
    { origin: options.origin, extraAgentIds: [userId] },
  );
}

/** Closes the active thread (livechat-api.md 3.7 `deactivate_chat`, 5 `chat_deactivated`). */
export function deactivateChat(ctx: EmulatorContext, chat: Chat, options: { userId?: string; origin?: Origin }): void {
  const thread = activeThread(chat);
  if (!thread) return;
  thread.active = false;
  thread.queue = null;
  ctx.delivery.chatKey(
    chat,
    "chat_deactivated",
    { chat_id: chat.id, thread_id: thread.id, ...(options.userId ? { user_id: options.userId } : {}) },
    { origin: options.origin },
  );
  // livechat-api.md 4.8: a follow ends with the thread and does not carry over to the next one.
  thread.followers.clear();
  for (const user of [...chat.users.values()]) {
    if (user.type === "agent") chat.users.delete(user.id);
    else user.present = false;
  }
  drainQueue(ctx, chat.organizationId);
}

/** Assigns queued chats (oldest first) to whoever can take them now: the router's doing (`system`). */
export function drainQueue(ctx: EmulatorContext, organizationId: string): void {
  ctx.sources.run(SYSTEM_SOURCE, () => assignQueued(ctx, organizationId));
}

function assignQueued(ctx: EmulatorContext, organizationId: string): void {
  const queued = ctx.state
    .chatsOf(organizationId)
    .map((chat) => ({ chat, thread: activeThread(chat) }))
    .filter((entry): entry is { chat: Chat; thread: Thread } => entry.thread?.queue != null)
    .sort((a, b) => (a.thread.queue?.queuedAtMs ?? 0) - (b.thread.queue?.queuedAtMs ?? 0));
  for (const { chat, thread } of queued) {
    const assignee = pickAssignee(ctx.state, organizationId, chat.accessGroupIds);
    if (!assignee) continue;
    thread.queue = null;
    addAgent(ctx, chat, assignee.id, { reason: "assigned" });
    appendEvent(ctx, chat, thread, assignedNotice(ctx, chat, assignee));
    ctx.delivery.chatKey(chat, "chat_transferred", {
      chat_id: chat.id,
      thread_id: thread.id,
      reason: "assigned",
      transferred_to: { group_ids: [...chat.accessGroupIds], agent_ids: [assignee.id] },
    });
  }
}
