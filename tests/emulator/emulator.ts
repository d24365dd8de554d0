// The in-process handle on a running emulator: the control methods tests and the demo use.
// Every method has an HTTP twin under `/_emulator/…` (control-api.ts).
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
import { createFaults, type EmulatorFaults } from "./fault-actions";
import type { OrganizationSocketStats } from "./hub";
import { activeThread, type RoutingStatus } from "./model";
import type { PushLogEntry, RequestLogEntry, RequestLogFilter } from "./request-log";
import { applyRoutingStatus } from "./routing-status";
import { RTM_PATH } from "./rtm-server";
import { isKnownScope, isScopeAllowedForRole } from "./scopes";
import { applySeed } from "./seed";
import type { SeedInput, SeedResult } from "./seed-schema";
import type { EmulatorTimings } from "./timings";
import { tokenResponse } from "./token-endpoint";
import { getChatSnapshot, getTranscript, type ChatSnapshot, type Transcript } from "./transcript";

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

export interface EmulatorStats {
  /** RTM sockets per organization, including the maximum of concurrently logged-in ones. */
  organizations: Record<string, OrganizationSocketStats>;
}

export class Emulator {
  readonly faults: EmulatorFaults;

  constructor(
    private readonly ctx: EmulatorContext,
    /** Origin of the emulator, e.g. `http://127.0.0.1:41234` (accounts and API base URL). */
    readonly url: string,
    private readonly stop: () => Promise<void>,
  ) {
    this.faults = createFaults(ctx);
  }

  get timings(): Readonly<EmulatorTimings> {
    return { ...this.ctx.timings };
  }

  rtmUrl(organizationId: string): string {
    return `${this.url.replace(/^http/, "ws")}${RTM_PATH}?organization_id=${encodeURIComponent(organizationId)}`;
  }

  close(): Promise<void> {
    return this.stop();
  }

  seed(input: SeedInput): SeedResult {
    return applySeed(this.ctx, input);
  }

  setTimings(timings: Partial<EmulatorTimings>): void {
    Object.assign(this.ctx.timings, timings);
  }

  /** Moves the emulator's clock forward: codes and tokens expire without waiting. */
  advanceClock(seconds: number): void {
    this.ctx.clock.advance(seconds * 1000);
    for (const peer of this.ctx.hub.all()) peer.checkToken("access_token_expired");
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
    const { access, refresh } = this.ctx.tokens.issueForAgent(agent, client.clientId, scopes, region, options.ttlSec);
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
    applyRoutingStatus(this.ctx, organizationId, userId, status);
  }

  startChat(input: StartChatInput): StartChatResult {
    return startChat(this.ctx, input);
  }

  sendCustomerMessage(chatId: string, text: string): { eventId: string; threadId: string } {
    return sendCustomerMessage(this.ctx, chatId, text);
  }

  agentJoinChat(chatId: string, agent: string, options?: JoinOptions): void {
    agentJoinChat(this.ctx, chatId, agent, options);
  }

  agentSendMessage(chatId: string, agent: string, text: string): { eventId: string; threadId: string } {
    return agentSendMessage(this.ctx, chatId, agent, text);
  }

  /** `by`: "customer" (default), "router", or an agent's e-mail / id. */
  closeChat(chatId: string, by?: string): void {
    closeChat(this.ctx, chatId, by);
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
}
