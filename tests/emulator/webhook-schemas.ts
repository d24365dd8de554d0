// Request schemas of the Configuration API webhook actions (livechat-api.md 7.1) and the view
// `list_webhooks` returns.
import { z } from "zod";
import { ADDITIONAL_DATA, FILTER_SCHEMAS, WEBHOOK_ACTIONS, type WebhookKind } from "./webhook-catalogue";
import type { WebhookRegistration } from "./webhook-registry";

/** livechat-api.md 7.1, 10.3: at most 500 characters. Only http(s) URLs can be delivered to. */
const webhookUrl = z
  .string()
  .max(500)
  .refine((value) => {
    try {
      const protocol = new URL(value).protocol;
      return protocol === "http:" || protocol === "https:";
    } catch {
      return false;
    }
  }, "expected an http(s) URL");

/** The `filters` schema depends on the action; an unknown action gets one that takes no filter. */
export function registerWebhookSchema(kind: WebhookKind | undefined) {
  return z.strictObject({
    action: z.enum(WEBHOOK_ACTIONS),
    secret_key: z.string().min(1),
    url: webhookUrl,
    owner_client_id: z.string().min(1),
    type: z.enum(["bot", "license"]),
    additional_data: z.array(z.enum(ADDITIONAL_DATA)).optional(),
    description: z.string().optional(),
    filters: (kind ? FILTER_SCHEMAS[kind] : z.strictObject({})).optional(),
  });
}

export const listWebhooksSchema = z.strictObject({ owner_client_id: z.string().min(1) });

export const unregisterWebhookSchema = z.strictObject({ id: z.string().min(1), owner_client_id: z.string().min(1) });

export const listWebhookNamesSchema = z.strictObject({ version: z.string().min(1).optional() });

/**
 * What `list_webhooks` shows: the documented fields, `additional_data` when it was given, and
 * never the `secret_key`. `description`, `filters` and `additional_data` appear only when they were
 * registered (stricter: the docs do not say whether empty ones are listed).
 */
export function webhookView(registration: WebhookRegistration): Record<string, unknown> {
  return {
    id: registration.id,
    url: registration.url,
    ...(registration.description !== undefined ? { description: registration.description } : {}),
    action: registration.action,
    ...(registration.filters !== undefined ? { filters: structuredClone(registration.filters) } : {}),
    owner_client_id: registration.ownerClientId,
    type: registration.type,
    ...(registration.additionalData !== undefined ? { additional_data: [...registration.additionalData] } : {}),
  };
}
