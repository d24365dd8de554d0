// The organization's calls as its connection administrator (livechat-api.md 3.4, 3.3, 2.6): chat
// reads and follows, routing statuses, bot-token issuance. Reads and follows go over the live RTM
// socket when it is up (same actions and payloads as the Web API, 4.2), else over the Web API; a
// refused token is refreshed once. Every call runs under the organization's call policy and is
// counted by the meter (10.1).
import {
  followChat,
  getChat,
  getChatPayload,
  listChats,
  listChatsPayload,
  parseChat,
  parseChatsPage,
  setRoutingStatus,
  type ChatsPage,
  type ListChatsParams,
  type RoutingStatus,
} from "../lib/livechat/agent-web-api";
import { issueBotToken } from "../lib/livechat/configuration-api";
import { LiveChatError } from "../lib/livechat/errors";
import type { LiveChatApiContext } from "../lib/livechat/http";
import type { RequestMeter } from "../lib/livechat/request-meter";
import type { Chat } from "../lib/livechat/rtm-schemas";
import type { AccessTokenKeeper } from "./access-token-keeper";
import { callWithPolicy, type CallPolicy } from "./api-policy";
import type { RtmClient } from "./rtm-client";

export interface AgentApiDeps {
  apiUrl: string;
  webApiTimeoutMs: number;
  policy: CallPolicy;
  tokens: AccessTokenKeeper;
  meter: RequestMeter;
  /** The live RTM client, when there is one. */
  rtm(): RtmClient | null;
}

export class AgentApi {
  constructor(private readonly deps: AgentApiDeps) {}

  listChatsPage(params: ListChatsParams): Promise<ChatsPage> {
    return this.read("list_chats", listChatsPayload(params), parseChatsPage, (ctx) => listChats(ctx, params));
  }

  getChat(chatId: string): Promise<Chat> {
    return this.read("get_chat", getChatPayload({ chatId }), parseChat, (ctx) => getChat(ctx, { chatId }));
  }

  async follow(chatId: string): Promise<void> {
    await this.read("follow_chat", { id: chatId }, () => undefined, (ctx) => followChat(ctx, { chatId }));
  }

  /** Sets a bot's routing status with `token` (the bot's own), or the administrator's when omitted. */
  async setRoutingStatus(agentId: string, status: RoutingStatus, token?: string): Promise<void> {
    const call = (ctx: LiveChatApiContext) => setRoutingStatus(ctx, { status, agentId });
    if (token) await callWithPolicy(this.deps.policy, "set_routing_status", () => call(this.context(token)));
    else await this.asAdmin("set_routing_status", call);
  }

  /** livechat-api.md 2.6: whether the call needs an Authorization header is not documented; we send the admin's. */
  async issueBotToken(params: { botId: string; clientId: string; botSecret: string; organizationId: string }): Promise<string> {
    const { token } = await this.asAdmin("issue_bot_token", (ctx) => issueBotToken(ctx, params));
    return token;
  }

  /** The Web API context for `token`, metered. */
  context(token: string): LiveChatApiContext {
    return { apiUrl: this.deps.apiUrl, token, timeoutMs: this.deps.webApiTimeoutMs, meter: this.deps.meter };
  }

  private async asAdmin<T>(action: string, call: (ctx: LiveChatApiContext) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.deps.tokens.current();
      try {
        return await callWithPolicy(this.deps.policy, action, () => call(this.context(token)));
      } catch (error) {
        if (attempt === 0 && error instanceof LiveChatError && error.type === "authentication") {
          await this.deps.tokens.fetch(true);
          continue;
        }
        throw error;
      }
    }
  }

  private read<T>(action: string, payload: Record<string, unknown>, parse: (answer: unknown) => T, web: (ctx: LiveChatApiContext) => Promise<T>): Promise<T> {
    const client = this.deps.rtm();
    if (client?.status !== "ready") return this.asAdmin(action, web);
    return callWithPolicy(this.deps.policy, action, async () => parse(await client.request(action, payload)));
  }
}
