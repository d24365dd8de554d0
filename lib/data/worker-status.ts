// Data for the dashboard's Worker page: every worker process (last beat, how many organizations it
// owns, whether it owns this one) and this organization's RTM connection as its owner reported it;
// then how the worker learns of new chats (webhooks or listing), what this organization's LiveChat
// requests cost, and LiveChat's version notices. Other organizations' ids never leave this module;
// workers are shown by count only.
import type { Db } from "../db";
import { listRecentLiveChatNotices, type LiveChatNoticeView } from "./livechat-notices";
import { getRequestUsage, type RequestUsage } from "./request-usage";
import { getWebhookIntake, type WebhookIntake } from "./webhook-intake";

/** A worker whose last beat is older than this is shown as not responding. */
export const WORKER_STALE_AFTER_MS = 30_000;
/** Stopped workers stay on the page this long. */
const STOPPED_VISIBLE_MS = 24 * 3_600_000;

export interface WorkerStatus {
  workerId: string;
  host: string;
  pid: number;
  version: string;
  startedAt: Date;
  lastBeatAt: Date;
  stoppedAt: Date | null;
  isAlive: boolean;
  organizationsOwned: number;
  ownsThisOrganization: boolean;
}

export interface OrgConnectionStatus {
  /** idle | connecting | authenticating | ready | backoff | stopped */
  state: string;
  stateSince: Date;
  workerId: string | null;
  lastError: string | null;
  /** Set when the worker stopped for a reason a person has to fix. */
  stoppedReason: string | null;
  reconnectsToday: number;
  tokenExpiresAt: Date | null;
  lease: { workerId: string | null; epoch: number; expiresAt: Date; isHeld: boolean } | null;
}

export interface WorkerStatusPage {
  workers: WorkerStatus[];
  connection: OrgConnectionStatus | null;
}

export async function getWorkerStatus(db: Db, { orgId, now = new Date() }: { orgId: string; now?: Date }): Promise<WorkerStatusPage> {
  const [beats, leases, connection, lease] = await Promise.all([
    db.workerHeartbeat.findMany({
      where: { OR: [{ stoppedAt: null }, { stoppedAt: { gt: new Date(now.getTime() - STOPPED_VISIBLE_MS) } }] },
      orderBy: { startedAt: "asc" },
    }),
    db.orgLease.groupBy({ by: ["workerId"], where: { workerId: { not: null }, expiresAt: { gt: now } }, _count: { _all: true } }),
    db.orgConnection.findUnique({ where: { orgId } }),
    db.orgLease.findUnique({ where: { orgId } }),
  ]);
  const owned = new Map(leases.map((row) => [row.workerId, row._count._all]));
  const leaseHeld = lease !== null && lease.workerId !== null && lease.expiresAt > now;
  const workers = beats.map((beat) => ({
    workerId: beat.workerId,
    host: beat.host,
    pid: beat.pid,
    version: beat.version,
    startedAt: beat.startedAt,
    lastBeatAt: beat.lastBeatAt,
    stoppedAt: beat.stoppedAt,
    isAlive: beat.stoppedAt === null && now.getTime() - beat.lastBeatAt.getTime() < WORKER_STALE_AFTER_MS,
    organizationsOwned: owned.get(beat.workerId) ?? 0,
    ownsThisOrganization: leaseHeld && lease?.workerId === beat.workerId,
  }));
  const today = now.toISOString().slice(0, 10);
  return {
    workers,
    connection: connection
      ? {
          state: connection.state,
          stateSince: connection.stateSince,
          workerId: connection.workerId,
          lastError: connection.lastError,
          stoppedReason: connection.stoppedReason,
          reconnectsToday: connection.reconnectDay === today ? connection.reconnectCount : 0,
          tokenExpiresAt: connection.tokenExpiresAt,
          lease: lease ? { workerId: lease.workerId, epoch: lease.epoch, expiresAt: lease.expiresAt, isHeld: leaseHeld } : null,
        }
      : null,
  };
}

export interface WorkerPageData extends WorkerStatusPage {
  webhooks: WebhookIntake;
  requests: RequestUsage;
  notices: LiveChatNoticeView[];
}

export async function getWorkerPageData(
  db: Db,
  { orgId, pricePer1000Usd, now = new Date() }: { orgId: string; pricePer1000Usd: number; now?: Date },
): Promise<WorkerPageData> {
  const [status, webhooks, requests, notices] = await Promise.all([
    getWorkerStatus(db, { orgId, now }),
    getWebhookIntake(db, { orgId }),
    getRequestUsage(db, { orgId, pricePer1000Usd, now }),
    listRecentLiveChatNotices(db, { now }),
  ]);
  return { ...status, webhooks, requests, notices };
}
