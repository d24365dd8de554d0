// The worker's side of LiveChat bot webhooks (livechat-api.md 7): the dashboard's receiver stores
// each delivery in WebhookInbox; this hands the pending ones of the organizations we lease to their
// runtimes, in arrival order. PostgreSQL announces new rows (WEBHOOK_CHANNEL, through the config
// watcher's LISTEN connection) and is polled slowly as a safety net; SQLite is polled every
// `pollIntervalMs` (≤ 250 ms: a local read costs nothing, unlike a LiveChat request).
// Handed-over rows are marked done and deleted a while later (LiveChat retries within about a
// minute, and the unique delivery key must still be there to swallow those retries).
import type { Db } from "../lib/db";
import type { DatabaseProvider } from "../lib/env";
import type { Logger } from "../lib/log";
import { slices } from "./batches";
import { sleep } from "./sleep";

export interface WebhookConsumer {
  /** False when it cannot take deliveries now (still starting, stopping): they stay pending. */
  acceptWebhook(action: string, body: unknown): boolean;
}

export interface WebhookInboxOptions {
  db: Db;
  provider: DatabaseProvider;
  clientId: string;
  /** SQLite poll interval. Defaults to 250 ms. */
  pollIntervalMs: number;
  log: Logger;
  owned(): string[];
  consumer(orgId: string): WebhookConsumer | undefined;
}

/** PostgreSQL is notified; its poll only catches notifications lost while not listening. */
const POSTGRES_POLL_MS = 5_000;
const STATE_REFRESH_MS = 30_000;
const CLEANUP_EVERY_MS = 60_000;
/** Done and ignored rows are kept this long so LiveChat's retries (≈ 1 min, 7.2) still find them. */
const KEEP_HANDLED_MS = 10 * 60_000;
/** Pending rows nobody took (an organization without a worker) are dropped after a day. */
const KEEP_PENDING_MS = 24 * 3_600_000;
const BATCH = 500;

export class WebhookInbox {
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];
  private registered = false;
  private draining: Promise<void> | null = null;
  private wanted: Set<string> | "all" | null = null;

  constructor(private readonly options: WebhookInboxOptions) {}

  /** Whether this installation's webhooks are registered (else the worker lists chats to find them). */
  get webhooksActive(): boolean {
    return this.registered;
  }

  async start(): Promise<void> {
    if (this.loops.length > 0) return;
    await this.refreshState();
    this.loops.push(this.pollLoop(), this.housekeepingLoop());
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
    await this.draining;
  }

  /** New deliveries for `orgId` (a notification), or for everyone we own. */
  wake(orgId?: string): Promise<void> {
    if (orgId === undefined || this.wanted === "all") this.wanted = "all";
    else {
      const wanted = this.wanted ?? new Set<string>();
      wanted.add(orgId);
      this.wanted = wanted;
    }
    this.draining ??= this.drainLoop().finally(() => (this.draining = null));
    return this.draining;
  }

  private async drainLoop(): Promise<void> {
    while (this.wanted && !this.abort.signal.aborted) {
      const wanted = this.wanted;
      this.wanted = null;
      const owned = new Set(this.options.owned());
      const orgIds = wanted === "all" ? [...owned] : [...wanted].filter((id) => owned.has(id));
      try {
        for (const slice of slices(orgIds)) await this.drain(slice);
      } catch (error) {
        this.options.log.warn("webhook inbox not read", { error });
      }
    }
  }

  private async drain(orgIds: string[]): Promise<void> {
    if (orgIds.length === 0) return;
    const { db } = this.options;
    for (;;) {
      const rows = await db.webhookInbox.findMany({
        where: { orgId: { in: orgIds }, status: "pending" },
        orderBy: { receivedAt: "asc" },
        take: BATCH,
        select: { id: true, orgId: true, action: true, body: true },
      });
      const taken: string[] = [];
      for (const row of rows) {
        const consumer = row.orgId ? this.options.consumer(row.orgId) : undefined;
        if (!consumer) continue;
        let body: unknown = null;
        try {
          body = JSON.parse(row.body) as unknown;
        } catch {
          // an unreadable row is done with: nothing in it can be acted on
        }
        if (consumer.acceptWebhook(row.action, body)) taken.push(row.id);
      }
      if (taken.length > 0) {
        await db.webhookInbox.updateMany({ where: { id: { in: taken }, status: "pending" }, data: { status: "done", processedAt: new Date() } });
      }
      // Rows a runtime could not take yet stay pending for the next wake; stop instead of spinning.
      if (rows.length < BATCH || taken.length < rows.length) return;
    }
  }

  private async refreshState(): Promise<void> {
    try {
      const row = await this.options.db.webhookInstallation.findUnique({ where: { clientId: this.options.clientId }, select: { state: true } });
      const registered = row?.state === "registered";
      if (registered !== this.registered) this.options.log.info("event intake", { webhooks: registered ? "registered" : "not registered" });
      this.registered = registered;
    } catch (error) {
      this.options.log.warn("webhook state not read", { error });
    }
  }

  private async pollLoop(): Promise<void> {
    const interval = this.options.provider === "postgresql" ? POSTGRES_POLL_MS : this.options.pollIntervalMs;
    while (await sleep(interval, this.abort.signal)) await this.wake();
  }

  private async housekeepingLoop(): Promise<void> {
    let lastCleanup = 0;
    while (await sleep(STATE_REFRESH_MS, this.abort.signal)) {
      await this.refreshState();
      if (Date.now() - lastCleanup < CLEANUP_EVERY_MS) continue;
      lastCleanup = Date.now();
      const now = Date.now();
      await this.options.db.webhookInbox
        .deleteMany({
          where: {
            OR: [
              { status: { in: ["done", "ignored"] }, receivedAt: { lt: new Date(now - KEEP_HANDLED_MS) } },
              { status: "pending", receivedAt: { lt: new Date(now - KEEP_PENDING_MS) } },
            ],
          },
        })
        .catch((error: unknown) => this.options.log.warn("webhook inbox not cleaned", { error }));
    }
  }
}
