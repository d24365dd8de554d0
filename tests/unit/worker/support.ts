// Builders shared by the worker's unit tests: bots and organization configs made by hand (the
// shape loadOrgConfig produces), chats and events as LiveChat sends them (livechat-api.md 6), a
// silent logger, and a recording fake of the AgentApi calls intake and sync make.
import type { ChatsPage, ListChatsParams } from "@/lib/livechat/agent-web-api";
import type { Chat, ChatEvent, ChatSummary, ChatUser } from "@/lib/livechat/rtm-schemas";
import type { Logger } from "@/lib/log";
import { compileBot } from "@/lib/rules";
import type { AgentApi } from "@/worker/agent-api";
import type { ManagedBot, OrgConfig } from "@/worker/org-config";

export const CUSTOMER_ID = "cust-1";
export const BOT_ID = "bot-lc-1";
export const HUMAN_ID = "tom@acme.example";

/** A managed bot; `livechatBotId` is what chats carry, `id` is ours (`db-<livechatBotId>`). */
export function managedBot(overrides: Partial<ManagedBot> = {}): ManagedBot {
  const livechatBotId = overrides.livechatBotId ?? BOT_ID;
  const id = overrides.id ?? `db-${livechatBotId}`;
  const name = overrides.name ?? "Order Helper";
  return {
    id,
    livechatBotId,
    name,
    ownerClientId: null,
    secretEnc: null,
    secretKey: "no-secret",
    desiredRoutingStatus: "accepting_chats",
    groupIds: [0],
    workScheduler: null,
    compiled: compileBot({ bot: { id, name }, settings: {}, rules: [] }),
    ...overrides,
  };
}

export function orgConfig(bots: ManagedBot[] = [managedBot()], groupNames: [number, string][] = []): OrgConfig {
  return {
    version: 1,
    livechatOrganizationId: "org-lc-1",
    bots: new Map(bots.map((bot) => [bot.livechatBotId, bot])),
    groupNames: new Map(groupNames),
  };
}

export const customer = (id = CUSTOMER_ID, extra: Partial<ChatUser> = {}): ChatUser => ({ id, type: "customer", ...extra });
export const agent = (id: string): ChatUser => ({ id, type: "agent" });

/** A `message` event; ids sort in creation order. */
export function message(id: string, authorId: string | undefined, createdAt = "2026-03-02T10:15:00.000000Z"): ChatEvent {
  return { id, type: "message", created_at: createdAt, text: `text of ${id}`, ...(authorId !== undefined ? { author_id: authorId } : {}) };
}

export function systemMessage(id: string): ChatEvent {
  return { id, type: "system_message", created_at: "2026-03-02T10:15:00.000000Z", text: "Chat transferred" };
}

export function chat(options: {
  id?: string;
  users?: ChatUser[];
  threadId?: string;
  active?: boolean;
  events?: ChatEvent[];
  isFollowed?: boolean;
  groupIds?: number[];
}): Chat {
  return {
    id: options.id ?? "C1",
    users: options.users ?? [customer(), agent(BOT_ID)],
    thread: { id: options.threadId ?? "T1", active: options.active ?? true, events: options.events ?? [] },
    access: { group_ids: options.groupIds ?? [0] },
    ...(options.isFollowed !== undefined ? { is_followed: options.isFollowed } : {}),
  };
}

export function summary(options: { id: string; users?: ChatUser[]; threadId?: string; active?: boolean; isFollowed?: boolean }): ChatSummary {
  return {
    id: options.id,
    users: options.users ?? [customer(), agent(BOT_ID)],
    last_thread_summary: { id: options.threadId ?? "T1", active: options.active ?? true },
    access: { group_ids: [0] },
    is_followed: options.isFollowed ?? false,
  };
}

export const silentLog: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLog,
};

export type ApiCall =
  | { method: "getChat"; chatId: string }
  | { method: "follow"; chatId: string }
  | { method: "listChatsPage"; params: ListChatsParams };

/**
 * The three AgentApi calls intake and sync make, recorded in order. `chats` answers `getChat`
 * (a function of the chat id, so a test can hold an answer back); `pages` answers
 * `listChatsPage`, by `pageId` (the first page under "").
 */
export class FakeAgentApi {
  readonly calls: ApiCall[] = [];
  readonly chats = new Map<string, Chat | (() => Promise<Chat>)>();
  readonly pages = new Map<string, ChatsPage | (() => Promise<ChatsPage>)>();

  async getChat(chatId: string): Promise<Chat> {
    this.calls.push({ method: "getChat", chatId });
    const answer = this.chats.get(chatId);
    if (!answer) throw new Error(`no chat ${chatId} in the fake`);
    return typeof answer === "function" ? answer() : answer;
  }

  async follow(chatId: string): Promise<void> {
    this.calls.push({ method: "follow", chatId });
  }

  async listChatsPage(params: ListChatsParams): Promise<ChatsPage> {
    this.calls.push({ method: "listChatsPage", params });
    const answer = this.pages.get(params.pageId ?? "") ?? { chats: [] };
    return typeof answer === "function" ? answer() : answer;
  }

  /** `method:chatId` for the chat calls, in order. */
  chatCalls(): string[] {
    return this.calls.flatMap((call) => (call.method === "listChatsPage" ? [] : [`${call.method}:${call.chatId}`]));
  }

  listings(): ListChatsParams[] {
    return this.calls.flatMap((call) => (call.method === "listChatsPage" ? [call.params] : []));
  }

  asAgentApi(): AgentApi {
    return this as unknown as AgentApi;
  }
}

/** A promise to resolve from outside, to hold a call until the test lets it go. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}
