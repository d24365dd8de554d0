// Every knob of the worker in one object, derived from the validated environment. Tests and the
// bench build it with shortened timings; nothing in worker/ reads the environment itself.
import type { EncryptionKey, WorkerEnv } from "../lib/env";
import type { RtmTimings } from "./rtm-client";

export const WORKER_VERSION = "0.1.0";

export interface WorkerSettings {
  workerId: string;
  version: string;
  apiUrl: string;
  accountsUrl: string;
  clientId: string;
  clientSecret: string;
  keyring: readonly EncryptionKey[];
  healthPort: number;
  /** Address /healthz listens on. Defaults to 127.0.0.1 (loopback only). */
  healthHost?: string;
  /** Customer messages older than this after a gap are recorded as missed, not answered. */
  catchUpWindowMs: number;
  rtm: RtmTimings;
  /** Without webhooks: how often to list chats for bot chats nobody follows yet (livechat-api.md 4.8). */
  chatSyncIntervalMs: number;
  /** With webhooks: how often to reconcile with a listing anyway (besides after each connect). */
  reconcileIntervalMs: number;
  /** SQLite: how often to look for new webhook deliveries (PostgreSQL is notified). */
  inboxPollIntervalMs: number;
  /** How often buffered LiveChat request counts are written. */
  requestCountFlushMs: number;
  leaseTtlMs: number;
  /** Renew every third of the TTL; stop acting on an organization not renewed within two thirds. */
  leaseRenewIntervalMs: number;
  leaseRenewDeadlineMs: number;
  leaseScanIntervalMs: number;
  /** livechat-api.md 4.3: refresh at least this long before the access token expires. */
  tokenRefreshMarginMs: number;
  configPollIntervalMs: number;
  drainTimeoutMs: number;
  maxOrganizations: number;
  /** livechat-api.md 2.6: bot tokens live 24 h; ours are replaced after half of that. */
  botTokenLifetimeMs: number;
  botTokenRenewAfterMs: number;
  webApiTimeoutMs: number;
  /** 5xx / network failures retried this many times per call before the reply is recorded as failed. */
  serverErrorRetries: number;
  /** The longest a reply waits for 429 pauses before it is recorded as failed. */
  rateLimitMaxWaitMs: number;
  heartbeatIntervalMs: number;
}

export function settingsFromEnv(env: WorkerEnv, workerId: string): WorkerSettings {
  const ping = env.WORKER_PING_INTERVAL_MS;
  const leaseTtlMs = env.WORKER_LEASE_TTL_MS;
  return {
    workerId,
    version: WORKER_VERSION,
    apiUrl: env.LIVECHAT_API_URL,
    accountsUrl: env.LIVECHAT_ACCOUNTS_URL,
    clientId: env.LIVECHAT_CLIENT_ID,
    clientSecret: env.LIVECHAT_CLIENT_SECRET,
    keyring: env.TOKEN_ENCRYPTION_KEYS,
    healthPort: env.WORKER_HEALTH_PORT,
    healthHost: env.WORKER_HEALTH_HOST,
    catchUpWindowMs: env.WORKER_CATCH_UP_WINDOW_SECONDS * 1000,
    rtm: {
      loginTimeoutMs: env.WORKER_LOGIN_TIMEOUT_MS,
      requestTimeoutMs: 15_000,
      pingIntervalMs: ping,
      keepalive: env.WORKER_KEEPALIVE,
      // Two missed ping rounds plus slack: a quiet but healthy connection still answers pings.
      silenceTimeoutMs: ping * 2 + Math.min(5_000, ping),
      handshakeTimeoutMs: 10_000,
      closeTimeoutMs: 1_000,
      backoff: {
        baseMs: env.WORKER_BACKOFF_BASE_MS,
        capMs: env.WORKER_BACKOFF_CAP_MS,
        resetAfterMs: Math.max(ping * 4, 1_000),
      },
    },
    chatSyncIntervalMs: env.WORKER_CHAT_SYNC_INTERVAL_MS,
    reconcileIntervalMs: env.WORKER_RECONCILE_INTERVAL_SECONDS * 1000,
    inboxPollIntervalMs: env.WORKER_INBOX_POLL_INTERVAL_MS,
    requestCountFlushMs: 10_000,
    leaseTtlMs,
    leaseRenewIntervalMs: Math.floor(leaseTtlMs / 3),
    leaseRenewDeadlineMs: Math.floor((leaseTtlMs * 2) / 3),
    leaseScanIntervalMs: Math.min(2_000, Math.floor(leaseTtlMs / 3)),
    tokenRefreshMarginMs: env.WORKER_TOKEN_REFRESH_MARGIN_SECONDS * 1000,
    configPollIntervalMs: env.WORKER_CONFIG_POLL_INTERVAL_MS,
    drainTimeoutMs: env.WORKER_DRAIN_TIMEOUT_MS,
    maxOrganizations: env.WORKER_MAX_ORGANIZATIONS,
    botTokenLifetimeMs: 24 * 3_600_000,
    botTokenRenewAfterMs: 12 * 3_600_000,
    webApiTimeoutMs: 15_000,
    serverErrorRetries: 3,
    rateLimitMaxWaitMs: 120_000,
    heartbeatIntervalMs: Math.min(5_000, Math.floor(leaseTtlMs / 3)),
  };
}
