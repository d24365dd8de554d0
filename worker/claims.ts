// Exactly-once handling of a customer message per bot. Before anything is sent, the worker
// inserts a HandledEvent row (unique on LiveChat event id + bot) with one statement that inserts
// only while the organization's lease still names this worker under the same epoch — a stale
// owner (paused, then resumed after a takeover) has its claims refused. On PostgreSQL the lease
// row is read FOR SHARE, so a takeover cannot commit between the check and the insert; SQLite runs
// one writer at a time. (One statement instead of a transaction: this is the per-message hot path.)
//
// A claim left in `claimed` by an earlier epoch means its owner died between claim and finish:
// the new owner takes it over ("recovered") and first looks for the reply by its `custom_id`
// before sending anything (reply-pipeline.ts), which turns at-most-once into effectively-once.
import crypto from "node:crypto";
import type { DatabaseProvider } from "../lib/env";
import { Prisma, type Db } from "../lib/db";
import { slices } from "./batches";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

export interface ClaimKey {
  orgId: string;
  /** Our Bot.id. */
  botId: string;
  /** LiveChat event id. */
  eventId: string;
  workerId: string;
  epoch: number;
}

export type ClaimOutcome =
  | { kind: "claimed" }
  | { kind: "recovered"; previousWorkerId: string }
  | { kind: "duplicate"; status: string }
  | { kind: "fenced" };

export interface ActivityRecord {
  outcome: "replied" | "handed_over" | "tagged" | "suppressed" | "no_match" | "failed" | "missed";
  chatId: string;
  ruleId?: string | undefined;
  ruleName?: string | undefined;
  messageText?: string | undefined;
  detail?: string | undefined;
  trace?: unknown;
}

class FencedError extends Error {}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

async function holdsLease(tx: Tx, provider: DatabaseProvider, key: Pick<ClaimKey, "orgId" | "workerId" | "epoch">): Promise<boolean> {
  if (provider === "postgresql") {
    const rows = await tx.$queryRaw<{ workerId: string | null; epoch: number }[]>`
      SELECT "workerId", "epoch" FROM "OrgLease" WHERE "orgId" = ${key.orgId} FOR SHARE`;
    const row = rows[0];
    return row !== undefined && row.workerId === key.workerId && Number(row.epoch) === key.epoch;
  }
  const row = await tx.orgLease.findUnique({ where: { orgId: key.orgId }, select: { workerId: true, epoch: true } });
  return row?.workerId === key.workerId && row.epoch === key.epoch;
}

function activityData(key: ClaimKey, activity: ActivityRecord) {
  return {
    orgId: key.orgId,
    botId: key.botId,
    chatId: activity.chatId,
    eventId: key.eventId,
    outcome: activity.outcome,
    ruleId: activity.ruleId ?? null,
    ruleName: activity.ruleName ?? null,
    messageText: activity.messageText ?? null,
    detail: activity.detail ?? null,
    trace: activity.trace === undefined ? null : JSON.stringify(activity.trace),
  };
}

export class ClaimStore {
  constructor(
    private readonly db: Db,
    private readonly provider: DatabaseProvider,
  ) {}

  /** Claims `key` for processing. */
  async claim(key: ClaimKey, where: { chatId: string; threadId: string | null }): Promise<ClaimOutcome> {
    const lock = this.provider === "postgresql" ? Prisma.sql`FOR SHARE` : Prisma.empty;
    const inserted = await this.db.$executeRaw`
      INSERT INTO "HandledEvent" ("id", "orgId", "botId", "livechatEventId", "chatId", "threadId", "workerId", "leaseEpoch", "status", "claimedAt")
      SELECT ${crypto.randomUUID()}, ${key.orgId}, ${key.botId}, ${key.eventId}, ${where.chatId}, ${where.threadId}, ${key.workerId}, ${key.epoch}, 'claimed', ${new Date()}
      WHERE EXISTS (SELECT 1 FROM "OrgLease" WHERE "orgId" = ${key.orgId} AND "workerId" = ${key.workerId} AND "epoch" = ${key.epoch} ${lock})
      ON CONFLICT DO NOTHING`;
    if (inserted === 1) return { kind: "claimed" };
    // Nothing inserted: the lease moved on, or the event was claimed before.
    const lease = await this.db.orgLease.findUnique({ where: { orgId: key.orgId }, select: { workerId: true, epoch: true } });
    if (lease?.workerId !== key.workerId || lease.epoch !== key.epoch) return { kind: "fenced" };
    return this.takeOverStale(key);
  }

  /** Records a message that is too old to answer, once; false when it was handled already. */
  async recordMissed(key: ClaimKey, where: { chatId: string; threadId: string | null }, activity: ActivityRecord): Promise<boolean> {
    try {
      return await this.db.$transaction(async (tx) => {
        if (!(await holdsLease(tx, this.provider, key))) throw new FencedError();
        const now = new Date();
        await tx.handledEvent.create({
          data: {
            orgId: key.orgId,
            botId: key.botId,
            livechatEventId: key.eventId,
            chatId: where.chatId,
            threadId: where.threadId,
            workerId: key.workerId,
            leaseEpoch: key.epoch,
            status: "missed",
            finishedAt: now,
          },
        });
        await tx.activity.create({ data: activityData(key, activity) });
        return true;
      }, TX_OPTIONS);
    } catch (error) {
      if (isUniqueViolation(error) || error instanceof FencedError) return false;
      throw error;
    }
  }

  /**
   * Finishes a claim: status, the chat's new rule state and the activity row, in one
   * transaction. False when the claim is no longer ours (taken over under a newer epoch).
   */
  async finish(
    key: ClaimKey,
    result: { status: "done" | "failed"; chatState?: { chatId: string; state: unknown }; activity: ActivityRecord },
  ): Promise<boolean> {
    // One transaction of three statements; the claim's status change is the fenced step and the
    // other two only write if it happened (the same row, this epoch, this finish time). Raw SQL,
    // identical on SQLite and PostgreSQL: this runs for every message.
    const now = new Date();
    const ours = Prisma.sql`EXISTS (SELECT 1 FROM "HandledEvent" WHERE "livechatEventId" = ${key.eventId} AND "botId" = ${key.botId}
      AND "leaseEpoch" = ${key.epoch} AND "status" = ${result.status} AND "finishedAt" = ${now})`;
    const statements = [
      this.db.$executeRaw`UPDATE "HandledEvent" SET "status" = ${result.status}, "finishedAt" = ${now}
        WHERE "livechatEventId" = ${key.eventId} AND "botId" = ${key.botId} AND "orgId" = ${key.orgId}
        AND "leaseEpoch" = ${key.epoch} AND "status" = 'claimed'`,
    ];
    if (result.chatState) {
      statements.push(this.db.$executeRaw`INSERT INTO "ChatState" ("id", "orgId", "botId", "chatId", "state", "updatedAt")
        SELECT ${crypto.randomUUID()}, ${key.orgId}, ${key.botId}, ${result.chatState.chatId}, ${JSON.stringify(result.chatState.state)}, ${now}
        WHERE ${ours}
        ON CONFLICT ("botId", "chatId") DO UPDATE SET "state" = excluded."state", "updatedAt" = excluded."updatedAt"`);
    }
    const activity = activityData(key, result.activity);
    statements.push(this.db.$executeRaw`INSERT INTO "Activity" ("id", "orgId", "botId", "chatId", "eventId", "outcome", "ruleId", "ruleName", "messageText", "detail", "trace", "createdAt")
      SELECT ${crypto.randomUUID()}, ${activity.orgId}, ${activity.botId}, ${activity.chatId}, ${activity.eventId}, ${activity.outcome},
        ${activity.ruleId}, ${activity.ruleName}, ${activity.messageText}, ${activity.detail}, ${activity.trace}, ${now}
      WHERE ${ours}`);
    const [updated] = await this.db.$transaction(statements);
    return updated === 1;
  }

  /** Claims that already exist for these events of one bot (to skip handled ones in bulk). */
  async existing(botId: string, eventIds: readonly string[]): Promise<Map<string, { status: string; leaseEpoch: number }>> {
    const found = new Map<string, { status: string; leaseEpoch: number }>();
    for (const slice of slices(eventIds)) {
      const rows = await this.db.handledEvent.findMany({
        where: { botId, livechatEventId: { in: slice } },
        select: { livechatEventId: true, status: true, leaseEpoch: true },
      });
      for (const row of rows) found.set(row.livechatEventId, { status: row.status, leaseEpoch: row.leaseEpoch });
    }
    return found;
  }

  async loadChatState(botId: string, chatId: string): Promise<unknown> {
    const row = await this.db.chatState.findUnique({ where: { botId_chatId: { botId, chatId } }, select: { state: true } });
    if (!row) return undefined;
    try {
      return JSON.parse(row.state) as unknown;
    } catch {
      return undefined;
    }
  }

  private async takeOverStale(key: ClaimKey): Promise<ClaimOutcome> {
    const existing = await this.db.handledEvent.findUnique({
      where: { livechatEventId_botId: { livechatEventId: key.eventId, botId: key.botId } },
      select: { status: true, leaseEpoch: true, workerId: true, orgId: true },
    });
    if (!existing || existing.orgId !== key.orgId) return { kind: "duplicate", status: existing?.status ?? "unknown" };
    if (existing.status !== "claimed" || existing.leaseEpoch >= key.epoch) return { kind: "duplicate", status: existing.status };
    return this.db.$transaction(async (tx) => {
      if (!(await holdsLease(tx, this.provider, key))) return { kind: "fenced" } as const;
      const moved = await tx.handledEvent.updateMany({
        where: { livechatEventId: key.eventId, botId: key.botId, status: "claimed", leaseEpoch: existing.leaseEpoch },
        data: { leaseEpoch: key.epoch, workerId: key.workerId, claimedAt: new Date() },
      });
      if (moved.count !== 1) return { kind: "duplicate", status: "claimed" } as const;
      return { kind: "recovered", previousWorkerId: existing.workerId } as const;
    }, TX_OPTIONS);
  }
}
