// After an owner, viceowner or administrator grants bot-management access with the webhook scope,
// the app registers its LiveChat bot webhooks (livechat-api.md 7.1) with that fresh credential. The
// sign-in redirect does not wait for it, and its failure never fails the sign-in: it is logged, and
// the Worker page shows the installation's state and offers to register again.
import { after } from "next/server";
import { getDb } from "../db";
import { hasWebhookRegistrationScope } from "../livechat/scopes";
import type { Logger } from "../log";
import type { Role } from "../validation/membership";
import { registerWebhooks } from "../webhooks/registration";
import { canManage } from "./roles";

export function registerWebhooksAfterGrant(input: { orgId: string; userId: string; role: Role; scopes: readonly string[] }, log: Logger): void {
  if (!canManage(input.role) || !hasWebhookRegistrationScope(input.scopes)) return;
  const task = Promise.resolve()
    .then(() => registerWebhooks(getDb(), { orgId: input.orgId, userId: input.userId }))
    .then(
    (view) => log.info("Webhook registration after a grant", { orgId: input.orgId, state: view.state }),
    (error: unknown) => log.warn("Webhook registration after a grant failed", { orgId: input.orgId, error }),
  );
  try {
    // On serverless hosts this keeps the function alive until the registration ends.
    after(task);
  } catch {
    // Outside a Next.js request (tests, scripts): the task runs on by itself.
  }
}
