// Organization ownership: one OrgLease row per organization with the owner, an expiry and an
// epoch (fencing token). Acquiring bumps the epoch, so every write made under an older epoch can
// be refused (claims.ts checks it); renewing keeps the epoch. The same statements run on SQLite
// and PostgreSQL: conditional `updateMany`, success read back per row. (Pattern: vercel/chat
// state-pg acquire-if-free-or-expired; Kubernetes client-go renew deadline.)
//
// Times come from the worker's clock; workers sharing a database need synchronised clocks (NTP),
// and the TTL (15 s by default) leaves seconds of slack for skew.
import type { Db } from "../lib/db";
import { slices } from "./batches";

export interface LeaseGrant {
  orgId: string;
  epoch: number;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

export class LeaseStore {
  constructor(
    private readonly db: Db,
    private readonly workerId: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes every listed organization whose lease is free, expired or a leftover of ours. */
  async acquire(orgIds: readonly string[]): Promise<LeaseGrant[]> {
    const grants: LeaseGrant[] = [];
    for (const slice of slices(orgIds)) grants.push(...(await this.acquireSlice(slice)));
    return grants;
  }

  private async acquireSlice(orgIds: string[]): Promise<LeaseGrant[]> {
    if (orgIds.length === 0) return [];
    await this.ensureRows(orgIds);
    const now = new Date(this.now());
    await this.db.orgLease.updateMany({
      where: {
        orgId: { in: orgIds },
        // A row still naming us comes from an earlier run with the same WORKER_ID: take it again
        // under a new epoch so that run's writes are fenced off too.
        OR: [{ workerId: null }, { expiresAt: { lt: now } }, { workerId: this.workerId }],
      },
      data: {
        workerId: this.workerId,
        epoch: { increment: 1 },
        expiresAt: new Date(now.getTime() + this.ttlMs),
        acquiredAt: now,
        renewedAt: now,
      },
    });
    const rows = await this.db.orgLease.findMany({
      where: { orgId: { in: orgIds }, workerId: this.workerId, acquiredAt: now },
      select: { orgId: true, epoch: true },
    });
    return rows.map((row) => ({ orgId: row.orgId, epoch: row.epoch }));
  }

  /**
   * Extends every lease held under our id (two statements however many there are); returns the
   * owned organizations whose lease is no longer ours under the same epoch (taken over after it
   * expired, or released).
   */
  async renew(owned: ReadonlyMap<string, number>): Promise<{ lost: string[] }> {
    if (owned.size === 0) return { lost: [] };
    const now = new Date(this.now());
    await this.db.orgLease.updateMany({
      where: { workerId: this.workerId },
      data: { expiresAt: new Date(now.getTime() + this.ttlMs), renewedAt: now },
    });
    const rows = await this.db.orgLease.findMany({ where: { workerId: this.workerId }, select: { orgId: true, epoch: true } });
    const current = new Map(rows.map((row) => [row.orgId, row.epoch]));
    return { lost: [...owned].filter(([orgId, epoch]) => current.get(orgId) !== epoch).map(([orgId]) => orgId) };
  }

  /** Gives leases back so another worker can take them at once (epoch kept; the next owner bumps it). */
  async release(owned: ReadonlyMap<string, number>): Promise<void> {
    for (const [orgId, epoch] of owned) {
      await this.db.orgLease.updateMany({
        where: { orgId, workerId: this.workerId, epoch },
        data: { workerId: null, expiresAt: new Date(this.now()) },
      });
    }
  }

  /** Gives back every lease held under our id (shutdown): one statement however many there are. */
  async releaseAll(): Promise<void> {
    await this.db.orgLease.updateMany({ where: { workerId: this.workerId }, data: { workerId: null, expiresAt: new Date(this.now()) } });
  }

  /** Whether our lease on `orgId` still stands under `epoch` (read from the database). */
  async holds(orgId: string, epoch: number): Promise<boolean> {
    const row = await this.db.orgLease.findUnique({ where: { orgId }, select: { workerId: true, epoch: true } });
    return row?.workerId === this.workerId && row.epoch === epoch;
  }

  private async ensureRows(orgIds: string[]): Promise<void> {
    const existing = await this.db.orgLease.findMany({ where: { orgId: { in: orgIds } }, select: { orgId: true } });
    const have = new Set(existing.map((row) => row.orgId));
    for (const orgId of orgIds) {
      if (have.has(orgId)) continue;
      try {
        await this.db.orgLease.create({ data: { orgId, workerId: null, epoch: 0, expiresAt: new Date(0) } });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error; // another worker created it first
      }
    }
  }
}
