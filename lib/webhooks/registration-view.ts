// The installation's registration as the Worker page shows it, read from the WebhookInstallation row.
import { z } from "zod";
import type { Db } from "../db";
import type { WebhookConfig } from "./webhook-config";

export type WebhookRegistrationState = "not_registered" | "registered" | "failed" | "disabled";

export interface WebhookRegistrationView {
  state: WebhookRegistrationState;
  url: string | null;
  lastError: string | null;
  registeredAt: Date | null;
  actions: string[];
}

const StoredStateSchema = z.enum(["not_registered", "registered", "failed", "disabled"]).catch("not_registered");

/** The `webhooks` column: `[{ id, action }]` as LiveChat listed them after the last registration. */
const StoredWebhooksSchema = z.array(z.object({ id: z.string(), action: z.string() })).catch([]);

function parseStoredWebhooks(text: string): z.infer<typeof StoredWebhooksSchema> {
  try {
    return StoredWebhooksSchema.parse(JSON.parse(text));
  } catch {
    return [];
  }
}

export async function readWebhookRegistration(db: Db, config: WebhookConfig): Promise<WebhookRegistrationView> {
  if (config.url === null) {
    return { state: "disabled", url: null, lastError: null, registeredAt: null, actions: [] };
  }
  const row = await db.webhookInstallation.findUnique({
    where: { clientId: config.clientId },
    select: { state: true, url: true, lastError: true, registeredAt: true, webhooks: true },
  });
  if (!row) return { state: "not_registered", url: config.url, lastError: null, registeredAt: null, actions: [] };
  const state = StoredStateSchema.parse(row.state);
  // Registered for an earlier LIVECHAT_WEBHOOK_URL / NEXTAUTH_URL: deliveries go elsewhere now.
  if (state === "registered" && row.url !== config.url) {
    return {
      state: "not_registered",
      url: config.url,
      lastError: `The webhooks are registered for ${row.url ?? "another address"}, not ${config.url}. Register them again.`,
      registeredAt: null,
      actions: [],
    };
  }
  const actions = state === "registered" ? [...new Set(parseStoredWebhooks(row.webhooks).map((entry) => entry.action))].sort() : [];
  return { state: state === "disabled" ? "not_registered" : state, url: config.url, lastError: row.lastError, registeredAt: row.registeredAt, actions };
}
