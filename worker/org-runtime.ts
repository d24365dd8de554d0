// The supervisor of one organization the worker owns: it starts, stops and wires the parts, and
// does nothing else. A customer message flows one way through them:
//
//   RTM push ─┐
//   webhook ──┼─→ ChatSignal ─→ ChatIntake (per-chat queue, decisions) ─→ ReplyPipeline ─→ LiveChat
//   listing ──┘   (chat-signal)  (chat-intake, chat-decisions)            (claim, rules, act)
//
// Beside the path: AccessTokenKeeper (the agent token and `update_session`), RoutingKeeper (the
// bots' routing statuses), ChatSync (reconciliation listings), AgentApi (the admin's calls).
// Created when the lease is won, stopped when it is lost, released, or when LiveChat says a person
// has to act.
import type { Db } from "../lib/db";
import type { DatabaseProvider } from "../lib/env";
import { openSecret } from "../lib/crypto/secret-box";
import { rtmUrl } from "../lib/livechat/http";
import type { RequestMeter } from "../lib/livechat/request-meter";
import type { RtmPush } from "../lib/livechat/rtm-schemas";
import type { Logger } from "../lib/log";
import { AccessTokenKeeper } from "./access-token-keeper";
import { AgentApi } from "./agent-api";
import { CallAbortedError, OrgGate, type CallPolicy } from "./api-policy";
import { BotTokenCache } from "./bot-tokens";
import { ChatIntake } from "./chat-intake";
import { signalFromPush, signalFromWebhook } from "./chat-signal";
import { ChatSync } from "./chat-sync";
import { ClaimStore } from "./claims";
import { ConnectionReporter } from "./connection-report";
import type { CredentialSource } from "./credential-source";
import { WorkerMetrics } from "./metrics";
import { loadOrgConfig, type OrgConfig } from "./org-config";
import { stopExplanation } from "./reconnect-policy";
import { FencedError, ReplyPipeline } from "./reply-pipeline";
import { RtmClient, type RtmStatus } from "./rtm-client";
import { RoutingKeeper } from "./routing-keeper";
import type { WorkerSettings } from "./settings";
import { sleep } from "./sleep";

export interface OrgRuntimeDeps {
  db: Db;
  provider: DatabaseProvider;
  settings: WorkerSettings;
  orgId: string;
  epoch: number;
  credentials: CredentialSource;
  log: Logger;
  /** Counts this organization's LiveChat requests (livechat-api.md 10.1). */
  meter: RequestMeter;
  metrics?: WorkerMetrics;
  /** Renewed recently enough to act (checked before every claim and send). */
  isLeaseValid(): boolean;
  /** Webhooks are registered for this installation (new chats are announced; no fast listing). */
  webhooksActive(): boolean;
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

export class OrgRuntime {
  private config: OrgConfig | null = null;
  private client: RtmClient | null = null;
  private readonly abort = new AbortController();
  private readonly reporter: ConnectionReporter;
  private readonly tokens: AccessTokenKeeper;
  private readonly api: AgentApi;
  private readonly botTokens: BotTokenCache;
  private readonly routing: RoutingKeeper;
  private readonly intake: ChatIntake;
  private readonly chatSync: ChatSync;
  private readonly log: Logger;
  private accepting = true;
  private stopping: Promise<void> | null = null;
  private terminated = false;
  private reloading: Promise<void> | null = null;
  private reloadAgain = false;

  constructor(private readonly deps: OrgRuntimeDeps) {
    const { settings, db, orgId } = deps;
    this.log = deps.log.child({ orgId });
    this.reporter = new ConnectionReporter(db, orgId, settings.workerId, this.log);
    const claims = new ClaimStore(db, deps.provider);
    const policy: CallPolicy = {
      gate: new OrgGate(),
      serverErrorRetries: settings.serverErrorRetries,
      rateLimitMaxWaitMs: settings.rateLimitMaxWaitMs,
      signal: this.abort.signal,
      onRetry: (info) => this.log.info("livechat call retried", info),
    };
    this.tokens = new AccessTokenKeeper({
      orgId,
      credentials: deps.credentials,
      refreshMarginMs: settings.tokenRefreshMarginMs,
      log: this.log,
      isLeaseValid: () => deps.isLeaseValid(),
      onToken: (token) => this.reporter.update({ tokenExpiresAt: token.expiresAt }),
      onUnavailable: (error) => this.onPolicyStop(error.reason),
    });
    this.api = new AgentApi({
      apiUrl: settings.apiUrl,
      webApiTimeoutMs: settings.webApiTimeoutMs,
      policy,
      tokens: this.tokens,
      meter: deps.meter,
      rtm: () => this.client,
    });
    this.botTokens = new BotTokenCache({ renewAfterMs: settings.botTokenRenewAfterMs, issue: (botId) => this.issueBotToken(botId) });
    this.routing = new RoutingKeeper({
      db,
      orgId,
      api: this.api,
      botTokens: this.botTokens,
      log: this.log,
      bots: () => this.config?.bots.values() ?? [],
      bot: (livechatBotId) => this.config?.bots.get(livechatBotId),
      isLive: () => !this.stopping && this.client?.status === "ready",
    });
    const pipeline = new ReplyPipeline({
      orgId,
      workerId: settings.workerId,
      epoch: () => deps.epoch,
      apiUrl: settings.apiUrl,
      webApiTimeoutMs: settings.webApiTimeoutMs,
      meter: deps.meter,
      catchUpWindowMs: settings.catchUpWindowMs,
      claims,
      botTokens: this.botTokens,
      policy,
      isLeaseValid: () => deps.isLeaseValid(),
      readThreadEvents: async (chatId) => (await this.api.getChat(chatId)).thread?.events ?? [],
      log: this.log,
    });
    this.intake = new ChatIntake({
      epoch: deps.epoch,
      api: this.api,
      claims,
      log: this.log,
      config: () => this.config,
      isAccepting: () => this.accepting,
      answer: async (message) => {
        const outcome = await pipeline.process(message);
        deps.metrics?.replies.inc({ outcome });
        if (message.source === "live" && outcome !== "duplicate") {
          const createdAt = Date.parse(message.event.created_at);
          if (Number.isFinite(createdAt)) deps.metrics?.replyLatency.observe(Math.max(0, Date.now() - createdAt) / 1000);
        }
      },
      onTaskError: (error, chatId) => this.onTaskError(error, chatId),
    });
    this.chatSync = new ChatSync({
      api: this.api,
      intake: this.intake,
      log: this.log,
      reconcileIntervalMs: settings.reconcileIntervalMs,
      fallbackIntervalMs: settings.chatSyncIntervalMs,
      config: () => this.config,
      isReady: () => this.accepting && this.client?.status === "ready",
      webhooksActive: () => deps.webhooksActive(),
      onTimedPass: () => void this.routing.applyAll(false), // retries statuses that failed before
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
      chats: this.intake.size,
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
      meter: this.deps.meter,
      getToken: (options) => this.tokens.forLogin(options.forceRefresh),
      onStatus: (status) => {
        if (status === "connecting" || status === "authenticating") this.reporter.update({ state: status });
      },
      onReady: () => this.onReady(),
      onBackoff: (info) => {
        this.tokens.cancel();
        this.deps.metrics?.reconnects.inc({ reason: WorkerMetrics.reconnectReason(info.error) });
        this.reporter.update({ state: "backoff", lastError: info.error, countReconnect: true });
      },
      onPush: (push) => this.onPush(push),
      onStopped: (info) => this.onPolicyStop(info.reason, info.data),
    });
    this.client.start();
    this.chatSync.start();
    return true;
  }

  /**
   * Stops intake, lets in-flight replies finish (up to `drainMs`), closes the socket (or drops it
   * with `force`) and ends every timer. Idempotent.
   */
  stop(options: { drainMs: number; force?: boolean; reason: string; finalState?: "idle" | "stopped" }): Promise<void> {
    this.stopping ??= (async () => {
      this.accepting = false;
      this.chatSync.stop();
      this.tokens.stop();
      if (!options.force && options.drainMs > 0) await Promise.race([this.intake.idle(), sleep(options.drainMs)]);
      this.abort.abort();
      await this.client?.stop({ force: options.force ?? false, reason: options.reason });
      if (options.finalState) this.reporter.update({ state: options.finalState });
      await this.reporter.flush();
      this.log.info("organization stopped", { reason: options.reason });
    })();
    return this.stopping;
  }

  /**
   * A stored webhook delivery for this organization (livechat-api.md 7.2); false when the runtime
   * cannot take it yet (still loading) or any more (stopping), so it stays in the inbox.
   */
  acceptWebhook(action: string, body: unknown): boolean {
    if (!this.accepting || !this.config || this.stopping) return false;
    if (!this.deps.isLeaseValid()) return false;
    const signal = signalFromWebhook(action, body);
    if (signal) this.intake.accept(signal, "webhook");
    else this.log.debug("webhook delivery skipped", { action });
    return true;
  }

  /** A listing now: `full` reads every bot chat again. */
  sync(mode: "full" | "new"): Promise<void> {
    return this.chatSync.sync(mode);
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
        void this.routing.applyAll(false);
        const hasNewBot = [...next.bots.keys()].some((id) => !previous?.bots.has(id));
        if (hasNewBot) void this.chatSync.sync("full");
      }
    } catch (error) {
      this.log.warn("configuration reload failed", { error });
    }
  }

  private onReady(): void {
    if (!this.deps.isLeaseValid()) {
      this.onFenced(new FencedError("lease not renewed in time"));
      return;
    }
    this.reporter.update({ state: "ready", lastError: null, stoppedReason: null });
    if (this.client) this.tokens.schedule(this.client);
    void this.routing.applyAll(true);
    // Pushes are not replayed (livechat-api.md 4.3): re-read every bot chat after each connect.
    void this.chatSync.sync("full");
  }

  private onPush(push: RtmPush): void {
    if (!this.accepting || !this.config) return;
    if (!this.deps.isLeaseValid()) {
      this.onFenced(new FencedError("lease not renewed in time"));
      return;
    }
    const signal = signalFromPush(push);
    if (signal) {
      this.intake.accept(signal, "rtm");
      return;
    }
    if (push.action === "routing_status_set") this.routing.onStatusSet(push.payload.agent_id, push.payload.status);
    else if ((push.action === "bot_updated" || push.action === "bot_deleted") && this.config.bots.has(push.payload.id)) {
      void this.reloadConfig({ force: true });
    }
    // agent_disconnected is the client's (reconnect table, 4.6).
  }

  private async issueBotToken(botId: string): Promise<string> {
    const bot = [...(this.config?.bots.values() ?? [])].find((candidate) => candidate.id === botId);
    if (!bot?.secretEnc || !this.config) throw new Error("The bot has no stored secret");
    const secret = openSecret(bot.secretEnc, { table: "Bot", id: bot.id, column: "secretEnc" }, this.deps.settings.keyring);
    const token = await this.api.issueBotToken({
      botId: bot.livechatBotId,
      clientId: bot.ownerClientId ?? this.deps.settings.clientId,
      botSecret: secret,
      organizationId: this.config.livechatOrganizationId,
    });
    this.log.info("bot token issued", { botId: bot.id });
    return token;
  }

  private onPolicyStop(reason: string, data?: Record<string, unknown>): void {
    if (reason === "lease_lost") {
      this.onFenced(new FencedError("lease not renewed in time"));
      return;
    }
    this.reporter.update({ state: "stopped", stoppedReason: stopExplanation(reason, data), lastError: reason });
    this.terminate(reason, true);
  }

  private onTaskError(error: unknown, chatId: string): void {
    if (error instanceof FencedError) {
      this.onFenced(error);
      return;
    }
    if (error instanceof CallAbortedError) return;
    this.log.warn("chat task failed", { chatId, error });
  }

  private onFenced(error: unknown): void {
    this.log.warn("lease lost, dropping the organization", { error });
    this.accepting = false;
    this.terminate("lease_lost", false);
  }

  private terminate(reason: string, release: boolean): void {
    if (this.terminated) return;
    this.terminated = true;
    this.deps.onTerminated(this.deps.orgId, { reason, release });
  }
}
