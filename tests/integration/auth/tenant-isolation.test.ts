// Every route handler and every server action, found on disk: organization A's members naming
// organization B get 404 and change nothing; normal agents get 403 from everything that changes
// state; cross-site requests get 403; signed-out requests and sessions that were revoked or ended
// get 401; a user over their rate limit gets 429; and the right people still get through. Entry
// points taking more ids than the organization's add a case in tests/helpers/tenant-isolation/cases.ts.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const secret = vi.hoisted(() => {
  const value = "tenant-isolation-secret-0123456789abcdef";
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
vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  revalidatePath: () => undefined,
  revalidateTag: () => undefined,
}));

import { guardInfoOf } from "../../../lib/auth/guard-marker";
import { isMutatingMethod } from "../../../lib/auth/origin";
import { webEnv } from "../../../lib/env";
import { LIMITS } from "../../../lib/rate-limit/limits";
import { createRateLimits, postgresRateLimitStore, rateLimits } from "../../../lib/rate-limit/rate-limits";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../helpers/database";
import { useAsDefaultDb } from "../../helpers/default-db";
import { ACTION_CASES, OPEN_TO_EVERY_MEMBER, PUBLIC_ROUTES, ROUTE_CASES } from "../../helpers/tenant-isolation/cases";
import { discoverActions, discoverRoutes, inlineServerActionFiles, type ActionEntry, type RouteEntry } from "../../helpers/tenant-isolation/discover";
import { createSession, seedTenantFixtures, snapshotDatabase, type OrgFixture, type TenantFixtures } from "../../helpers/tenant-isolation/fixtures";
import { setRequest } from "../../helpers/tenant-isolation/next-headers";
import { installRateLimits } from "../../helpers/tenant-isolation/rate-limits";

const APP_ORIGIN = "http://botdesk.test";

interface CallOptions {
  cookie?: string;
  origin?: string | null;
}

function paramsFor(route: RouteEntry, org: OrgFixture): Record<string, string> {
  const given = ROUTE_CASES[route.key]?.params?.(org) ?? {};
  return Object.fromEntries(route.params.map((name) => [name, name === "orgId" ? org.orgId : (given[name] ?? crypto.randomUUID())]));
}

async function callRoute(route: RouteEntry, params: Record<string, string>, options: CallOptions, body: unknown = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin !== null) headers.origin = options.origin ?? APP_ORIGIN;
  const request = new Request(`${APP_ORIGIN}${route.path}`, {
    method: route.method,
    headers,
    body: isMutatingMethod(route.method) ? JSON.stringify(body) : undefined,
  });
  const response = await route.handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  const answer = text ? (JSON.parse(text) as { error?: { code: string; message: string; reason?: string; retryAfterSeconds?: number } }) : null;
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: answer };
}

async function callAction(entry: ActionEntry, input: unknown, options: CallOptions) {
  setRequest({ cookie: options.cookie, origin: options.origin === null ? undefined : (options.origin ?? APP_ORIGIN) });
  return (await entry.action(input)) as { ok: boolean; error?: { code: string; message: string } };
}

function actionInput(entry: ActionEntry, org: OrgFixture): unknown {
  return ACTION_CASES[entry.key]?.input?.(org) ?? { orgId: org.orgId };
}

describe.each<TestProvider>(["sqlite", "postgresql"])("tenant isolation on %s", (provider) => {
  let database: TestDatabase;
  let f: TenantFixtures;
  let routes: RouteEntry[];
  let actions: ActionEntry[];
  let guardedRoutes: RouteEntry[];
  const mutatingRoutes = () => guardedRoutes.filter((route) => isMutatingMethod(route.method));

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    useAsDefaultDb(database);
    // PostgreSQL: the limits every dashboard instance shares, in this database's RateLimit table.
    installRateLimits(createRateLimits(provider === "postgresql" ? postgresRateLimitStore(database.url) : { kind: "memory" }));
    f = await seedTenantFixtures(database.db, { secret, keyring: webEnv().TOKEN_ENCRYPTION_KEYS });
    routes = await discoverRoutes();
    actions = await discoverActions();
    guardedRoutes = routes.filter((route) => !(route.path in PUBLIC_ROUTES));
  });

  afterAll(async () => {
    await rateLimits().close();
    await database?.drop();
  });

  it("finds the route handlers and server actions on disk", () => {
    expect(routes.map((route) => route.key)).toContain("GET /api/orgs/[orgId]/team");
    expect(actions.map((entry) => entry.key)).toEqual(
      expect.arrayContaining(["app/(app)/actions.ts#switchOrganization", "app/(app)/orgs/[orgId]/team/actions.ts#takeOverConnection"]),
    );
  });

  it("wraps every route handler in withOrg, except the public ones, which say why", () => {
    expect(guardedRoutes.filter((route) => guardInfoOf(route.handler)?.transport !== "route").map((route) => route.key)).toEqual([]);
    expect(guardedRoutes.filter((route) => !route.params.includes("orgId")).map((route) => route.key)).toEqual([]);
    expect(Object.keys(PUBLIC_ROUTES).filter((path) => !routes.some((route) => route.path === path))).toEqual([]);
  });

  it("wraps every server action in orgAction, and no server action hides inside a function", () => {
    expect(actions.filter((entry) => guardInfoOf(entry.action)?.transport !== "action").map((entry) => entry.key)).toEqual([]);
    expect(inlineServerActionFiles()).toEqual([]);
  });

  it("answers 404 to a member of A who names organization B, and changes nothing", async () => {
    const before = await snapshotDatabase(database.db);
    for (const route of guardedRoutes) {
      const result = await callRoute(route, paramsFor(route, f.b), { cookie: f.a.owner.cookie }, ROUTE_CASES[route.key]?.body?.(f.b));
      expect({ route: route.key, status: result.status, code: result.body?.error?.code }).toEqual({ route: route.key, status: 404, code: "not_found" });
    }
    for (const entry of actions) {
      const result = await callAction(entry, actionInput(entry, f.b), { cookie: f.a.owner.cookie });
      expect({ action: entry.key, result }).toEqual({ action: entry.key, result: { ok: false, error: { code: "not_found", message: expect.any(String) } } });
    }
    expect(await snapshotDatabase(database.db)).toEqual(before);
  });

  it("answers 404 to a member of A who names B's records under A's own organization", async () => {
    const before = await snapshotDatabase(database.db);
    for (const route of guardedRoutes) {
      const crossRecord = ROUTE_CASES[route.key]?.crossRecord;
      if (!crossRecord) continue;
      const params = { ...paramsFor(route, f.a), ...crossRecord(f), orgId: f.a.orgId };
      const result = await callRoute(route, params, { cookie: f.a.owner.cookie }, ROUTE_CASES[route.key]?.body?.(f.a));
      expect({ route: route.key, status: result.status }).toEqual({ route: route.key, status: 404 });
    }
    for (const entry of actions) {
      const crossRecord = ACTION_CASES[entry.key]?.crossRecord;
      if (!crossRecord) continue;
      const result = await callAction(entry, crossRecord(f), { cookie: f.a.owner.cookie });
      expect({ action: entry.key, code: result.error?.code }).toEqual({ action: entry.key, code: "not_found" });
    }
    expect(await snapshotDatabase(database.db)).toEqual(before);
  });

  it("answers 403 to a normal agent from every route and action that changes state", async () => {
    const opensUp = (key: string, guard: unknown) => guardInfoOf(guard)?.access === "view" && !(key in OPEN_TO_EVERY_MEMBER);
    expect([...mutatingRoutes().filter((route) => opensUp(route.key, route.handler)), ...actions.filter((entry) => opensUp(entry.key, entry.action))]).toEqual([]);
    const before = await snapshotDatabase(database.db);
    for (const route of mutatingRoutes().filter((candidate) => !(candidate.key in OPEN_TO_EVERY_MEMBER))) {
      const result = await callRoute(route, paramsFor(route, f.a), { cookie: f.a.agent.cookie }, ROUTE_CASES[route.key]?.body?.(f.a));
      expect({ route: route.key, status: result.status, code: result.body?.error?.code }).toEqual({ route: route.key, status: 403, code: "forbidden" });
    }
    for (const entry of actions.filter((candidate) => !(candidate.key in OPEN_TO_EVERY_MEMBER))) {
      const result = await callAction(entry, actionInput(entry, f.a), { cookie: f.a.agent.cookie });
      expect({ action: entry.key, code: result.error?.code }).toEqual({ action: entry.key, code: "forbidden" });
    }
    expect(await snapshotDatabase(database.db)).toEqual(before);
  });

  it.each([
    ["a foreign Origin", "https://evil.example"],
    ["Origin: null", "null"],
    ["no Origin at all", null],
  ])("answers 403 to state-changing requests with %s", async (_label, origin) => {
    const before = await snapshotDatabase(database.db);
    for (const route of mutatingRoutes()) {
      const result = await callRoute(route, paramsFor(route, f.a), { cookie: f.a.owner.cookie, origin }, ROUTE_CASES[route.key]?.body?.(f.a));
      expect({ route: route.key, status: result.status }).toEqual({ route: route.key, status: 403 });
    }
    for (const entry of actions) {
      const result = await callAction(entry, actionInput(entry, f.a), { cookie: f.a.owner.cookie, origin });
      expect({ action: entry.key, code: result.error?.code }).toEqual({ action: entry.key, code: "forbidden" });
    }
    expect(await snapshotDatabase(database.db)).toEqual(before);
  });

  it("answers 401 to signed-out requests, to altered session cookies and to cookies that cannot be decoded", async () => {
    const altered = `${f.a.owner.cookie.slice(0, -4)}AAAA`;
    for (const cookie of [undefined, altered, "junk=%E0%A4%A"]) {
      for (const route of guardedRoutes) {
        const result = await callRoute(route, paramsFor(route, f.a), { cookie }, ROUTE_CASES[route.key]?.body?.(f.a));
        expect({ route: route.key, status: result.status }).toEqual({ route: route.key, status: 401 });
      }
      for (const entry of actions) {
        const result = await callAction(entry, actionInput(entry, f.a), { cookie });
        expect({ action: entry.key, code: result.error?.code }).toEqual({ action: entry.key, code: "unauthorized" });
      }
    }
  });

  it("answers 401 to a session that was signed out, revoked by a removal, past its end or unknown, saying why", async () => {
    const ended = [
      { reason: "signed_out", change: { revokedAt: new Date(), revokedReason: "signed_out" } },
      { reason: "removed", change: { revokedAt: new Date(), revokedReason: "removed" } },
      { reason: "expired", change: { expiresAt: new Date(Date.now() - 1000) } },
      { reason: undefined, change: null },
    ];
    for (const { reason, change } of ended) {
      const session = await createSession(f.a.owner.userId, f.a.orgId, secret, database.db);
      if (change) await database.db.userSession.update({ where: { id: session.sessionId }, data: change });
      else await database.db.userSession.delete({ where: { id: session.sessionId } });
      const before = await snapshotDatabase(database.db);
      for (const route of guardedRoutes) {
        const result = await callRoute(route, paramsFor(route, f.a), { cookie: session.cookie }, ROUTE_CASES[route.key]?.body?.(f.a));
        expect({ route: route.key, status: result.status, reason: result.body?.error?.reason }).toEqual({ route: route.key, status: 401, reason });
      }
      for (const entry of actions) {
        const result = await callAction(entry, actionInput(entry, f.a), { cookie: session.cookie });
        expect({ action: entry.key, code: result.error?.code }).toEqual({ action: entry.key, code: "unauthorized" });
      }
      expect(await snapshotDatabase(database.db)).toEqual(before);
    }
  });

  it("answers 429 with Retry-After from every route and action to a user over their limit, and changes nothing", async () => {
    const { owner } = f.a;
    await rateLimits().consume("apiUser", owner.userId, LIMITS.apiUser.points);
    const before = await snapshotDatabase(database.db);
    for (const route of guardedRoutes) {
      const result = await callRoute(route, paramsFor(route, f.a), { cookie: owner.cookie }, ROUTE_CASES[route.key]?.body?.(f.a));
      expect({ route: route.key, status: result.status, code: result.body?.error?.code }).toEqual({ route: route.key, status: 429, code: "rate_limited" });
      expect(Number(result.retryAfter)).toBe(result.body?.error?.retryAfterSeconds);
      expect(Number(result.retryAfter)).toBeGreaterThan(0);
    }
    for (const entry of actions) {
      const result = await callAction(entry, actionInput(entry, f.a), { cookie: owner.cookie });
      expect({ action: entry.key, code: result.error?.code }).toEqual({ action: entry.key, code: "rate_limited" });
    }
    expect(await snapshotDatabase(database.db)).toEqual(before);
    await rateLimits().reset("apiUser", owner.userId);
  });

  it("still lets the right people through", async () => {
    for (const [key, routeCase] of Object.entries(ROUTE_CASES)) {
      if (!routeCase.allowed) continue;
      const route = routes.find((candidate) => candidate.key === key);
      expect(route, key).toBeDefined();
      const params = { ...paramsFor(route!, f.a), ...routeCase.allowed.params?.(f) };
      const result = await callRoute(route!, params, { cookie: f.a.owner.cookie }, routeCase.allowed.body?.(f));
      expect({ key, status: result.status }).toEqual({ key, status: routeCase.allowed.status });
    }
    for (const [key, actionCase] of Object.entries(ACTION_CASES)) {
      if (!actionCase.allowed) continue;
      const entry = actions.find((candidate) => candidate.key === key);
      expect(entry, key).toBeDefined();
      const result = await callAction(entry!, actionCase.allowed(f), { cookie: f.a.owner.cookie });
      expect({ key, result }).toEqual({ key, result: { ok: true, data: expect.anything() } });
    }
  });
});
