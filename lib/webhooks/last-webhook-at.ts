// Organization.lastWebhookAt says webhooks arrive (the Worker page shows it). Written at most once
// per few seconds per organization: this process skips writes it made recently, and the condition
// in the UPDATE skips those another process made.
import type { Db } from "../db";

/** How stale lastWebhookAt may get. Defaults to 5,000 ms. */
export const LAST_WEBHOOK_RESOLUTION_MS = 5_000;

const touchedAt = new Map<string, number>();

export async function touchLastWebhookAt(db: Db, orgId: string, now = new Date()): Promise<void> {
  const last = touchedAt.get(orgId);
  if (last !== undefined && now.getTime() - last < LAST_WEBHOOK_RESOLUTION_MS) return;
  touchedAt.set(orgId, now.getTime());
  await db.organization.updateMany({
    where: {
      id: orgId,
      OR: [{ lastWebhookAt: null }, { lastWebhookAt: { lt: new Date(now.getTime() - LAST_WEBHOOK_RESOLUTION_MS) } }],
    },
    data: { lastWebhookAt: now },
  });
}

/** For tests. */
export function forgetLastWebhookTouches(): void {
  touchedAt.clear();
}
