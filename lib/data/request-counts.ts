// LiveChat requests counted by organization, UTC day and action (livechat-api.md 10.1), and the
// `Legacy` / `Deprecation` headers LiveChat answered with (10.2). Web and worker count into an
// in-memory buffer (`meterFor`) that is written in batches, so counting never slows a reply; a
// failed write keeps the counts for the next one.
import crypto from "node:crypto";
import { providerOf, type Db } from "../db";
import type { Logger } from "../log";
import type { MeteredRequest, RequestMeter } from "../livechat/request-meter";

export interface RequestCountBufferOptions {
  /** How often buffered counts are written. Defaults to 5,000 ms. */
  flushIntervalMs?: number;
  log?: Logger;
  now?: () => Date;
}

interface Pending {
  orgId: string;
  day: string;
  action: string;
  count: number;
  failed: number;
}

const ONE_DAY_MS = 86_400_000;
/** Rows per INSERT statement (7 parameters each; SQLite allows 32,766, PostgreSQL 65,535). */
const ROWS_PER_STATEMENT = 500;

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** livechat-api.md 10.1: every request is billed, failed ones too, except answers with HTTP 500. */
export function isBilled(status: number): boolean {
  return status !== 500;
}

export class RequestCountBuffer {
  private pending = new Map<string, Pending>();
  private notices = new Map<string, { header: string; value: string; action: string; at: Date }>();
  private readonly noticeLoggedAt = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    private readonly options: RequestCountBufferOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** A meter that counts into this buffer under one organization. */
  meterFor(orgId: string): RequestMeter {
    return { record: (request) => this.record(orgId, request) };
  }

  record(orgId: string, request: MeteredRequest): void {
    const at = this.now();
    for (const notice of request.notices ?? []) this.noteNotice(notice.header, notice.value, request.action, at);
    if (!isBilled(request.status)) return;
    const day = utcDay(at);
    const key = `${orgId}\u0000${day}\u0000${request.action}`;
    const entry = this.pending.get(key) ?? { orgId, day, action: request.action, count: 0, failed: 0 };
    entry.count += 1;
    if (request.status < 200 || request.status >= 300) entry.failed += 1;
    this.pending.set(key, entry);
    this.schedule();
  }

  /** Writes what is buffered; resolves when this and every earlier write ended. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  /** Flushes and stops the timer (process shutdown). */
  async stop(): Promise<void> {
    await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private noteNotice(header: string, value: string, action: string, at: Date): void {
    const key = `${header}\u0000${value}`;
    this.notices.set(key, { header, value, action, at });
    const lastLogged = this.noticeLoggedAt.get(key) ?? 0;
    if (at.getTime() - lastLogged >= ONE_DAY_MS) {
      this.noticeLoggedAt.set(key, at.getTime());
      this.options.log?.warn("LiveChat says this API version is ending", { header, value, action });
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.options.flushIntervalMs ?? 5_000);
    this.timer.unref();
  }

  private async write(): Promise<void> {
    const batch = [...this.pending.values()];
    const notices = [...this.notices.values()];
    this.pending = new Map();
    this.notices = new Map();
    const failed: Pending[] = [];
    for (let start = 0; start < batch.length; start += ROWS_PER_STATEMENT) {
      const rows = batch.slice(start, start + ROWS_PER_STATEMENT);
      try {
        await this.upsert(rows);
      } catch (error) {
        failed.push(...rows);
        this.options.log?.warn("request counts not written; kept for the next write", { error });
      }
    }
    for (const notice of notices) {
      await this.db.liveChatNotice
        .upsert({
          where: { header_value: { header: notice.header, value: notice.value } },
          create: { header: notice.header, value: notice.value, action: notice.action, firstSeenAt: notice.at, lastSeenAt: notice.at },
          update: { action: notice.action, lastSeenAt: notice.at },
        })
        .catch((error: unknown) => this.options.log?.warn("LiveChat notice not stored", { error }));
    }
    for (const entry of failed) {
      const key = `${entry.orgId}\u0000${entry.day}\u0000${entry.action}`;
      const current = this.pending.get(key);
      this.pending.set(key, current ? { ...current, count: current.count + entry.count, failed: current.failed + entry.failed } : entry);
    }
    if (failed.length > 0) this.schedule();
  }

  /**
   * One statement adds every row's counts (insert, or add to the day's row). One query instead of one
   * per row matters on SQLite, whose driver runs synchronously: hundreds of upserts would stall the
   * worker's event loop. Rows of organizations deleted meanwhile are skipped.
   */
  private async upsert(rows: Pending[]): Promise<void> {
    const postgres = providerOf(this.db) === "postgresql";
    const now = this.now();
    const params: unknown[] = [];
    const placeholder = () => (postgres ? `$${params.length}` : "?");
    const tuples = rows.map((row) => {
      const values = [crypto.randomUUID(), row.orgId, row.day, row.action, row.count, row.failed, postgres ? now : now.toISOString().replace("Z", "+00:00")];
      return `(${values.map((value) => (params.push(value), placeholder())).join(", ")})`;
    });
    const column = (name: string, type: string) => (postgres ? `CAST(v."${name}" AS ${type})` : `v."${name}"`);
    const table = '"LiveChatRequestCount"';
    await this.db.$executeRawUnsafe(
      `WITH v("id", "orgId", "day", "action", "count", "failed", "updatedAt") AS (VALUES ${tuples.join(", ")})
       INSERT INTO ${table} ("id", "orgId", "day", "action", "count", "failed", "updatedAt")
       SELECT ${column("id", "TEXT")}, ${column("orgId", "TEXT")}, ${column("day", "TEXT")}, ${column("action", "TEXT")},
              ${column("count", "INTEGER")}, ${column("failed", "INTEGER")}, ${column("updatedAt", "TIMESTAMP(3)")}
       FROM v WHERE EXISTS (SELECT 1 FROM "Organization" o WHERE o."id" = ${column("orgId", "TEXT")})
       ON CONFLICT ("orgId", "day", "action") DO UPDATE SET
         "count" = ${table}."count" + excluded."count",
         "failed" = ${table}."failed" + excluded."failed",
         "updatedAt" = excluded."updatedAt"`,
      ...params,
    );
  }
}
