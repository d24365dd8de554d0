// Catch-up reads of livechat-api.md 3.4: `list_chats`, `get_chat`, `list_threads`.
import { z } from "zod";
import { validationError } from "./api-error";
import { chatCreatedKey, chatSummaryView, chatView, threadView } from "./chat-views";
import { canRead, requireChat, requireReadAccess, requireThread, type ChatAction } from "./chat-guards";
import { activeThread, lastThread, type Chat } from "./model";
import { decodePageId, paginate, rejectWithPageId, type PageState } from "./pagination";
import { requireAnyScope } from "./requester";
import { parsePayload } from "./validate";

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const propertyFilter = z.union([
  z.strictObject({ exists: z.boolean() }),
  z.strictObject({ values: z.array(scalar) }),
  z.strictObject({ exclude_values: z.array(scalar) }),
]);
const chatFilters = z.strictObject({
  active: z.boolean().nullable().optional(),
  include_chats_without_threads: z.boolean().optional(),
  group_ids: z.array(z.number().int()).max(200).optional(),
  properties: z.record(z.string(), z.record(z.string(), propertyFilter)).optional(),
});
type ChatFilters = z.infer<typeof chatFilters>;

const listChatsSchema = z.strictObject({
  filters: chatFilters.optional(),
  sort_order: z.enum(["asc", "desc"]).optional(),
  limit: z.number().int().min(1).max(100).optional(),
  page_id: z.string().optional(),
});

function matchesProperties(chat: Chat, filters: ChatFilters["properties"]): boolean {
  for (const [namespace, names] of Object.entries(filters ?? {})) {
    for (const [name, filter] of Object.entries(names)) {
      const value = chat.properties[namespace]?.[name];
      if ("exists" in filter && filter.exists !== (value !== undefined)) return false;
      if ("values" in filter && !filter.values.some((candidate) => candidate === value)) return false;
      if ("exclude_values" in filter && filter.exclude_values.some((candidate) => candidate === value)) return false;
    }
  }
  return true;
}

function matchesFilters(chat: Chat, filters: ChatFilters): boolean {
  const active = activeThread(chat) !== undefined;
  if (filters.active === true && !active) return false;
  if (filters.active === false && active) return false;
  if (filters.include_chats_without_threads === false && chat.threads.length === 0) return false;
  if (filters.group_ids && !filters.group_ids.some((id) => chat.accessGroupIds.includes(id))) return false;
  return matchesProperties(chat, filters.properties);
}

export const listChats: ChatAction = (ac, payload) => {
  const input = parsePayload(listChatsSchema, payload);
  requireAnyScope(ac.requester, ["chats--all:ro", "chats--access:ro"]);
  const now = ac.ctx.clock.now();
  let page: PageState<ChatFilters>;
  if (input.page_id) {
    rejectWithPageId(input, ["filters", "limit", "sort_order"]);
    page = decodePageId<ChatFilters>(input.page_id, "list_chats", now);
  } else {
    page = { kind: "list_chats", filters: input.filters ?? {}, sortOrder: input.sort_order ?? "desc", limit: input.limit ?? 10, offset: 0, issuedAtMs: now };
  }
  const direction = page.sortOrder === "asc" ? 1 : -1;
  const chats = ac.ctx.state
    .chatsOf(ac.requester.organizationId)
    .filter((chat) => canRead(ac, chat) && matchesFilters(chat, page.filters))
    .sort((a, b) => direction * (chatCreatedKey(a).localeCompare(chatCreatedKey(b)) || a.id.localeCompare(b.id)));
  const { page: slice, ...links } = paginate(chats, page, now);
  return {
    chats_summary: slice.map((chat) => chatSummaryView(ac.ctx.state, chat, now, ac.requester.id)),
    found_chats: chats.length,
    ...links,
  };
};

const getChatSchema = z.strictObject({ chat_id: z.string(), thread_id: z.string().optional() });

export const getChat: ChatAction = (ac, payload) => {
  const input = parsePayload(getChatSchema, payload);
  const chat = requireChat(ac, input.chat_id);
  requireReadAccess(ac, chat);
  const thread = input.thread_id ? requireThread(chat, input.thread_id) : lastThread(chat);
  if (!thread) throw validationError("The chat has no threads");
  return chatView(ac.ctx.state, chat, thread, ac.ctx.clock.now(), ac.requester.id);
};

const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/, "expected RFC 3339 UTC");
const threadFilters = z.strictObject({ from: timestamp.optional(), to: timestamp.optional() });
type ThreadFilters = z.infer<typeof threadFilters> & { minEvents?: number };

const listThreadsSchema = z.strictObject({
  chat_id: z.string(),
  sort_order: z.enum(["asc", "desc"]).optional(),
  limit: z.number().int().min(1).max(100).optional(),
  page_id: z.string().optional(),
  min_events_count: z.number().int().min(1).max(100).optional(),
  filters: threadFilters.optional(),
});

export const listThreads: ChatAction = (ac, payload) => {
  const input = parsePayload(listThreadsSchema, payload);
  const chat = requireChat(ac, input.chat_id);
  requireReadAccess(ac, chat);
  const now = ac.ctx.clock.now();
  if (input.min_events_count !== undefined && (input.limit !== undefined || input.filters !== undefined)) {
    throw validationError("`min_events_count` cannot be combined with `limit` or `filters`");
  }
  let page: PageState<ThreadFilters>;
  if (input.page_id) {
    rejectWithPageId(input, ["filters", "limit", "sort_order", "min_events_count"]);
    page = decodePageId<ThreadFilters>(input.page_id, `list_threads:${chat.id}`, now);
  } else {
    const filters: ThreadFilters = { ...input.filters, ...(input.min_events_count ? { minEvents: input.min_events_count } : {}) };
    page = { kind: `list_threads:${chat.id}`, filters, sortOrder: input.sort_order ?? "desc", limit: input.limit ?? 3, offset: 0, issuedAtMs: now };
  }
  const { from, to, minEvents } = page.filters;
  let threads = chat.threads.filter((thread) => (!from || thread.createdAt >= from) && (!to || thread.createdAt <= to));
  if (page.sortOrder === "desc") threads = [...threads].reverse();
  if (minEvents !== undefined) {
    // livechat-api.md 3.4: as many latest threads as needed to reach that many events.
    let count = 0;
    let take = 0;
    for (const thread of [...chat.threads].reverse()) {
      if (count >= minEvents) break;
      count += thread.events.length;
      take += 1;
    }
    const latest = chat.threads.slice(chat.threads.length - take);
    threads = page.sortOrder === "desc" ? latest.reverse() : latest;
    page = { ...page, limit: Math.max(1, threads.length) };
  }
  const { page: slice, ...links } = paginate(threads, page, now);
  return {
    threads: slice.map((thread) => threadView(ac.ctx.state, chat, thread, now)),
    found_threads: threads.length,
    ...links,
  };
};
