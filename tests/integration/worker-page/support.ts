// A real database (SQLite or PostgreSQL) with organizations A and B from the tenant fixtures, the
// Worker page's route handlers called as Next.js calls them, and builders for what the worker and the
// dashboard write: request counts per UTC day and action, LiveChat's version notices, Activity rows
// and the webhook installation. LiveChat itself is out of reach here (a closed port).
import { webEnv } from "../../../lib/env";
import type { RequestCountBuffer } from "../../../lib/data/request-counts";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../helpers/database";
import { useAsDefaultDb as makeDefaultDb } from "../../helpers/default-db";
import { seedTenantFixtures, type TenantFixtures } from "../../helpers/tenant-isolation/fixtures";

export const APP_ORIGIN = "http://botdesk.test";
const SECRET = "worker-page-test-secret-0123456789abcdef";
/** Not the default 0.27, so the estimates prove they use the configured price. */
export const TEST_PRICE_PER_1000_USD = 0.4;

// lib/env.ts reads these once, when the first guard asks for its configuration.
Object.assign(process.env, {
  NEXTAUTH_URL: APP_ORIGIN,
  NEXTAUTH_SECRET: SECRET,
  LIVECHAT_CLIENT_ID: "worker-page-client",
  LIVECHAT_CLIENT_SECRET: "client-secret",
  LIVECHAT_ACCOUNTS_URL: "http://127.0.0.1:9",
  LIVECHAT_API_URL: "http://127.0.0.1:9",
  LIVECHAT_PRICE_PER_1000_REQUESTS_USD: String(TEST_PRICE_PER_1000_USD),
  TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 9).toString("base64")}`,
  LOG_LEVEL: "error",
});
delete process.env.LIVECHAT_WEBHOOK_URL;

/** Where the app asks LiveChat to deliver webhooks when LIVECHAT_WEBHOOK_URL is not set. */
export const DEFAULT_WEBHOOK_URL = `${APP_ORIGIN}/api/livechat/webhooks`;

type RouteHandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface WorkerPageWorld {
  database: TestDatabase;
  f: TenantFixtures;
  call<T>(handler: RouteHandler, input: { method?: "GET" | "POST"; cookie: string; orgId: string; origin?: string }): Promise<Answer<T>>;
  close(): Promise<void>;
}

/** The web app's request counter keeps the database it was made with: one per world. */
async function dropWebRequestCounts(): Promise<void> {
  const holder = globalThis as { __botdeskRequestCounts?: RequestCountBuffer };
  await holder.__botdeskRequestCounts?.stop().catch(() => undefined);
  delete holder.__botdeskRequestCounts;
}

export async function startWorkerPageWorld(provider: TestProvider): Promise<WorkerPageWorld> {
  const database = await createTestDatabase(provider);
  makeDefaultDb(database);
  const f = await seedTenantFixtures(database.db, { secret: SECRET, keyring: webEnv().TOKEN_ENCRYPTION_KEYS });
  return {
    database,
    f,
    async call(handler, input) {
      const method = input.method ?? "GET";
      const headers = new Headers({ cookie: input.cookie, accept: "application/json" });
      if (method !== "GET") headers.set("origin", input.origin ?? APP_ORIGIN);
      const request = new Request(`${APP_ORIGIN}/api/orgs/${input.orgId}/worker`, { method, headers });
      const response = await handler(request, { params: Promise.resolve({ orgId: input.orgId }) });
      return { status: response.status, headers: response.headers, body: (await response.json()) as never };
    },
    async close() {
      await dropWebRequestCounts();
      delete (globalThis as { __botdeskDb?: unknown }).__botdeskDb;
      await database.drop();
    },
  };
}

export async function seedCount(database: TestDatabase, row: { orgId: string; day: string; action: string; count: number; failed?: number }) {
  await database.db.liveChatRequestCount.create({ data: { ...row, failed: row.failed ?? 0 } });
}

let eventCounter = 0;

/** An Activity row as the worker writes it. */
export async function seedOutcome(database: TestDatabase, row: { orgId: string; outcome: string; createdAt: Date }) {
  eventCounter += 1;
  await database.db.activity.create({ data: { ...row, chatId: `chat-${eventCounter}`, eventId: `event-${eventCounter}` } });
}

export async function seedNotice(database: TestDatabase, row: { header: string; value: string; action: string; firstSeenAt: Date; lastSeenAt: Date }) {
  await database.db.liveChatNotice.create({ data: row });
}

/** The installation row as a successful registration leaves it (the secret is not read here). */
export async function seedRegisteredInstallation(database: TestDatabase, input: { url: string; registeredAt: Date; actions: string[] }) {
  const registered = {
    url: input.url,
    state: "registered",
    lastError: null,
    webhooks: JSON.stringify(input.actions.map((action, index) => ({ id: `webhook-${index}`, action }))),
    registeredAt: input.registeredAt,
  };
  await database.db.webhookInstallation.upsert({
    where: { clientId: webEnv().LIVECHAT_CLIENT_ID },
    create: { clientId: webEnv().LIVECHAT_CLIENT_ID, secretKeyEnc: "not-read-by-the-worker-page", ...registered },
    update: registered,
  });
}
