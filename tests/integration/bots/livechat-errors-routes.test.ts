// What the bots API answers when LiveChat refuses, fails or cannot be reached: LiveChat's own
// type and words, the field a validation error is about, when to retry a rate limit, what to do
// about a missing or dead authorization, and nothing half-created when our database fails after
// LiveChat accepted a new bot.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as adoptRoute from "@/app/api/orgs/[orgId]/bots/adopt/route";
import * as botRoute from "@/app/api/orgs/[orgId]/bots/[botId]/route";
import * as routingRoute from "@/app/api/orgs/[orgId]/bots/[botId]/routing-status/route";
import * as botsRoute from "@/app/api/orgs/[orgId]/bots/route";
import * as groupsRoute from "@/app/api/orgs/[orgId]/groups/route";
import type { BotView } from "@/lib/bots/bot-view";
import type { BotsOverview } from "@/lib/bots/manage-bots";
import { getDb } from "@/lib/db";
import type { ErrorBody } from "@/lib/http/error-response";
import { buildDemoSeed, DEMO_ACCOUNTS, DEMO_ORGANIZATION_ID, type ApiErrorType } from "../../emulator";
import { startRouteWorld, type Member, type RouteWorld } from "./support/route-world";

let world: RouteWorld;
let owner: Member;

beforeAll(async () => {
  world = await startRouteWorld(buildDemoSeed());
  owner = await world.signIn(DEMO_ACCOUNTS.owner.email, { botManagement: true });
});
afterAll(async () => {
  await world?.close();
});
beforeEach(() => {
  world.emulator.faults.clear();
});

const liveBotNames = () => world.emulator.bots(DEMO_ORGANIZATION_ID).map((bot) => bot.name);
const storedCount = () => getDb().bot.count({ where: { orgId: owner.orgId } });

async function createBot(name: string): Promise<BotView> {
  const answer = await world.call<{ bot: BotView }>(botsRoute.POST, "POST", owner, { body: { name, groups: [{ id: 0, priority: "first" }] } });
  expect(answer.status).toBe(201);
  return answer.body.bot;
}

describe("every LiveChat error type of create_bot", () => {
  // livechat-api.md 2.9: the documented types of the Configuration API.
  const cases: { type: ApiErrorType; message: string; status: number; code: string; field?: string; reason?: string; data?: Record<string, unknown> }[] = [
    { type: "validation", message: "`max_chats_count` is invalid: your plan allows at most 20", status: 422, code: "validation", field: "maxChatsCount" },
    { type: "validation", message: "`work_scheduler.schedule[0].start` is invalid", status: 422, code: "validation", field: "workScheduler.schedule.0.start" },
    { type: "group_not_found", message: "Group 0 not found", status: 422, code: "validation", field: "groups" },
    { type: "authentication", message: "Invalid access token", status: 502, code: "livechat_error", reason: "needs_reauth" },
    { type: "authorization", message: "Requires one of the scopes: agents-bot--my:rw", status: 403, code: "forbidden" },
    { type: "license_expired", message: "License expired", status: 403, code: "forbidden" },
    { type: "limit_reached", message: "Bots limit reached", status: 403, code: "forbidden" },
    { type: "not_found", message: "License not found", status: 404, code: "not_found" },
    { type: "already_exists", message: "Bot already exists", status: 409, code: "conflict" },
    { type: "ownership_transfer", message: "License ownership transfer in progress", status: 409, code: "conflict" },
    { type: "misdirected_request", message: "Wrong region", status: 502, code: "livechat_error", data: { region: "fra" } },
    { type: "unsupported_version", message: "Unsupported version", status: 502, code: "livechat_error" },
    { type: "internal", message: "Internal server error", status: 502, code: "livechat_error" },
    { type: "service_unavailable", message: "Service unavailable", status: 502, code: "livechat_error" },
  ];

  it.each(cases)("$type: answers $status with LiveChat's words and stores nothing", async ({ type, message, status, code, field, reason, data }) => {
    const before = liveBotNames().length;
    // Node's fetch retries a 421 once on a new connection (RFC 9110 15.5.20), as LiveChat's would be.
    const count = type === "misdirected_request" ? 2 : 1;
    world.emulator.faults.apiErrors({ count, type, message, data, actions: ["create_bot"] });
    const answer = await world.call<ErrorBody>(botsRoute.POST, "POST", owner, { body: { name: `Refused ${type}` } });
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ error: { code, message, livechatType: type, ...(field ? { field } : {}), ...(reason ? { reason } : {}) } });
    expect(liveBotNames()).toHaveLength(before);
    expect(await storedCount()).toBe(0);
  });

  it("too_many_requests: answers 429 with when to retry, as a header and in the body", async () => {
    world.emulator.faults.rateLimit({ count: 1, retryAfterSec: 42, actions: ["create_bot"] });
    const answer = await world.call<ErrorBody>(botsRoute.POST, "POST", owner, { body: { name: "Too fast" } });
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("42");
    expect(answer.body).toEqual({
      error: { code: "rate_limited", message: "Too many requests", livechatType: "too_many_requests", retryAfterSeconds: 42 },
    });
    expect(await storedCount()).toBe(0);
  });

  it("request_timeout: the bot LiveChat may still have made is listed, to adopt or delete", async () => {
    world.emulator.setTimings({ requestTimeoutMs: 200 });
    world.emulator.faults.latency({ httpMs: 300 });
    const answer = await world.call<ErrorBody>(botsRoute.POST, "POST", owner, { body: { name: "Timed out" } });
    world.emulator.faults.clear();
    world.emulator.setTimings({ requestTimeoutMs: 15_000 });
    expect(answer.status).toBe(502);
    expect(answer.body.error).toMatchObject({ code: "livechat_error", livechatType: "request_timeout" });
    await expect.poll(liveBotNames, { timeout: 2000 }).toContain("Timed out");
    const listed = await world.call<BotsOverview>(botsRoute.GET, "GET", owner);
    expect(listed.body.bots.find((bot) => bot.name === "Timed out")).toMatchObject({ id: null, isManaged: false });
  });
});

describe("LiveChat refusing the other calls", () => {
  it("a group LiveChat does not know, on edit: 422 on `groups`, nothing changed", async () => {
    const bot = await createBot("Group check");
    const answer = await world.call<ErrorBody>(botRoute.PATCH, "PATCH", owner, {
      params: { botId: bot.id! },
      body: { name: "Renamed", groups: [{ id: 99, priority: "first" }] },
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ error: { code: "validation", message: "Group 99 not found", livechatType: "group_not_found", field: "groups" } });
    expect(liveBotNames()).toContain("Group check");
    expect((await getDb().bot.findFirstOrThrow({ where: { id: bot.id! } })).name).toBe("Group check");
  });

  it("a rate-limited routing change keeps the wanted status for the worker and says when to retry", async () => {
    const bot = await createBot("Routing check");
    world.emulator.faults.rateLimit({ count: 1, retryAfterSec: 5, actions: ["set_routing_status"] });
    const answer = await world.call<ErrorBody>(routingRoute.PUT, "PUT", owner, { params: { botId: bot.id! }, body: { status: "accepting_chats" } });
    expect(answer.status).toBe(429);
    expect(answer.body.error).toMatchObject({ code: "rate_limited", retryAfterSeconds: 5 });
    const stored = await getDb().bot.findFirstOrThrow({ where: { id: bot.id! } });
    expect(stored).toMatchObject({ desiredRoutingStatus: "accepting_chats", currentRoutingStatus: null });
    expect(world.emulator.bots(DEMO_ORGANIZATION_ID).find((live) => live.id === bot.livechatBotId)?.routingStatus).toBe("offline");
  });

  it("a failed delete leaves the bot in place on both sides", async () => {
    const bot = await createBot("Delete check");
    world.emulator.faults.serverErrors({ count: 1, type: "internal", actions: ["delete_bot"] });
    const answer = await world.call<ErrorBody>(botRoute.DELETE, "DELETE", owner, { params: { botId: bot.id! } });
    expect(answer).toMatchObject({ status: 502, body: { error: { code: "livechat_error", livechatType: "internal" } } });
    expect(liveBotNames()).toContain("Delete check");
    expect(await getDb().bot.count({ where: { id: bot.id! } })).toBe(1);
  });

  it("adopting a bot LiveChat does not have: 404 in LiveChat's words", async () => {
    const answer = await world.call<ErrorBody>(adoptRoute.POST, "POST", owner, { body: { livechatBotId: "0000000000000000000000000000dead" } });
    expect(answer).toMatchObject({ status: 404, body: { error: { code: "not_found", message: "Bot not found", livechatType: "not_found" } } });
  });

  it("a rate-limited groups list says when to retry", async () => {
    world.emulator.faults.rateLimit({ count: 1, retryAfterSec: 3, actions: ["list_groups"] });
    const answer = await world.call<ErrorBody>(groupsRoute.GET, "GET", owner);
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("3");
  });

  it("still lists the stored bots when LiveChat cannot be read, with what LiveChat said", async () => {
    world.emulator.faults.serverErrors({ count: 2, type: "service_unavailable" });
    const answer = await world.call<BotsOverview>(botsRoute.GET, "GET", owner);
    expect(answer.status).toBe(200);
    expect(answer.body.liveChatError).toEqual({ type: "service_unavailable", message: "Service unavailable" });
    expect(answer.body.bots.map((bot) => bot.name)).toEqual(expect.arrayContaining(["Group check", "Routing check", "Delete check"]));
  });
});

describe("when our database fails after LiveChat created the bot", () => {
  const failBotInserts = () =>
    getDb().$executeRawUnsafe(`CREATE TRIGGER fail_bot_insert BEFORE INSERT ON "Bot" BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
  const restoreBotInserts = () => getDb().$executeRawUnsafe(`DROP TRIGGER IF EXISTS fail_bot_insert`);

  it("deletes the bot in LiveChat again, so nothing is left half-created", async () => {
    const before = { live: liveBotNames().length, stored: await storedCount() };
    await failBotInserts();
    try {
      const answer = await world.call<ErrorBody>(botsRoute.POST, "POST", owner, { body: { name: "Half made" } });
      expect(answer.status).toBe(500);
      expect(answer.body.error.code).toBe("internal");
    } finally {
      await restoreBotInserts();
    }
    expect(world.emulator.requestLog({ action: "create_bot" }).at(-1)?.status).toBe(200);
    expect(world.emulator.requestLog({ action: "delete_bot" }).at(-1)?.status).toBe(200);
    expect(liveBotNames()).not.toContain("Half made");
    expect({ live: liveBotNames().length, stored: await storedCount() }).toEqual(before);
  });

  it("says so when LiveChat refuses to delete it too, and the bot stays listed to adopt", async () => {
    await failBotInserts();
    world.emulator.faults.serverErrors({ count: 1, type: "internal", actions: ["delete_bot"] });
    try {
      const answer = await world.call<ErrorBody>(botsRoute.POST, "POST", owner, { body: { name: "Stranded" } });
      expect(answer.status).toBe(500);
      expect(answer.body.error.message).toContain("adopt it or delete it there");
    } finally {
      await restoreBotInserts();
    }
    const listed = await world.call<BotsOverview>(botsRoute.GET, "GET", owner);
    expect(listed.body.bots.find((bot) => bot.name === "Stranded")).toMatchObject({ id: null, isManaged: false });
  });
});

describe("the signed-in user's own LiveChat authorization", () => {
  it("LiveChat no longer accepting the access token: 502 with what LiveChat said and `needs_reauth`", async () => {
    world.emulator.faults.expireAccessTokens({ account: DEMO_ACCOUNTS.owner.email });
    const answer = await world.call<ErrorBody>(botsRoute.POST, "POST", owner, { body: { name: "Expired" } });
    expect(answer.status).toBe(502);
    expect(answer.body.error).toMatchObject({ code: "livechat_error", livechatType: "authentication", reason: "needs_reauth" });
    owner = await world.signIn(DEMO_ACCOUNTS.owner.email, { botManagement: true });
  });

  it("a refresh token LiveChat revoked: changes answer `needs_reauth`, the list still shows stored bots", async () => {
    await getDb().credential.updateMany({ where: { orgId: owner.orgId, userId: owner.userId }, data: { accessTokenExpiresAt: new Date(Date.now() - 1000) } });
    world.emulator.faults.revokeRefreshTokens({ account: DEMO_ACCOUNTS.owner.email });
    const answer = await world.call<ErrorBody>(botsRoute.POST, "POST", owner, { body: { name: "Revoked" } });
    expect(answer.status).toBe(502);
    expect(answer.body.error).toMatchObject({ code: "livechat_error", reason: "needs_reauth", message: expect.stringContaining("Sign in with LiveChat again") });
    const listed = await world.call<BotsOverview>(botsRoute.GET, "GET", owner);
    expect(listed.status).toBe(200);
    expect(listed.body.liveChatError).toMatchObject({ type: "needs_reauth" });
    expect(listed.body.bots.map((bot) => bot.name)).toContain("Group check");
    owner = await world.signIn(DEMO_ACCOUNTS.owner.email, { botManagement: true });
  });
});

describe("LiveChat out of reach", () => {
  it("answers 502 `network`, and the list still shows the stored bots", async () => {
    await world.emulator.close();
    const answer = await world.call<ErrorBody>(botsRoute.POST, "POST", owner, { body: { name: "Unreachable" } });
    expect(answer.status).toBe(502);
    expect(answer.body.error).toMatchObject({ code: "livechat_error", livechatType: "network", message: expect.stringContaining("LiveChat could not be reached") });
    const listed = await world.call<BotsOverview>(botsRoute.GET, "GET", owner);
    expect(listed.body.liveChatError).toMatchObject({ type: "network" });
    expect(listed.body.bots.length).toBeGreaterThan(0);
  });
});
