// The webhook receiver route served over real HTTP against a real test database, with this
// installation's secret made the way registration makes it.
import crypto from "node:crypto";
import type { Db } from "../../../../lib/db";
import { webEnv } from "../../../../lib/env";
import { ensureInstallation } from "../../../../lib/webhooks/installation";
import { forgetLastWebhookTouches } from "../../../../lib/webhooks/last-webhook-at";
import { forgetSecrets } from "../../../../lib/webhooks/secret-cache";
import { POST } from "../../../../app/api/livechat/webhooks/route";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../../helpers/database";
import { useAsDefaultDb as makeDefaultDb } from "../../../helpers/default-db";
import { serveRoute, type ServedRoute } from "./serve-route";

export const CLIENT_ID = "botdesk-receiver-test-client";

/** The web configuration the route reads (process.env, read once per test file). */
export function setReceiverEnv(): void {
  Object.assign(process.env, {
    NEXTAUTH_URL: "http://127.0.0.1:3999",
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    LIVECHAT_CLIENT_ID: CLIENT_ID,
    LIVECHAT_CLIENT_SECRET: "receiver-test-secret",
    TOKEN_ENCRYPTION_KEYS: process.env.TOKEN_ENCRYPTION_KEYS ?? `k1:${crypto.randomBytes(32).toString("base64")}`,
    LOG_LEVEL: "error",
  });
}

export interface ReceiverWorld {
  database: TestDatabase;
  db: Db;
  served: ServedRoute;
  secret: string;
  /** A Botdesk organization and its LiveChat organization id. */
  org: { id: string; livechatOrganizationId: string };
  post(body: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startReceiverWorld(provider: TestProvider): Promise<ReceiverWorld> {
  setReceiverEnv();
  const database = await createTestDatabase(provider);
  makeDefaultDb(database);
  forgetSecrets();
  forgetLastWebhookTouches();
  const { secret } = await ensureInstallation(database.db, { clientId: CLIENT_ID, keyring: webEnv().TOKEN_ENCRYPTION_KEYS });
  const org = await database.db.organization.create({
    data: { livechatOrganizationId: crypto.randomUUID(), name: "Acme" },
    select: { id: true, livechatOrganizationId: true },
  });
  const served = await serveRoute("/api/livechat/webhooks", (request) => POST(request));
  return {
    database,
    db: database.db,
    served,
    secret,
    org,
    async post(body) {
      const response = await fetch(served.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
    async close() {
      await served.close();
      await database.drop();
    },
  };
}

let sequence = 0;

/** A delivery as livechat-api.md 7.2 shows it: a customer message in a chat with our bot. */
export function customerMessage(world: Pick<ReceiverWorld, "secret" | "org">, overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    webhook_id: "b1f0c3e2d4a5968778695a4b3c2d1e0f",
    secret_key: world.secret,
    action: "incoming_event",
    organization_id: world.org.livechatOrganizationId,
    payload: {
      chat_id: "SZ4K8N2QWE",
      thread_id: "SZ4K8N2QWF",
      event: { id: `SZ4K8N2QWF_${sequence}`, created_at: new Date().toISOString(), visibility: "all", type: "message", text: "Can I return shoes?", author_id: "customer-1" },
    },
    additional_data: { chat_presence_user_ids: ["customer-1", "bot-1"] },
    ...overrides,
  };
}
