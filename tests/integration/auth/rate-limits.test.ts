// Rate limits (finding 2 of the security review), through the route handlers on both databases:
// per user and per organization on the API (a change costs 5 reads), per client address on both
// sign-in steps — counted before LiveChat is asked anything — and, on PostgreSQL, shared by every
// dashboard instance through the RateLimit table.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", async () => (await import("../../helpers/tenant-isolation/next-headers")).nextHeaders);

import * as ruleSettingsRoute from "@/app/api/orgs/[orgId]/bots/[botId]/rule-settings/route";
import * as teamRoute from "@/app/api/orgs/[orgId]/team/route";
import { CHANGE_COST, LIMITS } from "../../../lib/rate-limit/limits";
import { createRateLimits, postgresRateLimitStore, rateLimits } from "../../../lib/rate-limit/rate-limits";
import { DEMO_ACCOUNTS, type Emulator } from "../../emulator";
import type { TestProvider } from "../../helpers/database";
import { APP_URL, startAuthWorld, startEmulatorForAuth, type AuthWorld } from "./world";

type ErrorAnswer = { error?: { code: string; message: string; retryAfterSeconds?: number } };

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulatorForAuth();
});
afterAll(async () => {
  await emulator?.close();
});

function expectRateLimited(answer: { status: number; headers: Headers; body: ErrorAnswer }, who: string) {
  expect(answer.status).toBe(429);
  const retryAfter = Number(answer.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(answer.body.error).toEqual({ code: "rate_limited", message: expect.stringContaining(who), retryAfterSeconds: retryAfter });
}

describe.each<TestProvider>(["sqlite", "postgresql"])("rate limits on %s", (provider) => {
  let world: AuthWorld;

  beforeAll(async () => {
    world = await startAuthWorld(provider, emulator);
  });
  afterAll(async () => {
    await world?.close();
  });

  it("answers a burst past a user's 300 a minute with 429 and Retry-After; other members go on", async () => {
    const admin = await world.signIn(DEMO_ACCOUNTS.administrator.email);
    const agent = await world.signIn(DEMO_ACCOUNTS.agent.email);
    // 20 one by one, 240 more as the limiter counts them, then 60 at once: exactly the 300th gets through.
    for (let index = 0; index < 20; index += 1) expect((await world.call(teamRoute.GET, "GET", admin)).status).toBe(200);
    await rateLimits().consume("apiUser", admin.userId, 240);
    const burst = await Promise.all(Array.from({ length: 60 }, () => world.call<ErrorAnswer>(teamRoute.GET, "GET", admin)));
    expect(burst.filter((answer) => answer.status === 200)).toHaveLength(LIMITS.apiUser.points - 260);
    expect(burst.filter((answer) => answer.status === 429)).toHaveLength(20);
    expectRateLimited(await world.call<ErrorAnswer>(teamRoute.GET, "GET", admin), "from your account");
    expect((await world.call(teamRoute.GET, "GET", agent)).status).toBe(200);
    if (provider === "postgresql") {
      const rows = await world.database.db.rateLimit.findMany({ where: { key: `api-user:${admin.userId}` } });
      expect(rows).toEqual([{ key: `api-user:${admin.userId}`, points: expect.any(Number), expire: expect.any(BigInt) }]);
      expect(rows[0]!.points).toBeGreaterThan(LIMITS.apiUser.points);
      // Past the limit this instance refuses from memory: nothing more is written.
      const counted = rows[0]!.points;
      expectRateLimited(await world.call<ErrorAnswer>(teamRoute.GET, "GET", admin), "from your account");
      expect((await world.database.db.rateLimit.findUniqueOrThrow({ where: { key: `api-user:${admin.userId}` } })).points).toBe(counted);
    }
  });

  it(`counts a change as ${CHANGE_COST} requests: 60 changes a minute per user`, async () => {
    const owner = await world.signIn(DEMO_ACCOUNTS.owner.email, { botManagement: true });
    const bot = await world.database.db.bot.create({ data: { orgId: owner.orgId, livechatBotId: `limits-${provider}`, name: "Limits" } });
    const change = () => world.call<ErrorAnswer>(ruleSettingsRoute.PUT, "PUT", owner, { params: { botId: bot.id }, body: { maxRepliesPerChat: 3 } });
    // 50 changes as the limiter counts them, then 10 through the route: the 61st is refused.
    await rateLimits().consume("apiUser", owner.userId, 50 * CHANGE_COST);
    for (let index = 50; index < LIMITS.apiUser.points / CHANGE_COST; index += 1) expect((await change()).status).toBe(200);
    expectRateLimited(await change(), "from your account");
  });

  it("answers 429 to every member once the organization's 1,200 a minute are spent", async () => {
    const agent = await world.signIn(DEMO_ACCOUNTS.agent.email);
    await rateLimits().reset("apiUser", agent.userId);
    await rateLimits().consume("apiOrg", agent.orgId, LIMITS.apiOrg.points);
    expectRateLimited(await world.call<ErrorAnswer>(teamRoute.GET, "GET", agent), "for this organization");
    await rateLimits().reset("apiOrg", agent.orgId);
    expect((await world.call(teamRoute.GET, "GET", agent)).status).toBe(200);
  });

  it("counts sign-in starts per client address before asking LiveChat anything", async () => {
    const ip = `198.51.100.${provider === "sqlite" ? 1 : 2}`;
    const csrf = await world.auth("GET", ["csrf"], { ip });
    const cookie = csrf.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const start = () => world.auth("POST", ["signin", "livechat"], { ip, cookie, form: { csrfToken, callbackUrl: "/", json: "true" } });
    emulator.resetRequestCounts();
    for (let index = 0; index < LIMITS.signInStart.points; index += 1) {
      const started = await start();
      expect(started.status).toBe(200);
      expect(((await started.json()) as { url: string }).url).toMatch(new RegExp(`^${emulator.url}/\\?`));
    }
    // LiveChat's reachability is asked once for the burst, not once per start.
    expect(emulator.requestCounts().total).toBeLessThanOrEqual(1);
    const billed = emulator.requestCounts().total;

    const refused = await start();
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as ErrorAnswer & { url: string };
    expectRateLimited({ status: refused.status, headers: refused.headers, body }, "to sign in from your network");
    expect(body.url).toBe(`${APP_URL}/signin/error?reason=rate_limited`);
    expect(emulator.requestCounts().total).toBe(billed);
    // Another address is not affected.
    expect((await world.auth("POST", ["signin", "livechat"], { ip: "198.51.100.99", cookie, form: { csrfToken, callbackUrl: "/", json: "true" } })).status).toBe(200);
  });

  it("counts LiveChat's redirects back per client address, before any code is exchanged", async () => {
    const ip = `198.51.100.${provider === "sqlite" ? 11 : 12}`;
    const callback = () => world.auth("GET", ["callback", "livechat"], { ip, query: { code: "dal:made-up", state: "made-up" } });
    for (let index = 0; index < LIMITS.signInCallback.points; index += 1) {
      const answer = await callback();
      expect(answer.status).toBe(302); // no state cookie: "this sign-in expired"
      expect(answer.headers.get("location")).toBe(`${APP_URL}/signin/error?reason=flow_expired`);
    }
    const refused = await callback();
    expect(refused.status).toBe(429);
    expectRateLimited({ status: refused.status, headers: refused.headers, body: (await refused.json()) as ErrorAnswer }, "to sign in from your network");
    expect(emulator.requestLog({ action: "POST /v2/token" })).toEqual([]);
  });
});

describe("two dashboard instances on one PostgreSQL database", () => {
  let world: AuthWorld;

  beforeAll(async () => {
    world = await startAuthWorld("postgresql", emulator);
  });
  afterAll(async () => {
    await world?.close();
  });

  it("share one count: what one allowed, the other counts on", async () => {
    const first = createRateLimits(postgresRateLimitStore(world.database.url));
    const second = createRateLimits(postgresRateLimitStore(world.database.url));
    try {
      const ip = "192.0.2.7";
      const decisions = [];
      for (let index = 0; index < LIMITS.signInStart.points; index += 1) {
        decisions.push(await (index % 2 === 0 ? first : second).consume("signInStart", ip));
      }
      expect(decisions.every((decision) => decision.allowed)).toBe(true);
      const [overFirst, overSecond] = [await first.consume("signInStart", ip), await second.consume("signInStart", ip)];
      expect(overFirst).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
      expect(overSecond).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
      // Several at once from both instances: exactly the limit gets through.
      const burst = await Promise.all(
        Array.from({ length: 30 }, (_, index) => (index % 2 === 0 ? first : second).consume("apiUser", "user-burst", CHANGE_COST)),
      );
      expect(burst.filter((decision) => decision.allowed)).toHaveLength(LIMITS.apiUser.points / CHANGE_COST / 2);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
