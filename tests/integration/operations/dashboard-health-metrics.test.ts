// The dashboard's operations endpoints, called as the hosting platform and a Prometheus scraper
// would: /api/health checks the database and names it when it fails; /api/metrics answers only the
// bearer token from METRICS_TOKEN and counts the LiveChat requests the dashboard made.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const token = vi.hoisted(() => {
  const value = "metrics-token-0123456789abcdef";
  Object.assign(process.env, {
    NEXTAUTH_URL: "http://botdesk.test",
    NEXTAUTH_SECRET: "operations-test-secret-0123456789abcdef",
    LIVECHAT_CLIENT_ID: "client",
    LIVECHAT_CLIENT_SECRET: "client-secret",
    LIVECHAT_ACCOUNTS_URL: "http://127.0.0.1:9",
    LIVECHAT_API_URL: "http://127.0.0.1:9",
    TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 5).toString("base64")}`,
    METRICS_TOKEN: value,
  });
  return value;
});

import { GET as health } from "../../../app/api/health/route";
import { GET as metrics } from "../../../app/api/metrics/route";
import { webRequestMeter } from "../../../lib/data/web-request-meter";
import { createTestDatabase, type TestDatabase } from "../../helpers/database";
import { useAsDefaultDb } from "../../helpers/default-db";

describe("dashboard operations endpoints", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    useAsDefaultDb(database);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("says the database is fine, and names it when it is not", async () => {
    const ok = await health();
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: "ok", checks: { database: { ok: true } } });
    await database.db.$disconnect();
    await database.drop();
    const failing = await health();
    expect(failing.status).toBe(503);
    expect(await failing.json()).toMatchObject({ status: "error", failed: ["database"] });
    database = await createTestDatabase("sqlite");
    useAsDefaultDb(database);
  });

  it("serves Prometheus text only for the bearer token, with LiveChat requests by action", async () => {
    expect((await metrics(new Request("http://botdesk.test/api/metrics"))).status).toBe(401);
    expect((await metrics(new Request("http://botdesk.test/api/metrics", { headers: { authorization: "Bearer wrong-token-123456789" } }))).status).toBe(401);
    webRequestMeter("org-1").record({ action: "list_bots", status: 200 });
    const answer = await metrics(new Request("http://botdesk.test/api/metrics", { headers: { authorization: `Bearer ${token}` } }));
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("text/plain");
    expect(await answer.text()).toMatch(/^botdesk_web_livechat_requests_total\{action="list_bots",status="2xx"\} 1$/m);
  });
});
