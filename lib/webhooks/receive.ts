// The public receiver of LiveChat bot webhooks (livechat-api.md 7.2), behind
// POST /api/livechat/webhooks. In order: size limit, JSON, envelope, secret, store, answer. Nothing
// else happens in the request: no rules, no LiveChat calls (LiveChat waits about 10 s, then retries).
// The body and the secret are never logged.
import type { Db } from "../db";
import type { EncryptionKey } from "../env";
import { AppError } from "../errors";
import { errorResponse } from "../http/error-response";
import { BodyTooLargeError, DEFAULT_BODY_LIMIT_BYTES, readLimitedBody } from "../http/limited-body";
import type { Logger } from "../log";
import { WebhookDeliverySchema, type WebhookDelivery } from "./delivery-schema";
import { touchLastWebhookAt } from "./last-webhook-at";
import { storeDelivery } from "./store-delivery";
import { installationSecretDigest, isSameSecret } from "./verify-secret";

/** Larger deliveries are refused with 413: 1 MiB, the limit of every other body. */
export const MAX_DELIVERY_BYTES = DEFAULT_BODY_LIMIT_BYTES;

export interface ReceiveDeps {
  db: Db;
  /** Our Client ID: the installation whose secret deliveries must carry. */
  clientId: string;
  keyring: readonly EncryptionKey[];
  log: Logger;
  maxBytes?: number;
}

const NO_STORE = { "Cache-Control": "no-store" };

async function readDelivery(request: Request, maxBytes: number): Promise<WebhookDelivery> {
  const bytes = await readLimitedBody(request, maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new AppError("bad_request", "The body must be JSON.");
  }
  const parsed = WebhookDeliverySchema.safeParse(json);
  if (!parsed.success) throw new AppError("bad_request", "The body is not a LiveChat webhook delivery.");
  return parsed.data;
}

async function checkSecret(deps: ReceiveDeps, delivery: WebhookDelivery): Promise<void> {
  const expected = await installationSecretDigest(deps.db, { clientId: deps.clientId, keyring: deps.keyring });
  if (expected === null || !isSameSecret(delivery.secret_key, expected)) {
    deps.log.warn("Webhook delivery refused: wrong secret_key", { action: delivery.action, webhookId: delivery.webhook_id });
    throw new AppError("unauthorized", "Unknown webhook.");
  }
}

/** Stores the delivery; any database failure is a 503, so LiveChat delivers it again. */
async function store(deps: ReceiveDeps, delivery: WebhookDelivery): Promise<void> {
  const stored = await storeDelivery(deps.db, delivery);
  if (stored.orgId === null) return;
  await touchLastWebhookAt(deps.db, stored.orgId).catch((error: unknown) =>
    deps.log.warn("lastWebhookAt not updated", { orgId: stored.orgId, error }),
  );
}

export async function receiveWebhook(request: Request, deps: ReceiveDeps): Promise<Response> {
  let delivery: WebhookDelivery;
  try {
    delivery = await readDelivery(request, deps.maxBytes ?? MAX_DELIVERY_BYTES);
  } catch (error) {
    // LiveChat's wording, not the dashboard's: the delivery is what is too large.
    if (error instanceof BodyTooLargeError) return errorResponse(new AppError("payload_too_large", "The delivery is too large."));
    return errorResponse(error);
  }
  try {
    await checkSecret(deps, delivery);
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error);
    deps.log.error("Webhook secret could not be checked", { error });
    return errorResponse(new AppError("unavailable", "The delivery could not be stored. Try again."));
  }
  try {
    await store(deps, delivery);
  } catch (error) {
    deps.log.error("Webhook delivery not stored", { action: delivery.action, webhookId: delivery.webhook_id, error });
    return errorResponse(new AppError("unavailable", "The delivery could not be stored. Try again."));
  }
  return Response.json({}, { headers: NO_STORE });
}
