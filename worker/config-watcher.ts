// How a saved bot or rule reaches the running worker. The dashboard bumps the organization's
// configVersion (lib/data/config-version.ts); on PostgreSQL it also NOTIFYs CONFIG_CHANNEL, which
// the worker LISTENs to on a dedicated connection (within 1 s). SQLite has no notifications, so
// the worker polls the versions of its organizations (every ≤ 1 s). PostgreSQL is polled too, but
// slowly, as a safety net for notifications lost while the LISTEN connection was down.
//
// The same connection listens on LEASE_CHANNEL, where a worker that shuts down says it released
// leases, so the others take over at once instead of at their next scan, and on WEBHOOK_CHANNEL,
// where the dashboard's webhook receiver announces a stored delivery (webhook-inbox.ts).
import pg from "pg";
import type { Db } from "../lib/db";
import { CONFIG_CHANNEL } from "../lib/data/config-version";
import type { DatabaseProvider } from "../lib/env";
import type { Logger } from "../lib/log";
import { WEBHOOK_CHANNEL } from "../lib/webhooks/inbox-channel";
import { fullJitterDelay } from "./backoff";
import { slices } from "./batches";
import { sleep } from "./sleep";

export const LEASE_CHANNEL = "botdesk_lease";

export interface ConfigWatcherOptions {
  db: Db;
  provider: DatabaseProvider;
  databaseUrl: string;
  pollIntervalMs: number;
  log: Logger;
  /** The organizations to watch right now. */
  owned(): string[];
  /** A version seen for an organization (the owner reloads when it differs from its own). */
  onVersion(orgId: string, version: number | undefined): void;
  /** Leases were released somewhere. */
  onLeasesReleased(): void;
  /** A webhook delivery waits in the inbox for `orgId` (PostgreSQL only). */
  onWebhook?(orgId: string): void;
}

const NotificationSchema = {
  parse(payload: string | undefined): { orgId: string; version?: number } | null {
    if (!payload) return null;
    try {
      const value = JSON.parse(payload) as unknown;
      if (value && typeof value === "object" && typeof (value as { orgId?: unknown }).orgId === "string") {
        const version = (value as { version?: unknown }).version;
        return { orgId: (value as { orgId: string }).orgId, ...(typeof version === "number" ? { version } : {}) };
      }
    } catch {
      // a bare organization id
    }
    return { orgId: payload };
  },
};

/** PostgreSQL is polled only as a fallback; notifications do the real work. */
const POSTGRES_POLL_MS = 15_000;

export class ConfigWatcher {
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];
  private client: pg.Client | null = null;

  constructor(private readonly options: ConfigWatcherOptions) {}

  start(): void {
    if (this.loops.length > 0) return;
    this.loops.push(this.pollLoop());
    if (this.options.provider === "postgresql") this.loops.push(this.listenLoop());
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.client?.end().catch(() => undefined);
    await Promise.all(this.loops);
  }

  private lastPollAt: number | null = null;

  /**
   * Hands the owners the versions of organizations changed since the last poll (bumping the
   * version updates `updatedAt`), and of all owned ones on the first poll. Reads only changed rows,
   * so polling every second stays cheap for a worker holding many organizations.
   */
  async pollOnce(): Promise<void> {
    const owned = new Set(this.options.owned());
    if (owned.size === 0) return;
    const startedAt = Date.now();
    // Overlap the previous poll generously: clocks of the writing process and ours may differ a little.
    const since = this.lastPollAt === null ? null : new Date(this.lastPollAt - 5_000);
    const rows = since
      ? await this.options.db.organization.findMany({ where: { updatedAt: { gt: since } }, select: { id: true, configVersion: true } })
      : await this.versionsOf([...owned]);
    this.lastPollAt = startedAt;
    for (const row of rows) if (owned.has(row.id)) this.options.onVersion(row.id, row.configVersion);
  }

  /** Compares every owned organization's version once (after the LISTEN connection came back). */
  async pollAll(): Promise<void> {
    const owned = this.options.owned();
    if (owned.length === 0) return;
    const rows = await this.versionsOf(owned);
    const found = new Set(rows.map((row) => row.id));
    for (const row of rows) this.options.onVersion(row.id, row.configVersion);
    for (const orgId of owned) if (!found.has(orgId)) this.options.onVersion(orgId, undefined);
  }

  private async versionsOf(orgIds: string[]): Promise<{ id: string; configVersion: number }[]> {
    const rows: { id: string; configVersion: number }[] = [];
    for (const slice of slices(orgIds)) {
      rows.push(...(await this.options.db.organization.findMany({ where: { id: { in: slice } }, select: { id: true, configVersion: true } })));
    }
    return rows;
  }

  private async pollLoop(): Promise<void> {
    const interval = this.options.provider === "postgresql" ? POSTGRES_POLL_MS : this.options.pollIntervalMs;
    while (await sleep(interval, this.abort.signal)) {
      await this.pollOnce().catch((error: unknown) => this.options.log.warn("config poll failed", { error }));
    }
  }

  private async listenLoop(): Promise<void> {
    const signal = this.abort.signal;
    for (let attempt = 0; !signal.aborted; attempt += 1) {
      const client = new pg.Client({ connectionString: this.options.databaseUrl, keepAlive: true });
      this.client = client;
      const ended = new Promise<void>((resolve) => {
        client.on("error", (error) => {
          this.options.log.warn("config listener error", { error });
          resolve();
        });
        client.on("end", () => resolve());
      });
      client.on("notification", (message) => {
        if (message.channel === LEASE_CHANNEL) {
          this.options.onLeasesReleased();
          return;
        }
        if (message.channel === WEBHOOK_CHANNEL) {
          if (message.payload) this.options.onWebhook?.(message.payload);
          return;
        }
        const notice = NotificationSchema.parse(message.payload);
        if (notice) this.options.onVersion(notice.orgId, notice.version);
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${CONFIG_CHANNEL}`);
        await client.query(`LISTEN ${LEASE_CHANNEL}`);
        await client.query(`LISTEN ${WEBHOOK_CHANNEL}`);
        attempt = 0;
        // Anything saved while we were not listening: compare versions once.
        await this.pollAll().catch(() => undefined);
        await Promise.race([ended, new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }))]);
      } catch (error) {
        if (!signal.aborted) this.options.log.warn("config listener failed", { error });
      }
      await client.end().catch(() => undefined);
      if (signal.aborted) break;
      await sleep(fullJitterDelay(attempt, { baseMs: 500, capMs: 10_000 }), signal);
    }
  }
}

/** Tells the other workers that leases were released (PostgreSQL only). */
export async function notifyLeasesReleased(db: Db, provider: DatabaseProvider, workerId: string): Promise<void> {
  if (provider !== "postgresql") return;
  await db.$executeRawUnsafe("SELECT pg_notify($1, $2)", LEASE_CHANNEL, workerId);
}
