// Stores one webhook delivery in WebhookInbox for the worker. The unique `deliveryKey` makes a
// retry or a duplicate registration store nothing twice. On PostgreSQL the insert and the NOTIFY
// commit together, so the worker hears of every stored pending row and of nothing else.
import { providerOf, type Db } from "../db";
import { deliveryKey } from "./delivery-key";
import type { WebhookDelivery } from "./delivery-schema";
import { WEBHOOK_CHANNEL, WORKER_ACTIONS, type InboxStatus } from "./inbox-channel";
import { isUniqueViolation } from "./unique-violation";

export interface StoredDelivery {
  outcome: "stored" | "duplicate";
  /** The Botdesk organization of the delivery; null when none matches its `organization_id`. */
  orgId: string | null;
  status: InboxStatus;
}

export async function storeDelivery(db: Db, delivery: WebhookDelivery): Promise<StoredDelivery> {
  const org = await db.organization.findUnique({ where: { livechatOrganizationId: delivery.organization_id }, select: { id: true } });
  const orgId = org?.id ?? null;
  const status: InboxStatus = orgId !== null && WORKER_ACTIONS.has(delivery.action) ? "pending" : "ignored";
  const data = {
    deliveryKey: deliveryKey(delivery.action, delivery.payload),
    orgId,
    livechatOrganizationId: delivery.organization_id,
    action: delivery.action,
    webhookId: delivery.webhook_id,
    body: JSON.stringify({ payload: delivery.payload, additional_data: delivery.additional_data }),
    status,
  };
  try {
    if (orgId !== null && status === "pending" && providerOf(db) === "postgresql") {
      await db.$transaction([
        db.webhookInbox.create({ data, select: { id: true } }),
        db.$executeRawUnsafe("SELECT pg_notify($1, $2)", WEBHOOK_CHANNEL, orgId),
      ]);
    } else {
      await db.webhookInbox.create({ data, select: { id: true } });
    }
    return { outcome: "stored", orgId, status };
  } catch (error) {
    if (isUniqueViolation(error)) return { outcome: "duplicate", orgId, status };
    throw error;
  }
}
