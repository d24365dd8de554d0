// Agent Chat Web API v3.6 (livechat-api.md 3): a plain typed client, one function per action.
// Called with an agent's OAuth token or, to act as a bot, with the bot's token (3.1).
import { z } from "zod";
import { agentActionUrl, postJson, readAnswer, type LiveChatApiContext } from "./http";
import { ChatSchema, ChatSummarySchema, ThreadSchema, type Chat, type ChatSummary, type Thread } from "./rtm-schemas";

export type RoutingStatus = "accepting_chats" | "not_accepting_chats" | "offline";

async function call<T>(ctx: LiveChatApiContext, action: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
  const answer = await postJson<unknown>(agentActionUrl(ctx.apiUrl, action), action, body, ctx);
  return readAnswer(schema, answer, action);
}

const Empty = z.unknown().transform(() => undefined);

// ── Writing as the bot ─────────────────────────────────────────────────────────────────────────

export interface MessageEvent {
  type: "message";
  /** livechat-api.md 3.2: at most 16 KB of UTF-8. */
  text: string;
  visibility?: "all" | "agents";
  /** Our own id, echoed back on the event: how we recognise our replies later. */
  custom_id?: string;
}

/** 3.2: the requester must be a user of the chat; the bot's own message comes back as a push. */
export async function sendEvent(ctx: LiveChatApiContext, params: { chatId: string; event: MessageEvent }): Promise<{ eventId: string }> {
  const answer = await call(ctx, "send_event", { chat_id: params.chatId, event: params.event }, z.looseObject({ event_id: z.string() }));
  return { eventId: answer.event_id };
}

export interface TransferChatParams {
  chatId: string;
  target?: { type: "group"; ids: number[] } | { type: "agent"; ids: string[] };
  /** true: allow queueing when nobody in the target can take the chat now (3.5). */
  ignoreAgentsAvailability?: boolean;
  ignoreRequesterPresence?: boolean;
}

/** 3.5: the chat must be active. */
export async function transferChat(ctx: LiveChatApiContext, params: TransferChatParams): Promise<void> {
  await call(
    ctx,
    "transfer_chat",
    {
      id: params.chatId,
      ...(params.target ? { target: params.target } : {}),
      ...(params.ignoreAgentsAvailability !== undefined ? { ignore_agents_availability: params.ignoreAgentsAvailability } : {}),
      ...(params.ignoreRequesterPresence !== undefined ? { ignore_requester_presence: params.ignoreRequesterPresence } : {}),
    },
    Empty,
  );
}

/** Tags a thread (Agent Chat API `tag_thread`: `chat_id`, `thread_id`, `tag`). */
export async function tagThread(ctx: LiveChatApiContext, params: { chatId: string; threadId: string; tag: string }): Promise<void> {
  await call(ctx, "tag_thread", { chat_id: params.chatId, thread_id: params.threadId, tag: params.tag }, Empty);
}

// ── Routing status (3.3) ───────────────────────────────────────────────────────────────────────

/** `agentId` omitted = the requester (with a bot token: the bot itself). */
export async function setRoutingStatus(ctx: LiveChatApiContext, params: { status: RoutingStatus; agentId?: string }): Promise<void> {
  await call(ctx, "set_routing_status", { status: params.status, ...(params.agentId ? { agent_id: params.agentId } : {}) }, Empty);
}

export async function listRoutingStatuses(
  ctx: LiveChatApiContext,
  params: { groupIds?: number[] } = {},
): Promise<{ agentId: string; status: string }[]> {
  const answer = await call(
    ctx,
    "list_routing_statuses",
    params.groupIds ? { filters: { group_ids: params.groupIds } } : {},
    z.array(z.looseObject({ agent_id: z.string(), status: z.string() })),
  );
  return answer.map((entry) => ({ agentId: entry.agent_id, status: entry.status }));
}

// ── Reading chats (3.4) and following them (3.7, 4.8) ──────────────────────────────────────────

export interface ListChatsParams {
  /** true: active chats only. */
  active?: boolean;
  groupIds?: number[];
  /** Default 10, max 100. */
  limit?: number;
  sortOrder?: "asc" | "desc";
  /** 3.1: filters cannot be combined with `page_id`; the first page's filters are remembered. */
  pageId?: string;
}

export interface ChatsPage {
  chats: ChatSummary[];
  foundChats?: number;
  nextPageId?: string;
}

const ChatsPageSchema = z
  .looseObject({
    chats_summary: z.array(ChatSummarySchema).default([]),
    found_chats: z.number().optional(),
    next_page_id: z.string().optional(),
  })
  .transform(
    (answer): ChatsPage => ({
      chats: answer.chats_summary,
      ...(answer.found_chats !== undefined ? { foundChats: answer.found_chats } : {}),
      ...(answer.next_page_id ? { nextPageId: answer.next_page_id } : {}),
    }),
  );

/**
 * The request payload of `list_chats`. The same actions exist on the RTM API with the same
 * payloads and answers (livechat-api.md 4.2), so these builders and parsers serve both.
 */
export function listChatsPayload(params: ListChatsParams = {}): Record<string, unknown> {
  if (params.pageId) return { page_id: params.pageId };
  const filters = {
    ...(params.active !== undefined ? { active: params.active } : {}),
    ...(params.groupIds ? { group_ids: params.groupIds } : {}),
  };
  return {
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
    ...(params.limit !== undefined ? { limit: params.limit } : {}),
    ...(params.sortOrder ? { sort_order: params.sortOrder } : {}),
  };
}

export function parseChatsPage(answer: unknown): ChatsPage {
  return ChatsPageSchema.parse(answer);
}

export async function listChats(ctx: LiveChatApiContext, params: ListChatsParams = {}): Promise<ChatsPage> {
  return call(ctx, "list_chats", listChatsPayload(params), ChatsPageSchema);
}

export function getChatPayload(params: { chatId: string; threadId?: string }): Record<string, unknown> {
  return { chat_id: params.chatId, ...(params.threadId ? { thread_id: params.threadId } : {}) };
}

export function parseChat(answer: unknown): Chat {
  return ChatSchema.parse(answer);
}

/** The chat with its latest thread (or `threadId`) including the thread's events. */
export async function getChat(ctx: LiveChatApiContext, params: { chatId: string; threadId?: string }): Promise<Chat> {
  return call(ctx, "get_chat", getChatPayload(params), ChatSchema);
}

export interface ListThreadsParams {
  chatId: string;
  sortOrder?: "asc" | "desc";
  limit?: number;
  pageId?: string;
  /** RFC 3339 with microseconds (3.4). */
  from?: string;
  to?: string;
}

export async function listThreads(
  ctx: LiveChatApiContext,
  params: ListThreadsParams,
): Promise<{ threads: Thread[]; nextPageId?: string }> {
  const filters = params.from || params.to ? { filters: { ...(params.from ? { from: params.from } : {}), ...(params.to ? { to: params.to } : {}) } } : {};
  const body = params.pageId
    ? { chat_id: params.chatId, page_id: params.pageId }
    : {
        chat_id: params.chatId,
        ...filters,
        ...(params.sortOrder ? { sort_order: params.sortOrder } : {}),
        ...(params.limit !== undefined ? { limit: params.limit } : {}),
      };
  const answer = await call(
    ctx,
    "list_threads",
    body,
    z.looseObject({ threads: z.array(ThreadSchema).default([]), next_page_id: z.string().optional() }),
  );
  return { threads: answer.threads, ...(answer.next_page_id ? { nextPageId: answer.next_page_id } : {}) };
}

/**
 * 4.8: the requester gets every push of the chat until its thread ends or it unfollows, so a
 * follow must be renewed for every new thread. Needs `chats--all:ro` for chats of any group.
 */
export async function followChat(ctx: LiveChatApiContext, params: { chatId: string }): Promise<void> {
  await call(ctx, "follow_chat", { id: params.chatId }, Empty);
}
