// How the worker learns of new bot chats for an organization (DESIGN.md data flow 5): from LiveChat
// bot webhooks when this installation's registration holds (livechat-api.md 7), otherwise by listing
// chats at an interval while a bot accepts chats — each listing a billed request (10.1).
import type { Db } from "../db";
import { getWebhookRegistration, registerWebhooks, type WebhookRegistrationView } from "../webhooks/registration";

export type EventIntake = "webhooks" | "listing";

export interface WebhookIntake extends WebhookRegistrationView {
  /** When a webhook delivery for this organization last arrived; null before the first. */
  lastDeliveryAt: Date | null;
  intake: EventIntake;
}

async function withDelivery(db: Db, orgId: string, registration: WebhookRegistrationView): Promise<WebhookIntake> {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { lastWebhookAt: true } });
  // Named fields only: whatever else the registration carries stays on the server.
  const { state, url, lastError, registeredAt, actions } = registration;
  return {
    state,
    url,
    lastError,
    registeredAt,
    actions,
    lastDeliveryAt: org?.lastWebhookAt ?? null,
    intake: state === "registered" ? "webhooks" : "listing",
  };
}

export async function getWebhookIntake(db: Db, { orgId }: { orgId: string }): Promise<WebhookIntake> {
  return withDelivery(db, orgId, await getWebhookRegistration(db));
}

/** "Register again" on the Worker page; registerWebhooks' AppErrors reach the caller as they are. */
export async function registerWebhooksAgain(db: Db, input: { orgId: string; userId: string }): Promise<WebhookIntake> {
  return withDelivery(db, input.orgId, await registerWebhooks(db, input));
}
