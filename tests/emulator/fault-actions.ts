// Fault switches that act at once on sockets, tokens and bots. Each returns how many things it hit.
import type { EmulatorContext } from "./context";
import { ControlError } from "./control-error";
import type { ApiErrorFaultOptions, CountedFaultOptions } from "./fault-switches";
import { applyRoutingStatus } from "./routing-status";
import type { WebhookDropOptions } from "./webhook-faults";

export interface OrganizationFilter {
  /** Default: every organization. */
  organizationId?: string;
}

export interface EmulatorFaults {
  /** Abrupt TCP close, no `agent_disconnected`, no close frame. */
  dropSockets(options?: OrganizationFilter): number;
  /** The server stops reading, answering, pushing and ponging, but keeps the TCP connection open. */
  halfOpenSockets(options?: OrganizationFilter): number;
  /** Matching access tokens expire now; live sockets get `agent_disconnected` `access_token_expired`. */
  expireAccessTokens(options?: { account?: string }): number;
  /** The next refresh with these tokens answers `invalid_grant`; paired access tokens die too (1.8). */
  revokeRefreshTokens(options: { refreshToken?: string; account?: string }): number;
  /** Pushes `agent_disconnected` with this reason (4.6), then closes. */
  disconnect(options: OrganizationFilter & { reason: string; data?: Record<string, unknown> }): number;
  /** The next N matching HTTP calls answer 429 `too_many_requests` with `Retry-After`. */
  rateLimit(options: CountedFaultOptions & { retryAfterSec: number }): void;
  /** The next N matching HTTP calls answer `internal` (500) or `service_unavailable` (503). */
  serverErrors(options: CountedFaultOptions & { type?: "internal" | "service_unavailable" }): void;
  /** The next N matching Web or Configuration API calls answer this LiveChat error (any documented type). */
  apiErrors(options: ApiErrorFaultOptions): void;
  /** Added delay before HTTP and RTM answers; at or above `requestTimeoutMs` they time out (4.7). */
  latency(options: { httpMs?: number; rtmMs?: number }): void;
  /** Bots fall back to `offline` (how long a bot status lasts is NOT DOCUMENTED, 3.3). */
  resetBotStatuses(options?: OrganizationFilter): number;
  /** The next `count` webhook deliveries (omitted: all, until `clear`) are never sent nor retried. */
  webhookDrop(options?: WebhookDropOptions): void;
  /** Milliseconds added before each webhook delivery attempt (0 turns it off). */
  webhookDelay(options: { ms: number }): void;
  /** Every webhook delivery is sent twice, the copy right after the first attempt's answer. */
  webhookDuplicate(options?: { enabled?: boolean }): void;
  /** Turns off the counted faults, the latency, the webhook faults and the API notices. */
  clear(): void;
}

export function createFaults(ctx: EmulatorContext): EmulatorFaults {
  const accountIdOf = (reference: string): string => {
    const agent = ctx.state.findAgent(reference);
    if (!agent) throw new ControlError(404, `Account ${reference} not found`);
    return agent.accountId;
  };
  return {
    dropSockets(options = {}) {
      const peers = ctx.hub.all(options.organizationId);
      for (const peer of peers) peer.terminate();
      return peers.length;
    },
    halfOpenSockets(options = {}) {
      const peers = ctx.hub.all(options.organizationId);
      for (const peer of peers) peer.makeHalfOpen();
      return peers.length;
    },
    expireAccessTokens(options = {}) {
      const accountId = options.account ? accountIdOf(options.account) : undefined;
      const expired = ctx.tokens.expireAccess((token) => !accountId || token.accountId === accountId).length;
      ctx.changes.changed();
      return expired;
    },
    revokeRefreshTokens(options) {
      const accountId = options.account ? accountIdOf(options.account) : undefined;
      if (!accountId && !options.refreshToken) throw new ControlError(400, "Give `refreshToken` or `account`");
      const matching = [...ctx.tokens.refreshTokens.values()].filter(
        (token) => (!options.refreshToken || token.token === options.refreshToken) && (!accountId || token.accountId === accountId),
      );
      for (const token of matching) ctx.tokens.revokeRefresh(token);
      ctx.changes.changed();
      return matching.length;
    },
    disconnect(options) {
      const loggedIn = ctx.hub.all(options.organizationId).filter((peer) => peer.session !== null);
      for (const peer of loggedIn) peer.disconnect(options.reason, options.data);
      return loggedIn.length;
    },
    rateLimit(options) {
      ctx.faults.setRateLimit(options);
    },
    serverErrors(options) {
      ctx.faults.setServerErrors({ ...options, type: options.type ?? "internal" });
    },
    apiErrors(options) {
      ctx.faults.setApiErrors(options);
    },
    latency(options) {
      if (options.httpMs !== undefined) ctx.faults.httpLatencyMs = options.httpMs;
      if (options.rtmMs !== undefined) ctx.faults.rtmLatencyMs = options.rtmMs;
    },
    resetBotStatuses(options = {}) {
      const bots = [...ctx.state.bots.values()].filter(
        (bot) => (!options.organizationId || bot.organizationId === options.organizationId) && bot.routingStatus !== "offline",
      );
      for (const bot of bots) applyRoutingStatus(ctx, bot.organizationId, bot.id, "offline");
      ctx.changes.changed();
      return bots.length;
    },
    webhookDrop(options = {}) {
      ctx.webhooks.faults.drop(options);
    },
    webhookDelay(options) {
      ctx.webhooks.faults.delayMs = options.ms;
    },
    webhookDuplicate(options = {}) {
      ctx.webhooks.faults.duplicate = options.enabled ?? true;
    },
    clear() {
      ctx.faults.clear();
      ctx.webhooks.faults.clear();
      ctx.notices.clear();
    },
  };
}
