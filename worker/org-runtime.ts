// The supervisor of one organization the worker owns: its RTM client, the chats its bots are in,
// the reply pipeline, the routing statuses and the access-token refresh. Created when the lease
// is won, stopped when it is lost, released, or when LiveChat says a person has to act.
//
// Finding the bots' chats (livechat-api.md 4.8): the admin's connection only gets a chat's
// events while it is a user of the chat or follows it, and a new chat routed to a bot announces
// nothing to it. So after every (re)connect and every `chatSyncIntervalMs` the runtime lists the
// active chats, follows those with a managed bot that are not followed (a follow ends with its
// thread), and reads their current thread to answer what arrived before the follow.
import type { Db } from "../lib/db";
import type { DatabaseProvider } from "../lib/env";
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
import { openSecret } from "../lib/crypto/secret-box";
import { LiveChatError } from "../lib/livechat/errors";
import { rtmUrl, type LiveChatApiContext } from "../lib/livechat/http";
import type { Chat, ChatEvent, ChatSummary, RtmPush } from "../lib/livechat/rtm-schemas";
import type { Logger } from "../lib/log";
import { callWithPolicy, OrgGate, type CallPolicy } from "./api-policy";
import { BotTokenCache } from "./bot-tokens";
import { ChatTracker, type TrackedChat } from "./chat-tracker";
import { ClaimStore } from "./claims";
import { ConnectionReporter } from "./connection-report";
import type { CredentialSource, OrgAccessToken } from "./credential-source";
import { loadOrgConfig, type ManagedBot, type OrgConfig } from "./org-config";
import { stopExplanation } from "./reconnect-policy";
import { FencedError, ReplyPipeline } from "./reply-pipeline";
import { RtmClient, TokenUnavailableError, type RtmStatus } from "./rtm-client";
import type { WorkerSettings } from "./settings";
import { jitter, sleep } from "./sleep";

export interface OrgRuntimeDeps {
  db: Db;
  provider: DatabaseProvider;
  settings: WorkerSettings;
  orgId: string;
  epoch: number;
  credentials: CredentialSource;
  log: Logger;
  /** Renewed recently enough to act (checked before every claim and send). */
  isLeaseValid(): boolean;
  /** The runtime ended by itself: `release` gives the lease back (a stop a person must fix). */
  onTerminated(orgId: string, info: { reason: string; release: boolean }): void;
}

export interface OrgRuntimeStatus {
  orgId: string;
  epoch: number;
  status: RtmStatus | "starting" | "stopped";
  chats: number;
  configVersion: number | null;
}

/** Re-applying a routing status LiveChat changed behind our back waits at least this long. */
const ROUTING_REAPPLY_MS = 5_000;
const MAX_LIST_CHATS_PAGES = 50;

export class OrgRuntime {
  private config: OrgConfig | null = null;
  private client: RtmClient | null = null;
  private accessToken: (OrgAccessToken & { obtainedAt: number }) | null = null;
  private readonly tracker = new ChatTracker();
  private readonly gate = new OrgGate();
  private readonly abort = new AbortController();
  private readonly reporter: ConnectionReporter;
  private readonly claims: ClaimStore;
  private readonly botTokens: BotTokenCache;
  private readonly pipeline: ReplyPipeline;
  private readonly policy: CallPolicy;
  private readonly log: Logger;
  private accepting = true;
  private stopping: Promise<void> | null = null;
  private terminated = false;
  private syncTimer: NodeJS.Timeout | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  private syncAgain: "full" | "new" | null = null;
  private readonly routingApplied = new Map<string, { status: RoutingStatus; at: number }>();
  private reloading: Promise<void> | null = null;
  private reloadAgain = false;

  constructor(private readonly deps: OrgRuntimeDeps) {
    const { settings, db, orgId } = deps;
    this.log = deps.log.child({ orgId });
    this.reporter = new ConnectionReporter(db, orgId, settings.workerId, this.log);
    this.claims = new ClaimStore(db, deps.provider);
    this.policy = {
      gate: this.gate,
      serverErrorRetries: settings.serverErrorRetries,
      rateLimitMaxWaitMs: settings.rateLimitMaxWaitMs,
      signal: this.abort.signal,
      onRetry: (info) => this.log.info("livechat call retried", info),
    };
    this.botTokens = new BotTokenCache({ renewAfterMs: settings.botTokenRenewAfterMs, issue: (botId) => this.issueBotToken(botId) });
    this.pipeline = new ReplyPipeline({
      orgId,
      workerId: settings.workerId,
      epoch: () => deps.epoch,
      apiUrl: settings.apiUrl,
      webApiTimeoutMs: settings.webApiTimeoutMs,
      catchUpWindowMs: settings.catchUpWindowMs,
      claims: this.claims,
      botTokens: this.botTokens,
      policy: this.policy,
      isLeaseValid: () => deps.isLeaseValid(),
      readThreadEvents: async (chatId) => (await this.fetchChat(chatId)).thread?.events ?? [],
      log: this.log,
    });
  }

  get orgId(): string {
    return this.deps.orgId;
  }

  get epoch(): number {
    return this.deps.epoch;
  }

  get configVersion(): number | null {
    return this.config?.version ?? null;
  }

  status(): OrgRuntimeStatus {
    return {
      orgId: this.deps.orgId,
      epoch: this.deps.epoch,
      status: this.stopping ? "stopped" : (this.client?.status ?? "starting"),
      chats: this.tracker.size,
      configVersion: this.configVersion,
    };
  }

  /** Loads the configuration and starts connecting; false when the organization is gone. */
  async start(): Promise<boolean> {
    this.config = await loadOrgConfig(this.deps.db, this.deps.orgId);
    if (!this.config || this.stopping) return false;
    const { settings } = this.deps;
    this.reporter.update({ state: "connecting", stoppedReason: null, lastError: null });
    this.client = new RtmClient({
      url: rtmUrl(settings.apiUrl, this.config.livechatOrganizationId),
      application: { name: "botdesk-worker", version: settings.version },
      timings: settings.rtm,
      log: this.log,
      getToken: (options) => this.fetchToken(options.forceRefresh),
      onStatus: (status) => {
        if (status === "connecting" || status === "authenticating") this.reporter.update({ state: status });
      },
      onReady: () => this.onReady(),
      onBackoff: (info) => {
        this.clearTimer("refresh");
        this.reporter.update({ state: "backoff", lastError: info.error, countReconnect: true });
      },
      onPush: (push) => this.onPush(push),
      onStopped: (info) => this.onPolicyStop(info.reason, info.data),
    });
    this.client.start();
    this.syncTimer = setInterval(() => void this.sync("new"), jitter(settings.chatSyncIntervalMs, 0.1));
    return true;
  }

  /**
   * Stops intake, lets in-flight replies finish (up to `drainMs`), closes the socket (or drops it
   * with `force`) and ends every timer. Idempotent.
   */
  stop(options: { drainMs: number; force?: boolean; reason: string; finalState?: "idle" | "stopped" }): Promise<void> {
    this.stopping ??= (async () => {
      this.accepting = false;
      this.clearTimer("sync");
      this.clearTimer("refresh");
      if (!options.force && options.drainMs > 0) {
        await Promise.race([this.tracker.idle(), sleep(options.drainMs)]);
      }
      this.abort.abort();
      await this.client?.stop({ force: options.force ?? false, reason: options.reason });
      if (options.finalState) this.reporter.update({ state: options.finalState });
      await this.reporter.flush();
      this.log.info("organization stopped", { reason: options.reason });
    })();
    return this.stopping;
  }

  /** Re-reads bots and rules when the stored version differs from ours (or always with `force`). */
  async reloadConfig(options: { knownVersion?: number; force?: boolean } = {}): Promise<void> {
    if (this.stopping) return;
    if (!options.force && options.knownVersion !== undefined && options.knownVersion === this.config?.version) return;
    if (this.reloading) {
      // A change saved while we were loading: load once more when the current load ends.
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.reloadAgain = false;
        await this.reloadOnce();
      } while (this.reloadAgain && !this.stopping);
    })().finally(() => (this.reloading = null));
    return this.reloading;
  }

  private async reloadOnce(): Promise<void> {
    try {
      const next = await loadOrgConfig(this.deps.db, this.deps.orgId);
      if (!next) {
        this.terminate("organization_deleted", true);
        return;
      }
      const previous = this.config;
      this.config = next;
      this.log.info("configuration reloaded", { version: next.version, bots: next.bots.size });
      if (this.client?.status === "ready") {
        void this.applyRoutingStatuses(false);
        const hasNewBot = [...next.bots.keys()].some((id) => !previous?.bots.has(id));
        if (hasNewBot) void this.sync("full");
      }
    } catch (error) {
      this.log.warn("configuration reload failed", { error });
    }
  }

  // ── Connection events ──────────────────────────────────────────────────────────────────────

  private async fetchToken(forceRefresh: boolean): Promise<string> {
    // A worker resumed after a pause must not log in again for an organization it may have lost.
    if (!this.deps.isLeaseValid()) throw new TokenUnavailableError("lease_lost", "The lease was not renewed in time");
    const token = await this.deps.credentials.getAccessToken(this.deps.orgId, {
      minValidityMs: this.deps.settings.tokenRefreshMarginMs,
      forceRefresh,
    });
    this.accessToken = { ...token, obtainedAt: Date.now() };
    this.reporter.update({ tokenExpiresAt: token.expiresAt });
    return token.token;
  }

  private onReady(): void {
    if (!this.deps.isLeaseValid()) {
      this.onFenced(new FencedError("lease not renewed in time"));
      return;
    }
    this.reporter.update({ state: "ready", lastError: null, stoppedReason: null });
    this.scheduleTokenRefresh();
    void this.applyRoutingStatuses(true);
    // Pushes are not replayed (livechat-api.md 4.3): re-read every bot chat after each connect.
    void this.sync("full");
  }

  private onPolicyStop(reason: string, data?: Record<string, unknown>): void {
    if (reason === "lease_lost") {
      this.onFenced(new FencedError("lease not renewed in time"));
      return;
    }
    this.reporter.update({ state: "stopped", stoppedReason: stopExplanation(reason, data), lastError: reason });
    this.terminate(reason, true);
  }

  private terminate(reason: string, release: boolean): void {
    if (this.terminated) return;
    this.terminated = true;
    this.deps.onTerminated(this.deps.orgId, { reason, release });
  }

  private onFenced(error: unknown): void {
    this.log.warn("lease lost, dropping the organization", { error });
    this.accepting = false;
    this.terminate("lease_lost", false);
  }

  /**
   * livechat-api.md 4.3: refresh before the token expires and hand it to the live session with
   * `update_session`. Normally 15 min ahead; tokens shorter-lived than twice that at half-life.
   */
  private scheduleTokenRefresh(): void {
    this.clearTimer("refresh");
    const token = this.accessToken;
    if (!token || this.stopping) return;
    // A token with less than the margin left when we got it was just refreshed and lives shorter
    // than the margin altogether: renew it at half-life instead of at once.
    const remainingAtFetch = token.expiresAt.getTime() - token.obtainedAt;
    const margin = this.deps.settings.tokenRefreshMarginMs;
    const lead = remainingAtFetch >= margin ? margin : remainingAtFetch / 2;
    const delay = Math.max(1_000, token.expiresAt.getTime() - lead - Date.now());
    this.refreshTimer = setTimeout(() => void this.refreshToken(), delay);
  }

  private async refreshToken(): Promise<void> {
    const client = this.client;
    if (!client || client.status !== "ready" || this.stopping) return;
    try {
      const before = this.accessToken?.token;
      // Due now (inside the margin, or at half-life for short-lived tokens): the refresher renews it,
      // unless another process already did and the stored token is fresh again.
      await this.fetchToken(false);
      if (this.accessToken && this.accessToken.token !== before) {
        await client.updateSession(this.accessToken.token);
        this.log.info("session token updated", { expiresAt: this.accessToken.expiresAt.toISOString() });
      }
      this.scheduleTokenRefresh();
    } catch (error) {
      if (error instanceof TokenUnavailableError) {
        this.onPolicyStop(error.reason);
        return;
      }
      this.log.warn("token refresh failed, retrying", { error });
      this.refreshTimer = setTimeout(() => void this.refreshToken(), 5_000);
    }
  }

  private clearTimer(which: "sync" | "refresh"): void {
    if (which === "sync" && this.syncTimer) clearInterval(this.syncTimer);
    if (which === "refresh" && this.refreshTimer) clearTimeout(this.refreshTimer);
    if (which === "sync") this.syncTimer = null;
    else this.refreshTimer = null;
  }

  // ── Calls ──────────────────────────────────────────────────────────────────────────────────

  /** A Web API call with the organization's agent token; a refused token is refreshed once. */
  private async adminCall<T>(action: string, call: (ctx: LiveChatApiContext) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const token = this.accessToken?.token ?? (await this.fetchToken(false));
      try {
        return await callWithPolicy(this.policy, action, () =>
          call({ apiUrl: this.deps.settings.apiUrl, token, timeoutMs: this.deps.settings.webApiTimeoutMs }),
        );
      } catch (error) {
        if (attempt === 0 && error instanceof LiveChatError && error.type === "authentication") {
          await this.fetchToken(true);
          continue;
        }
        throw error;
      }
    }
  }

  /**
   * Reads and follows go over the live RTM socket when it is up: the same actions, payloads and
   * answers as the Web API (livechat-api.md 4.2), for a frame instead of an HTTP request — this is
   * what every organization does every few seconds. Without a socket, the Web API.
   */
  private async agentRead<T>(action: string, payload: Record<string, unknown>, parse: (answer: unknown) => T, web: (ctx: LiveChatApiContext) => Promise<T>): Promise<T> {
    const client = this.client;
    if (client?.status !== "ready") return this.adminCall(action, web);
    return callWithPolicy(this.policy, action, async () => {
      if (client.status !== "ready") return web({ apiUrl: this.deps.settings.apiUrl, token: this.accessToken?.token ?? (await this.fetchToken(false)), timeoutMs: this.deps.settings.webApiTimeoutMs });
      return parse(await client.request(action, payload));
    });
  }

  private listChatsPage(params: ListChatsParams): Promise<ChatsPage> {
    return this.agentRead("list_chats", listChatsPayload(params), parseChatsPage, (ctx) => listChats(ctx, params));
  }

  private fetchChat(chatId: string): Promise<Chat> {
    return this.agentRead("get_chat", getChatPayload({ chatId }), parseChat, (ctx) => getChat(ctx, { chatId }));
  }

  private async follow(chatId: string): Promise<void> {
    await this.agentRead("follow_chat", { id: chatId }, () => undefined, (ctx) => followChat(ctx, { chatId }));
  }

  private async issueBotToken(botId: string): Promise<string> {
    const bot = [...(this.config?.bots.values() ?? [])].find((candidate) => candidate.id === botId);
    if (!bot?.secretEnc || !this.config) throw new Error("The bot has no stored secret");
    const secret = openSecret(bot.secretEnc, { table: "Bot", id: bot.id, column: "secretEnc" }, this.deps.settings.keyring);
    const organizationId = this.config.livechatOrganizationId;
    // livechat-api.md 2.6: whether the call needs an Authorization header is not documented; we send the admin's.
    const { token } = await this.adminCall("issue_bot_token", (ctx) =>
      issueBotToken(ctx, { botId: bot.livechatBotId, clientId: bot.ownerClientId ?? this.deps.settings.clientId, botSecret: secret, organizationId }),
    );
    this.log.info("bot token issued", { botId: bot.id });
    return token;
  }

  // ── Routing status (livechat-api.md 3.3) ────────────────────────────────────────────────────

  /** Applies each bot's desired status (all of them with `force`: after connecting). */
  private async applyRoutingStatuses(force: boolean): Promise<void> {
    const bots = [...(this.config?.bots.values() ?? [])];
    await Promise.all(bots.map((bot) => this.applyRoutingStatus(bot, force)));
  }

  private async applyRoutingStatus(bot: ManagedBot, force: boolean): Promise<void> {
    const applied = this.routingApplied.get(bot.id);
    if (!force && applied?.status === bot.desiredRoutingStatus) return;
    const status = bot.desiredRoutingStatus;
    try {
      const call = (ctx: LiveChatApiContext) => setRoutingStatus(ctx, { status, agentId: bot.livechatBotId });
      if (bot.secretEnc) {
        // With its own token a bot may always set its own status (bot tokens carry agents-bot--my:rw, 2.6).
        const token = await this.botTokens.get(bot.id, bot.secretKey);
        await callWithPolicy(this.policy, "set_routing_status", () => call({ apiUrl: this.deps.settings.apiUrl, token, timeoutMs: this.deps.settings.webApiTimeoutMs }));
      } else {
        await this.adminCall("set_routing_status", call);
      }
      this.routingApplied.set(bot.id, { status, at: Date.now() });
      await this.recordRoutingStatus(bot, status);
      this.log.info("routing status applied", { botId: bot.id, status });
    } catch (error) {
      this.routingApplied.delete(bot.id);
      this.log.warn("routing status not applied", { botId: bot.id, error });
    }
  }

  private async recordRoutingStatus(bot: ManagedBot, status: string): Promise<void> {
    await this.deps.db.bot.updateMany({
      where: { id: bot.id, orgId: this.deps.orgId },
      data: { currentRoutingStatus: status, currentRoutingStatusAt: new Date() },
    });
  }

  // ── Chats ──────────────────────────────────────────────────────────────────────────────────

  /** `full`: read every bot chat again (after a connect); `new`: only chats not followed yet. */
  sync(mode: "full" | "new"): Promise<void> {
    if (this.syncing) {
      if (mode === "full" || this.syncAgain === null) this.syncAgain = mode === "full" ? "full" : (this.syncAgain ?? "new");
      return this.syncing;
    }
    this.syncing = (async () => {
      let next: "full" | "new" | null = mode;
      while (next && !this.stopping) {
        this.syncAgain = null;
        try {
          await this.syncOnce(next === "full");
        } catch (error) {
          if (!(error instanceof Error && error.name === "CallAbortedError")) this.log.warn("chat sync failed", { error });
        }
        next = this.syncAgain;
      }
    })().finally(() => (this.syncing = null));
    return this.syncing;
  }

  private async syncOnce(full: boolean): Promise<void> {
    if (!this.accepting || this.client?.status !== "ready" || !this.config) return;
    if (!full) void this.applyRoutingStatuses(false); // retries statuses that failed before
    const summaries: ChatSummary[] = [];
    let page = await this.listChatsPage({ active: true, limit: 100 });
    summaries.push(...page.chats);
    for (let pages = 1; page.nextPageId && pages < MAX_LIST_CHATS_PAGES; pages += 1) {
      const pageId = page.nextPageId;
      page = await this.listChatsPage({ pageId });
      summaries.push(...page.chats);
    }
    const active = new Set<string>();
    for (const summary of summaries) {
      const thread = summary.last_thread_summary;
      if (!thread || thread.active === false || !this.hasManagedBot(summary.users)) continue;
      active.add(summary.id);
      const known = this.tracker.get(summary.id);
      const isNewThread = known?.threadId !== thread.id;
      this.tracker.updateFromSummary(summary);
      const needsFollow = summary.is_followed !== true;
      if (needsFollow || full || isNewThread) this.enqueueCatchUp(summary.id, needsFollow);
    }
    for (const tracked of this.tracker.all()) if (!active.has(tracked.id)) this.tracker.forget(tracked.id);
  }

  private hasManagedBot(users: readonly { id: string; type: string }[]): boolean {
    return users.some((user) => user.type === "agent" && this.config?.bots.has(user.id) === true);
  }

  /** Follow (if needed) and read the chat's current thread, answering what we have not handled. */
  private enqueueCatchUp(chatId: string, follow: boolean): void {
    void this.tracker.enqueue(chatId, async () => {
      if (!this.accepting) return;
      try {
        if (follow) {
          await this.follow(chatId);
          this.log.debug("chat followed", { chatId });
        }
        const chat = await this.fetchChat(chatId);
        const tracked = this.tracker.updateFromChat(chat);
        if (follow && chat.thread) tracked.followedThreadId = chat.thread.id;
        if (!chat.thread?.active || !chat.thread.events) return;
        await this.handleThreadEvents(tracked, chat.thread.id, chat.thread.events);
      } catch (error) {
        this.onTaskError(error, chatId);
      }
    });
  }

  private async handleThreadEvents(tracked: TrackedChat, threadId: string, events: readonly ChatEvent[]): Promise<void> {
    // What the customer wrote to a human (before the chat came to a bot, e.g. by transfer) is not
    // the bot's to answer: only messages after the last human agent's message count.
    let start = 0;
    events.forEach((event, index) => {
      const author = event.author_id;
      if (event.type === "message" && author !== undefined && author !== tracked.customerId && !this.config?.bots.has(author)) start = index + 1;
    });
    const messages = events.slice(start).filter((event) => event.type === "message" && event.author_id !== undefined && event.author_id === tracked.customerId);
    if (messages.length === 0) return;
    for (const bot of this.botsIn(tracked)) {
      // One query tells which of these messages are handled already; only the rest are claimed.
      const existing = await this.claims.existing(bot.id, messages.map((event) => event.id));
      for (const event of messages) {
        const claim = existing.get(event.id);
        if (claim && (claim.status !== "claimed" || claim.leaseEpoch >= this.deps.epoch)) {
          this.tracker.markSeen(tracked.id, `${bot.id}:${event.id}`);
          continue;
        }
        await this.handleForBot(tracked, threadId, event, bot, "catch_up");
      }
    }
  }

  private botsIn(tracked: TrackedChat): ManagedBot[] {
    const bots: ManagedBot[] = [];
    for (const user of tracked.users.values()) {
      const bot = user.type === "agent" ? this.config?.bots.get(user.id) : undefined;
      if (bot) bots.push(bot);
    }
    return bots;
  }

  private async handleForBot(tracked: TrackedChat, threadId: string, event: ChatEvent, bot: ManagedBot, source: "live" | "catch_up"): Promise<void> {
    const seenKey = `${bot.id}:${event.id}`;
    if (!this.tracker.markSeen(tracked.id, seenKey)) return;
    const agents = [...tracked.users.values()].filter((user) => user.type === "agent");
    const customer = tracked.customerId ? tracked.users.get(tracked.customerId) : undefined;
    try {
      await this.pipeline.process({
        chatId: tracked.id,
        threadId,
        event,
        bot,
        isFirstCustomerMessage: tracked.firstCustomerEventId === event.id,
        groupId: tracked.groupId,
        groupName: tracked.groupId !== undefined ? this.config?.groupNames.get(tracked.groupId) : undefined,
        customer: customer ? { ...(customer.name ? { name: customer.name } : {}), ...(customer.email ? { email: customer.email } : {}) } : undefined,
        // A human agent in the chat has taken over (a transfer away removes the bot, see botsIn).
        humanTakeover: agents.some((user) => !this.config?.bots.has(user.id)),
        source,
        ruleStates: tracked.ruleStates,
      });
    } catch (error) {
      this.tracker.unmarkSeen(tracked.id, seenKey);
      throw error;
    }
  }

  private onTaskError(error: unknown, chatId: string): void {
    if (error instanceof FencedError) {
      this.onFenced(error);
      return;
    }
    if (error instanceof Error && error.name === "CallAbortedError") return;
    this.log.warn("chat task failed", { chatId, error });
  }

  // ── Pushes (livechat-api.md 5) ─────────────────────────────────────────────────────────────

  private onPush(push: RtmPush): void {
    if (!this.accepting || !this.config) return;
    if (!this.deps.isLeaseValid()) {
      this.onFenced(new FencedError("lease not renewed in time"));
      return;
    }
    switch (push.action) {
      case "incoming_event":
        this.onIncomingEvent(push.payload.chat_id, push.payload.thread_id, push.payload.event);
        return;
      case "incoming_chat": {
        const chat = push.payload.chat;
        if (!this.hasManagedBot(chat.users)) return;
        void this.tracker.enqueue(chat.id, async () => {
          try {
            const tracked = this.tracker.updateFromChat(chat);
            if (chat.thread?.active && chat.thread.events) await this.handleThreadEvents(tracked, chat.thread.id, chat.thread.events);
          } catch (error) {
            this.onTaskError(error, chat.id);
          }
        });
        return;
      }
      case "chat_transferred": {
        const { chat_id: chatId, transferred_to: to } = push.payload;
        const toBot = to?.agent_ids?.some((id) => this.config?.bots.has(id)) ?? false;
        // To one of our bots: follow and catch up. Away from a tracked chat: re-read its users.
        if (toBot) this.enqueueCatchUp(chatId, true);
        else if (this.tracker.get(chatId)) this.enqueueRefresh(chatId);
        return;
      }
      case "user_added_to_chat": {
        const { chat_id: chatId, user } = push.payload;
        if (user.type === "agent" && this.config.bots.has(user.id)) this.enqueueCatchUp(chatId, true);
        else this.tracker.get(chatId)?.users.set(user.id, user);
        return;
      }
      case "user_removed_from_chat":
        this.tracker.get(push.payload.chat_id)?.users.delete(push.payload.user_id);
        return;
      case "chat_deactivated":
        // The thread ended and our follow with it (4.8); a returning customer opens a new thread.
        this.tracker.forget(push.payload.chat_id);
        return;
      case "chat_unfollowed": {
        const tracked = this.tracker.get(push.payload.chat_id);
        if (tracked && this.botsIn(tracked).length > 0) this.enqueueCatchUp(tracked.id, true);
        return;
      }
      case "chat_access_updated": {
        const tracked = this.tracker.get(push.payload.id);
        if (tracked) tracked.groupId = push.payload.access.group_ids[0] ?? tracked.groupId;
        return;
      }
      case "routing_status_set":
        this.onRoutingStatusSet(push.payload.agent_id, push.payload.status);
        return;
      case "bot_updated":
      case "bot_deleted":
        if (this.config.bots.has(push.payload.id)) void this.reloadConfig({ force: true });
        return;
      case "agent_disconnected":
        return; // handled by the client
    }
  }

  private onIncomingEvent(chatId: string, threadId: string, event: ChatEvent): void {
    // 6.3: only `message` events carry what the rules read; system messages have no author.
    if (event.type !== "message") return;
    void this.tracker.enqueue(chatId, async () => {
      if (!this.accepting) return;
      try {
        let tracked = this.tracker.get(chatId);
        if (!tracked || tracked.threadId !== threadId || tracked.customerId === null) {
          // A chat we did not know (e.g. followed by an earlier connection of this agent) or a new thread.
          tracked = this.tracker.updateFromChat(await this.fetchChat(chatId));
        }
        this.tracker.noteEvent(chatId, threadId, event);
        if (event.author_id === undefined || event.author_id !== tracked.customerId) return; // bot, agent or system
        for (const bot of this.botsIn(tracked)) await this.handleForBot(tracked, threadId, event, bot, "live");
      } catch (error) {
        this.onTaskError(error, chatId);
      }
    });
  }

  private enqueueRefresh(chatId: string): void {
    void this.tracker.enqueue(chatId, async () => {
      try {
        const chat = await this.fetchChat(chatId);
        const tracked = this.tracker.updateFromChat(chat);
        if (this.botsIn(tracked).length === 0 || !chat.thread?.active) this.tracker.forget(chatId);
      } catch (error) {
        this.onTaskError(error, chatId);
      }
    });
  }

  private onRoutingStatusSet(agentId: string, status: string): void {
    const bot = this.config?.bots.get(agentId);
    if (!bot) return;
    void this.recordRoutingStatus(bot, status).catch((error: unknown) => this.log.warn("routing status not recorded", { error }));
    if (status === bot.desiredRoutingStatus) return;
    // The dashboard is the source of truth; re-apply, but never in a tight loop with LiveChat.
    const applied = this.routingApplied.get(bot.id);
    const wait = applied ? Math.max(0, applied.at + ROUTING_REAPPLY_MS - Date.now()) : 0;
    this.routingApplied.delete(bot.id);
    setTimeout(() => {
      const current = this.config?.bots.get(agentId);
      if (current && !this.stopping && this.client?.status === "ready") void this.applyRoutingStatus(current, true);
    }, wait).unref();
  }
}
