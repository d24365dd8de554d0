// Every route handler that takes a body, found on disk (as tests/integration/auth/tenant-isolation
// does): a body over its limit is answered 413 `payload_too_large` in the documented error shape —
// at once when `content-length` says so (not a byte read), and cut off at the limit when it streams
// in chunks without one — and nothing changes. A new route handler is covered without being listed;
// one with a limit other than the default says so in LIMITS below.
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const secret = vi.hoisted(() => {
  const value = "request-bounds-secret-0123456789abcdef";
  // lib/env.ts reads these once, when the first guard asks for its configuration.
  Object.assign(process.env, {
    NEXTAUTH_URL: "http://botdesk.test",
    NEXTAUTH_SECRET: value,
    LIVECHAT_CLIENT_ID: "client",
    LIVECHAT_CLIENT_SECRET: "client-secret",
    LIVECHAT_ACCOUNTS_URL: "http://127.0.0.1:9",
    LIVECHAT_API_URL: "http://127.0.0.1:9",
    TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 3).toString("base64")}`,
  });
  return value;
});

vi.mock("next/headers", async () => (await import("../../helpers/tenant-isolation/next-headers")).nextHeaders);

import nextConfig from "../../../next.config.js";
import { isMutatingMethod } from "../../../lib/auth/origin";
import { webEnv } from "../../../lib/env";
import { DEFAULT_BODY_LIMIT_BYTES, RULES_IMPORT_BODY_LIMIT_BYTES } from "../../../lib/http/limited-body";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../helpers/database";
import { useAsDefaultDb } from "../../helpers/default-db";
import { PUBLIC_ROUTES, ROUTE_CASES } from "../../helpers/tenant-isolation/cases";
import { discoverRoutes, type RouteEntry } from "../../helpers/tenant-isolation/discover";
import { seedTenantFixtures, snapshotDatabase, type OrgFixture, type TenantFixtures } from "../../helpers/tenant-isolation/fixtures";
import { CountingBody, type ErrorBody } from "./support/world";

const APP_ORIGIN = "http://botdesk.test";

/** Routes whose limit is not DEFAULT_BODY_LIMIT_BYTES (1 MiB), and why. */
const LIMITS: Record<string, { bytes: number; why: string }> = {
  "POST /api/orgs/[orgId]/bots/[botId]/rules/import": { bytes: RULES_IMPORT_BODY_LIMIT_BYTES, why: "a rules file holds up to 10,000 rules" },
};

const CHUNK = 64 * 1024;

function limitOf(route: RouteEntry): number {
  return LIMITS[route.key]?.bytes ?? DEFAULT_BODY_LIMIT_BYTES;
}

function paramsFor(route: RouteEntry, org: OrgFixture): Record<string, string> {
  const given = ROUTE_CASES[route.key]?.params?.(org) ?? {};
  return Object.fromEntries(route.params.map((name) => [name, name === "orgId" ? org.orgId : (given[name] ?? crypto.randomUUID())]));
}

async function send(route: RouteEntry, org: OrgFixture, body: CountingBody, contentLength?: number) {
  const isPublic = route.path in PUBLIC_ROUTES;
  const headers = new Headers({ "content-type": "application/json", origin: APP_ORIGIN });
  if (!isPublic) headers.set("cookie", org.owner.cookie);
  if (contentLength !== undefined) headers.set("content-length", String(contentLength));
  const request = new Request(`${APP_ORIGIN}${route.path}`, { method: route.method, headers, body: body.stream, duplex: "half" } as RequestInit);
  const response = await route.handler(request, { params: Promise.resolve(isPublic ? {} : paramsFor(route, org)) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as ErrorBody | null };
}

describe.each<TestProvider>(["sqlite", "postgresql"])("body limits on %s", (provider) => {
  let database: TestDatabase;
  let f: TenantFixtures;
  let routes: RouteEntry[];
  const takingBodies = () => routes.filter((route) => isMutatingMethod(route.method));

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    useAsDefaultDb(database);
    f = await seedTenantFixtures(database.db, { secret, keyring: webEnv().TOKEN_ENCRYPTION_KEYS });
    routes = await discoverRoutes();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("finds every route handler that takes a body, the public ones too", () => {
    const keys = takingBodies().map((route) => route.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        "POST /api/orgs/[orgId]/bots/[botId]/test-console",
        "POST /api/orgs/[orgId]/bots/[botId]/rules/import",
        "DELETE /api/orgs/[orgId]/bots/[botId]",
        "POST /api/livechat/webhooks",
        "POST /api/auth/[...nextauth]",
      ]),
    );
    expect(Object.keys(LIMITS).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it("answers 413 at once to a declared length over the limit, reading nothing, and changes nothing", async () => {
    const before = await snapshotDatabase(database.db);
    for (const route of takingBodies()) {
      const limit = limitOf(route);
      const body = new CountingBody(limit + 1, CHUNK);
      const answer = await send(route, f.a, body, limit + 1);
      expect({ route: route.key, status: answer.status, code: answer.body?.error.code, pulled: body.pulled }).toEqual({
        route: route.key,
        status: 413,
        code: "payload_too_large",
        pulled: 0,
      });
      expect(answer.body?.error.message, route.key).toEqual(expect.any(String));
    }
    expect(await snapshotDatabase(database.db)).toEqual(before);
  });

  it("cuts a chunked body without content-length off at the limit, answers 413 and changes nothing", async () => {
    const before = await snapshotDatabase(database.db);
    for (const route of takingBodies()) {
      const limit = limitOf(route);
      const body = new CountingBody(limit + 2 * 1024 * 1024, CHUNK);
      const answer = await send(route, f.b, body);
      expect({ route: route.key, status: answer.status, code: answer.body?.error.code }).toEqual({ route: route.key, status: 413, code: "payload_too_large" });
      // Read up to the limit and one chunk past it, then the stream is cancelled.
      expect({ route: route.key, pulled: body.pulled <= limit + CHUNK, cancelled: body.isCancelled }).toEqual({ route: route.key, pulled: true, cancelled: true });
    }
    expect(await snapshotDatabase(database.db)).toEqual(before);
  });

  it("hands next-auth a body within the limit as it was sent", async () => {
    const route = routes.find((candidate) => candidate.key === "POST /api/auth/[...nextauth]")!;
    const request = new Request(`${APP_ORIGIN}/api/auth/signin/livechat`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: APP_ORIGIN },
      body: new URLSearchParams({ json: "true", callbackUrl: "/" }).toString(),
    });
    const response = await route.handler(request, { params: Promise.resolve({ nextauth: ["signin", "livechat"] }) as never });
    // `json=true` came through: LiveChat is out of reach here, and the answer says so as JSON.
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ url: expect.stringMatching(/\/signin\/error\?reason=livechat_unreachable$/) });
  });

  it("leaves server actions to Next.js's own limit (1 MB, counted while reading, before decoding)", () => {
    // node_modules/next/dist/server/app-render/action-handler.js: `serverActions.bodySizeLimit`,
    // default 1 MB. Raising it would let actions take more than every route handler.
    const bytes = createRequire(import.meta.url)("next/dist/compiled/bytes") as { parse(value: string | number): number };
    const configured = (nextConfig as { experimental?: { serverActions?: { bodySizeLimit?: string | number } } }).experimental?.serverActions?.bodySizeLimit;
    expect(configured === undefined || bytes.parse(configured) <= DEFAULT_BODY_LIMIT_BYTES).toBe(true);
  });
});
