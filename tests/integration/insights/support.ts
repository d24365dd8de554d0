// A real database (SQLite or PostgreSQL) with two organizations (A and B, from the tenant
// fixtures), the insights route handlers called as Next.js calls them with a signed-in session,
// and builders for the rows the worker and the dashboard write, with backdated timestamps.
import { webEnv } from "../../../lib/env";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../helpers/database";
import { useAsDefaultDb as makeDefaultDb } from "../../helpers/default-db";
import { seedTenantFixtures, type TenantFixtures } from "../../helpers/tenant-isolation/fixtures";

const APP_ORIGIN = "http://botdesk.test";
const SECRET = "insights-test-secret-0123456789abcdef";

// lib/env.ts reads these once, when the first guard asks for its configuration.
Object.assign(process.env, {
  NEXTAUTH_URL: APP_ORIGIN,
  NEXTAUTH_SECRET: SECRET,
  LIVECHAT_CLIENT_ID: "client",
  LIVECHAT_CLIENT_SECRET: "client-secret",
  LIVECHAT_ACCOUNTS_URL: "http://127.0.0.1:9",
  LIVECHAT_API_URL: "http://127.0.0.1:9",
  TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}`,
  LOG_LEVEL: "error",
});

type RouteHandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface InsightsWorld {
  database: TestDatabase;
  f: TenantFixtures;
  /** GET with a member's session cookie; `params` beyond `orgId`, `query` as the search string. */
  get<T>(handler: RouteHandler, input: { cookie: string; orgId: string; params?: Record<string, string>; query?: string }): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startInsightsWorld(provider: TestProvider): Promise<InsightsWorld> {
  const database = await createTestDatabase(provider);
  makeDefaultDb(database);
  const f = await seedTenantFixtures(database.db, { secret: SECRET, keyring: webEnv().TOKEN_ENCRYPTION_KEYS });
  return {
    database,
    f,
    async get(handler, input) {
      const request = new Request(`${APP_ORIGIN}/api/orgs/${input.orgId}${input.query ? `?${input.query}` : ""}`, { headers: { cookie: input.cookie, accept: "application/json" } });
      const response = await handler(request, { params: Promise.resolve({ orgId: input.orgId, ...input.params }) });
      return { status: response.status, body: (await response.json()) as never };
    },
    async close() {
      delete (globalThis as { __botdeskDb?: unknown }).__botdeskDb;
      await database.drop();
    },
  };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const ago = (ms: number, now = Date.now()) => new Date(now - ms);

export interface ActivitySeed {
  orgId: string;
  botId?: string | null;
  outcome: string;
  ruleId?: string | null;
  ruleName?: string | null;
  messageText?: string | null;
  detail?: string | null;
  trace?: unknown;
  createdAt: Date;
  chatId?: string;
}

let eventCounter = 0;

/** An Activity row as the worker writes it (claims.ts `activityData`). */
export async function seedActivity(database: TestDatabase, seed: ActivitySeed) {
  eventCounter += 1;
  return database.db.activity.create({
    data: {
      orgId: seed.orgId,
      botId: seed.botId ?? null,
      chatId: seed.chatId ?? `chat-${eventCounter}`,
      eventId: `event-${eventCounter}`,
      outcome: seed.outcome,
      ruleId: seed.ruleId ?? null,
      ruleName: seed.ruleName ?? null,
      messageText: seed.messageText ?? null,
      detail: seed.detail ?? null,
      trace: seed.trace === undefined ? null : JSON.stringify(seed.trace),
      createdAt: seed.createdAt,
    },
  });
}

/** A stored rule definition the rules engine accepts. */
export function containsRule(keyword: string, reply = `About ${keyword}: see our help center.`) {
  return JSON.stringify({ trigger: { type: "contains", keyword }, actions: { reply } });
}
