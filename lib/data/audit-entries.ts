// The Audit log page: who created, changed or deleted which bot or rule, when, and the change as
// before/after lines. Newest first, paged by the same keyset cursor as the Activity feed.
import { describeChange, parseChanges, type ChangeLine } from "../insights/describe-change";
import { encodeCursor, olderThan } from "./activity";
import type { DbClient } from "./db-client";

export interface AuditEntryView {
  id: string;
  createdAt: string;
  action: string;
  targetType: string;
  targetId: string;
  targetName: string | null;
  /** null when the change was not made by a person (or the person's account was removed). */
  actor: { name: string; email: string } | null;
  changes: ChangeLine[];
}

export interface AuditPage {
  entries: AuditEntryView[];
  nextCursor: string | null;
}

export async function listAuditEntriesByOrgId(db: DbClient, input: { orgId: string; cursor?: string; limit?: number }): Promise<AuditPage> {
  const limit = input.limit ?? 50;
  const rows = await db.auditLog.findMany({
    where: { orgId: input.orgId, ...olderThan(input.cursor) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: { actor: { select: { name: true, email: true } } },
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      targetName: row.targetName,
      actor: row.actor,
      changes: describeChange(parseChanges(row.changes)),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}
