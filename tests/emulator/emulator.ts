// The in-process handle on a running emulator: the control methods tests and the demo use.
// Every method has an HTTP twin under `/_emulator/…` (control-api.ts).
import type { ApiNoticeOptions } from "./api-notices";
import type { RequestCounts } from "./billing";
import type { EmulatorContext } from "./context";
import { ControlError } from "./control-error";
import {
  agentJoinChat,
  agentSendMessage,
  closeChat,
  sendCustomerMessage,
  startChat,
  type JoinOptions,
  type StartChatInput,
  type StartChatResult,
} from "./customer-chat";
import { LIVECHAT_APP_SOURCE, SYSTEM_SOURCE } from "./event-source";
import { createFaults, type EmulatorFaults } from "./fault-actions";
import type { OrganizationSocketStats } from "./hub";
import { activeThread, type RoutingStatus } from "./model";
import type { PushLogEntry, RequestLogEntry, RequestLogFilter } from "./request-log";
import { applyRoutingStatus } from "./routing-status";
import { RTM_PATH } from "./rtm-server";
import { isKnownScope, isScopeAllowedForRole } from "./scopes";
import { applySeed } from "./seed";
import type { SeedInput, SeedResult } from "./seed-schema";
import type { SaveTiming } from "./state-saver";
import { copyTimings, type EmulatorTimings } from "./timings";
import { tokenResponse } from "./token-endpoint";
import { getChatSnapshot, getTranscript, type ChatSnapshot, type Transcript } from "./transcript";
import type { WebhookFilters } from "./webhook-catalogue";
import type { WebhookDeliveryFilter, WebhookDeliveryLogEntry } from "./webhook-log";
import type { WebhookType } from "./webhook-registry";

export interface TokenSet {
  access_token: string;
  refresh_token: string;
  account_id: string;
  organization_id: string;
  expires_in: number;
  scope: string;
  token_type: "Bearer";
}

export interface IssueTokensOptions {
  /** Default: the client's scopes this account's role may hold. */
  scopes?: string[];
  /** Default: `accessTokenTtlSec`. */
  ttlSec?: number;
}

export interface OrganizationSummary {
  id: string;
  name: string;
  licenseId: number;
  region: string;
  groups: { id: number; name: string }[];
}

export interface BotSummary {
  id: string;
  name: string;
  organizationId: string;
  ownerClientId: string;
  routingStatus: RoutingStatus;
  groups: { id: number; priority: string }[];
  maxChatsCount: number;
}

export interface ChatListEntry {
  chatId: string;
  organizationId: string;
  active: boolean;
  queued: boolean;
  userIds: string[];
}

/** A registered webhook as the control surface shows it (secret key included, unlike `list_webhooks`). */
export interface WebhookSummary {
  id: string;
  ownerClientId: string;
  action: string;
  type: WebhookType;
  url: string;
  secretKey: string;
  description: string | null;
  filters: WebhookFilters | null;
  additionalData: string[] | null;
  /** The organization whose request registered it. */
  registeredBy: string;
  createdAt: string;
}

export interface EmulatorStats {
  /** RTM sockets per organization, including the maximum of concurrently logged-in ones. */
  organizations: Record<string, OrganizationSocketStats>;
}

/** The state file of an emulator started with `stateFile` (state-saver.ts). */
export interface EmulatorPersistence {
  readonly file: string;
  /** True when the state came from the file, false when the file was new (or reset). */
  readonly loaded: boolean;
  save(): Promise<SaveTiming>;
}

export class Emulator {
  readonly faults: EmulatorFaults;

  constructor(
    private readonly ctx: EmulatorContext,
    /** Origin of the emulator, e.g. `http://127.0.0.1:41234` (accounts and API base URL). */
    readonly url: string,
    private readonly stop: () => Promise<void>,
    private readonly persistence: EmulatorPersistence | null = null,
  ) {
    this.faults = createFaults(ctx);
  }

  /** The state file this emulator keeps its LiveChat data in; null when it keeps it in memory only. */
  get stateFile(): string | null {
    return this.persistence?.file ?? null;
  }

  /** True when the state was loaded from `stateFile` (the startup seed was then not applied). */
  get stateLoaded(): boolean {
    return this.persistence?.loaded ?? false;
  }

  /**
   * Writes the state file now, without waiting for the debounced save (which follows every change
   * anyway, and `close()` saves too). Resolves with how long it took (null without a state file).
   */
  async saveState(): Promise<SaveTiming | null> {
    return (await this.persistence?.save()) ?? null;
  }

  get timings(): Readonly<EmulatorTimings> {
    return copyTimings(this.ctx.timings);
  }

  rtmUrl(organizationId: string): string {
    return `${this.url.replace(/^http/, "ws")}${RTM_PATH}?organization_id=${encodeURIComponent(organizationId)}`;
  }

  close(): Promise<void> {
    return this.stop();
  }

  /**
   * Adds clients and organizations. With a state file, records it already holds (client ids,
   * organization ids) are kept and reported instead of refused, so a seed is never applied twice.
   */
  seed(input: SeedInput): SeedResult {
    return this.changing(() => applySeed(this.ctx, input, { keepExisting: this.persistence !== null }));
  }

  setTimings(timings: Partial<EmulatorTimings>): void {
    Object.assign(this.ctx.timings, timings);
    if (timings.webhookRetryDelaysMs) this.ctx.timings.webhookRetryDelaysMs = [...timings.webhookRetryDelaysMs];
  }

  /** Moves the emulator's clock forward: codes and tokens expire without waiting. */
  advanceClock(seconds: number): void {
    this.ctx.clock.advance(seconds * 1000);
    for (const peer of this.ctx.hub.all()) peer.checkToken("access_token_expired");
    this.ctx.changes.changed();
  }

  /** Mints an access + refresh token pair as the code exchange would, without the browser. */
  issueTokensFor(account: string, clientId: string, options: IssueTokensOptions = {}): TokenSet {
    const agent = this.ctx.state.findAgent(account);
    if (!agent) throw new ControlError(404, `Account ${account} not found`);
    const client = this.ctx.state.clients.get(clientId);
    if (!client) throw new ControlError(404, `Client ${clientId} not found`);
    const scopes = options.scopes ?? client.scopes.filter((scope) => isScopeAllowedForRole(scope, agent.role));
    const refused = scopes.find((scope) => !isKnownScope(scope) || !client.scopes.includes(scope) || !isScopeAllowedForRole(scope, agent.role));
    if (refused) throw new ControlError(400, `Scope ${refused} cannot be granted to ${agent.email} through this client`);
    const region = this.ctx.state.organizations.get(agent.organizationId)?.region ?? "dal";
    const { access, refresh } = this.changing(() => this.ctx.tokens.issueForAgent(agent, client.clientId, scopes, region, options.ttlSec));
    return tokenResponse(this.ctx, access, refresh) as unknown as TokenSet;
  }

  organizations(): OrganizationSummary[] {
    return [...this.ctx.state.organizations.values()].map((organization) => ({
      id: organization.id,
      name: organization.name,
      licenseId: organization.licenseId,
      region: organization.region,
      groups: [...organization.groups.values()].map((group) => ({ id: group.id, name: group.name })),
    }));
  }

  bots(organizationId?: string): BotSummary[] {
    return [...this.ctx.state.bots.values()]
      .filter((bot) => !organizationId || bot.organizationId === organizationId)
      .map((bot) => ({
        id: bot.id,
        name: bot.name,
        organizationId: bot.organizationId,
        ownerClientId: bot.ownerClientId,
        routingStatus: bot.routingStatus,
        groups: bot.groups.map((group) => ({ ...group })),
        maxChatsCount: bot.maxChatsCount,
      }));
  }

  /** Sets an agent's or bot's routing status directly (no session needed). */
  setRoutingStatus(organizationId: string, userId: string, status: RoutingStatus): void {
    const known = this.ctx.state.botInOrganization(organizationId, userId) ?? this.ctx.state.agentByAgentId(organizationId, userId);
    if (!known) throw new ControlError(404, `No agent or bot ${userId} in ${organizationId}`);
    this.asLiveChatApp(() => applyRoutingStatus(this.ctx, organizationId, userId, status));
  }

  startChat(input: StartChatInput): StartChatResult {
    return this.asLiveChatApp(() => startChat(this.ctx, input));
  }

  sendCustomerMessage(chatId: string, text: string): { eventId: string; threadId: string } {
    return this.asLiveChatApp(() => sendCustomerMessage(this.ctx, chatId, text));
  }

  agentJoinChat(chatId: string, agent: string, options?: JoinOptions): void {
    this.asLiveChatApp(() => agentJoinChat(this.ctx, chatId, agent, options));
  }

  agentSendMessage(chatId: string, agent: string, text: string): { eventId: string; threadId: string } {
    return this.asLiveChatApp(() => agentSendMessage(this.ctx, chatId, agent, text));
  }

  /** `by`: "customer" (default), "router", or an agent's e-mail / id. */
  closeChat(chatId: string, by?: string): void {
    this.changing(() => this.ctx.sources.run(by === "router" ? SYSTEM_SOURCE : LIVECHAT_APP_SOURCE, () => closeChat(this.ctx, chatId, by)));
  }

  getTranscript(chatId: string): Transcript {
    return getTranscript(this.ctx, chatId);
  }

  getChat(chatId: string): ChatSnapshot {
    return getChatSnapshot(this.ctx, chatId);
  }

  listChats(organizationId?: string): ChatListEntry[] {
    return [...this.ctx.state.chats.values()]
      .filter((chat) => !organizationId || chat.organizationId === organizationId)
      .map((chat) => {
        const thread = activeThread(chat);
        return { chatId: chat.id, organizationId: chat.organizationId, active: thread !== undefined, queued: thread?.queue != null, userIds: [...chat.users.keys()] };
      });
  }

  requestLog(filter?: RequestLogFilter): RequestLogEntry[] {
    return this.ctx.log.list(filter);
  }

  pushLog(filter?: { action?: string; connectionId?: string; sinceSeq?: number }): PushLogEntry[] {
    return this.ctx.log.listPushes(filter);
  }

  clearLog(): void {
    this.ctx.log.clear();
  }

  stats(): EmulatorStats {
    return { organizations: this.ctx.hub.snapshot() };
  }

  resetStats(): void {
    this.ctx.hub.resetStats();
  }

  /** Registered webhooks (livechat-api.md 7.1), optionally of one client or action. */
  webhooks(filter: { ownerClientId?: string; action?: string } = {}): WebhookSummary[] {
    return this.ctx.webhooks.registry.list(filter).map((registration) => ({
      id: registration.id,
      ownerClientId: registration.ownerClientId,
      action: registration.action,
      type: registration.type,
      url: registration.url,
      secretKey: registration.secretKey,
      description: registration.description ?? null,
      filters: registration.filters ? structuredClone(registration.filters) : null,
      additionalData: registration.additionalData ? [...registration.additionalData] : null,
      registeredBy: registration.registeredBy,
      createdAt: registration.createdAt,
    }));
  }

  /** Every webhook delivery attempt, oldest first (kept like the request log: the last 20,000). */
  webhookDeliveries(filter?: WebhookDeliveryFilter): WebhookDeliveryLogEntry[] {
    return this.ctx.webhooks.log.list(filter);
  }

  clearWebhookDeliveries(): void {
    this.ctx.webhooks.log.clear();
  }

  /** Webhook deliveries still being attempted or waiting for a retry (0: everything settled). */
  pendingWebhookDeliveries(): number {
    return this.ctx.webhooks.sender.pending;
  }

  /**
   * What LiveChat would bill (livechat-api.md 10.1), counted since the start or the last reset,
   * never capped. `byAction` keys are `<surface>:<action>` (`rtm:ping`, `agent-web:send_event`,
   * `configuration:list_bots`, `accounts:POST /v2/token`, `authorize:GET /`); requests without an
   * organization count under `unknown`.
   */
  requestCounts(filter?: { organizationId?: string }): RequestCounts {
    return this.ctx.billing.snapshot(filter);
  }

  resetRequestCounts(): void {
    this.ctx.billing.reset();
  }

  /** `Legacy` / `Deprecation` headers on every Web and Configuration API answer (10.2); `{}` clears. */
  setApiNotices(notices: ApiNoticeOptions): void {
    this.ctx.notices.set(notices);
  }

  apiNotices(): ApiNoticeOptions {
    return this.ctx.notices.get();
  }

  /** What the control surface does stands for a LiveChat app (the widget, the agent app): `other_clients`. */
  private asLiveChatApp<T>(action: () => T): T {
    return this.changing(() => this.ctx.sources.run(LIVECHAT_APP_SOURCE, action));
  }

  /** Runs a control action that may change the LiveChat data (the state file saves after it). */
  private changing<T>(action: () => T): T {
    try {
      return action();
    } finally {
      this.ctx.changes.changed();
    }
  }
}
