// Who created, changed or deleted which bot or rule, and how. Visible to the whole organization.
import type { DbClient } from "./db-client";

export interface AuditEntry {
  orgId: string;
  actorUserId: string | null;
  /** e.g. "bot.create", "rule.update", "connection.take_over" */
  action: string;
  targetType: "bot" | "rule" | "connection" | "settings";
  targetId: string;
  targetName?: string;
  before?: unknown;
  after?: unknown;
  /** For changes to many rules at once: counts and names (RulesChangeSummary), instead of whole rule sets. */
  summary?: unknown;
}

export async function recordAudit(db: DbClient, entry: AuditEntry): Promise<void> {
  const changes =
    entry.before === undefined && entry.after === undefined && entry.summary === undefined
      ? null
      : JSON.stringify({ before: entry.before ?? null, after: entry.after ?? null, ...(entry.summary === undefined ? {} : { summary: entry.summary }) });
  await db.auditLog.create({
    data: {
      orgId: entry.orgId,
      actorUserId: entry.actorUserId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      targetName: entry.targetName ?? null,
      changes,
    },
  });
}

export async function listAuditLogByOrgId(db: DbClient, { orgId, take = 100 }: { orgId: string; take?: number }) {
  return db.auditLog.findMany({
    where: { orgId },
    orderBy: { createdAt: "desc" },
    take,
    include: { actor: { select: { name: true, email: true } } },
  });
}
