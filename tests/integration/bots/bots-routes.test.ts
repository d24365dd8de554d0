// The bots JSON API (`/api/orgs/[orgId]/bots…`, `/groups`), called as Next.js calls the route
// handlers, against the emulator over HTTP and a real database: what an owner can do, what
// LiveChat ends up with, what a normal agent, a member without bot management access, another
// organization and another site get.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as adoptRoute from "@/app/api/orgs/[orgId]/bots/adopt/route";
import * as botRoute from "@/app/api/orgs/[orgId]/bots/[botId]/route";
import * as resetSecretRoute from "@/app/api/orgs/[orgId]/bots/[botId]/reset-secret/route";
import * as routingRoute from "@/app/api/orgs/[orgId]/bots/[botId]/routing-status/route";
import * as botsRoute from "@/app/api/orgs/[orgId]/bots/route";
import * as groupsRoute from "@/app/api/orgs/[orgId]/groups/route";
import type { BotView } from "@/lib/bots/bot-view";
import type { BotsOverview } from "@/lib/bots/manage-bots";
import { openSecret } from "@/lib/crypto/secret-box";
import { getDb } from "@/lib/db";
import { botSecretLocation } from "@/lib/data/bots";
import { webEnv } from "@/lib/env";
import { issueBotToken } from "@/lib/livechat/configuration-api";
import { LiveChatError } from "@/lib/livechat/errors";
import { buildDemoSeed, clientSeed, DEMO_ACCOUNTS, DEMO_CLIENT_ID, DEMO_ORGANIZATION_ID, organizationSeed } from "../../emulator";
import { startRouteWorld, type Member, type RouteWorld } from "./support/route-world";

const otherApp = clientSeed({ name: "Another app" });
const globex = organizationSeed("Globex Help", { agents: [{ name: "Gary Globex", email: "gary@globex.example", role: "owner" }] });

let world: RouteWorld;
let owner: Member;
let admin: Member;
let agent: Member;

beforeAll(async () => {
  const demo = buildDemoSeed();
  const legacy = { name: "Legacy helper", ownerClientId: DEMO_CLIENT_ID, groups: [{ id: 1, priority: "last" as const }] };
  world = await startRouteWorld({
    clients: [...demo.clients, otherApp],
    organizations: [...demo.organizations.map((organization) => ({ ...organization, bots: [legacy] })), globex],
  });
  owner = await world.signIn(DEMO_ACCOUNTS.owner.email, { botManagement: true });
  admin = await world.signIn(DEMO_ACCOUNTS.administrator.email);
  agent = await world.signIn(DEMO_ACCOUNTS.agent.email);
});
afterAll(async () => {
  await world?.close();
});

const liveBot = (id: string) => world.emulator.bots(DEMO_ORGANIZATION_ID).find((bot) => bot.id === id);
const api = () => ({ apiUrl: world.emulator.url, token: world.emulator.issueTokensFor(DEMO_ACCOUNTS.owner.email, DEMO_CLIENT_ID).access_token });

async function storedSecret(botId: string): Promise<string> {
  const row = await getDb().bot.findFirstOrThrow({ where: { id: botId, orgId: owner.orgId }, select: { secretEnc: true } });
  return openSecret(row.secretEnc!, botSecretLocation(botId), webEnv().TOKEN_ENCRYPTION_KEYS);
}

function issueWith(botId: string, botSecret: string) {
  return issueBotToken(api(), { botId, clientId: DEMO_CLIENT_ID, botSecret, organizationId: DEMO_ORGANIZATION_ID });
}

const orderHelper = {
  name: "Order Helper",
  avatarUrl: "https://cdn.acme.example/bots/order-helper.png",
  jobTitle: "Virtual assistant",
  groups: [
    { id: 0, priority: "first" },
    { id: 1, priority: "supervisor" },
  ],
  maxChatsCount: 25,
  workScheduler: { timezone: "Europe/Berlin", schedule: [{ day: "monday", enabled: true, start: "08:00", end: "18:00" }] },
};

describe("an owner with bot management access", () => {
  let bot: BotView;

  it("lists the organization's groups from LiveChat", async () => {
    const answer = await world.call(groupsRoute.GET, "GET", owner);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ groups: [{ id: 0, name: "General" }, { id: 1, name: "Sales" }] });
  });

  it("creates a bot in LiveChat owned by this app, whose stored secret issues a bot token", async () => {
    const answer = await world.call<{ bot: BotView }>(botsRoute.POST, "POST", owner, { body: orderHelper });
    expect(answer.status).toBe(201);
    bot = answer.body.bot;
    expect(bot).toMatchObject({ name: "Order Helper", isManaged: true, ruleCount: 0, desiredRoutingStatus: "offline" });
    expect(JSON.stringify(answer.body)).not.toMatch(/secret/i);
    expect(liveBot(bot.livechatBotId)).toMatchObject({
      name: "Order Helper",
      ownerClientId: DEMO_CLIENT_ID,
      maxChatsCount: 25,
      groups: [
        { id: 0, priority: "first" },
        { id: 1, priority: "supervisor" },
      ],
    });
    const { token } = await issueWith(bot.livechatBotId, await storedSecret(bot.id!));
    expect(token.length).toBeGreaterThan(10);
  });

  it("lists managed bots merged with LiveChat, and bots made elsewhere as adoptable", async () => {
    const answer = await world.call<BotsOverview>(botsRoute.GET, "GET", owner);
    expect(answer.status).toBe(200);
    expect(answer.body.liveChatError).toBeNull();
    expect(answer.body.bots.find((view) => view.id === bot.id)).toMatchObject({
      name: "Order Helper",
      avatarUrl: orderHelper.avatarUrl,
      jobTitle: "Virtual assistant",
      maxChatsCount: 25,
      workScheduler: orderHelper.workScheduler,
      currentRoutingStatus: "offline",
      isMissingInLiveChat: false,
      isServed: false,
    });
    expect(answer.body.bots.find((view) => view.name === "Legacy helper")).toMatchObject({
      id: null,
      isManaged: false,
      groups: [{ id: 1, priority: "last" }],
    });
  });

  it("reads one bot", async () => {
    const answer = await world.call<{ bot: BotView; liveChatError: unknown }>(botRoute.GET, "GET", owner, { params: { botId: bot.id! } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ bot: { id: bot.id, name: "Order Helper", currentRoutingStatus: "offline" }, liveChatError: null });
  });

  it("changes only the fields a PATCH names, in LiveChat and here", async () => {
    const answer = await world.call<{ bot: BotView }>(botRoute.PATCH, "PATCH", owner, {
      params: { botId: bot.id! },
      body: { name: "Returns Helper", maxChatsCount: 40 },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.bot).toMatchObject({ name: "Returns Helper", maxChatsCount: 40, jobTitle: "Virtual assistant", workScheduler: orderHelper.workScheduler });
    expect(liveBot(bot.livechatBotId)).toMatchObject({ name: "Returns Helper", maxChatsCount: 40, groups: orderHelper.groups });
    const audit = await getDb().auditLog.findMany({ where: { orgId: owner.orgId, targetId: bot.id! }, orderBy: { createdAt: "asc" } });
    expect(audit.map((entry) => entry.action)).toEqual(["bot.create", "bot.update"]);
    expect(audit[1]?.actorUserId).toBe(owner.userId);
  });

  it("clears the avatar, job title and schedule in LiveChat too", async () => {
    const answer = await world.call<{ bot: BotView }>(botRoute.PATCH, "PATCH", owner, {
      params: { botId: bot.id! },
      body: { avatarUrl: null, jobTitle: "", workScheduler: null, groups: [{ id: 0, priority: "normal" }] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.bot).toMatchObject({ avatarUrl: null, jobTitle: null, workScheduler: null });
    const update = world.emulator.requestLog({ action: "update_bot" }).at(-1);
    expect(update?.status).toBe(200);
    const listed = await world.call<BotsOverview>(botsRoute.GET, "GET", owner);
    expect(listed.body.bots.find((view) => view.id === bot.id)).toMatchObject({
      avatarUrl: null,
      jobTitle: null,
      groups: [{ id: 0, priority: "normal" }],
    });
  });

  it("sets the routing status: stored as desired, applied in LiveChat at once", async () => {
    const answer = await world.call<{ bot: BotView }>(routingRoute.PUT, "PUT", owner, {
      params: { botId: bot.id! },
      body: { status: "accepting_chats" },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.bot).toMatchObject({ desiredRoutingStatus: "accepting_chats", currentRoutingStatus: "accepting_chats" });
    expect(liveBot(bot.livechatBotId)?.routingStatus).toBe("accepting_chats");

    // LiveChat drops the status (how long a bot's status lasts is not documented, livechat-api.md
    // 3.3): the page shows what is wanted and what LiveChat has.
    world.emulator.faults.resetBotStatuses({ organizationId: DEMO_ORGANIZATION_ID });
    const listed = await world.call<BotsOverview>(botsRoute.GET, "GET", owner);
    expect(listed.body.bots.find((view) => view.id === bot.id)).toMatchObject({
      desiredRoutingStatus: "accepting_chats",
      currentRoutingStatus: "offline",
    });
  });

  it("resets the secret: the old one stops issuing bot tokens, the stored new one works", async () => {
    const before = await storedSecret(bot.id!);
    const answer = await world.call(resetSecretRoute.POST, "POST", owner, { params: { botId: bot.id! } });
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).not.toContain(await storedSecret(bot.id!));
    await expect(issueWith(bot.livechatBotId, before)).rejects.toBeInstanceOf(LiveChatError);
    await expect(issueWith(bot.livechatBotId, await storedSecret(bot.id!))).resolves.toHaveProperty("token");
  });

  it("adopts a bot made outside Botdesk by resetting its secret", async () => {
    const legacy = world.emulator.bots(DEMO_ORGANIZATION_ID).find((candidate) => candidate.name === "Legacy helper")!;
    const answer = await world.call<{ bot: BotView }>(adoptRoute.POST, "POST", owner, { body: { livechatBotId: legacy.id } });
    expect(answer.status).toBe(201);
    expect(answer.body.bot).toMatchObject({ name: "Legacy helper", isManaged: true, groups: [{ id: 1, priority: "last" }] });
    await expect(issueWith(legacy.id, await storedSecret(answer.body.bot.id!))).resolves.toHaveProperty("token");

    const again = await world.call(adoptRoute.POST, "POST", owner, { body: { livechatBotId: legacy.id } });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { code: "conflict", message: "This bot is already managed here" } });
  });

  it("refuses to adopt a bot another app owns, in LiveChat's words", async () => {
    const created = await fetch(`${world.emulator.url}/v3.6/configuration/action/create_bot`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${api().token}` },
      body: JSON.stringify({ name: "Other app's bot", owner_client_id: otherApp.clientId }),
    }).then((response) => response.json() as Promise<{ id: string }>);
    const answer = await world.call(adoptRoute.POST, "POST", owner, { body: { livechatBotId: created.id } });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      error: { code: "forbidden", message: "The bot belongs to another client", livechatType: "authorization" },
    });
    expect(await getDb().bot.count({ where: { orgId: owner.orgId, livechatBotId: created.id } })).toBe(0);
  });

  it("deletes the bot in LiveChat and here", async () => {
    const answer = await world.call(botRoute.DELETE, "DELETE", owner, { params: { botId: bot.id! } });
    expect(answer.status).toBe(204);
    expect(liveBot(bot.livechatBotId)).toBeUndefined();
    expect(await getDb().bot.count({ where: { id: bot.id! } })).toBe(0);
    const gone = await world.call(botRoute.GET, "GET", owner, { params: { botId: bot.id! } });
    expect(gone.status).toBe(404);
  });

  it("shows a bot deleted outside Botdesk as missing, and deleting it finishes the job", async () => {
    const created = await world.call<{ bot: BotView }>(botsRoute.POST, "POST", owner, { body: { name: "Short-lived" } });
    await fetch(`${world.emulator.url}/v3.6/configuration/action/delete_bot`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${api().token}` },
      body: JSON.stringify({ id: created.body.bot.livechatBotId }),
    });
    const read = await world.call<{ bot: BotView }>(botRoute.GET, "GET", owner, { params: { botId: created.body.bot.id! } });
    expect(read.body.bot).toMatchObject({ name: "Short-lived", isMissingInLiveChat: true });
    const edit = await world.call(botRoute.PATCH, "PATCH", owner, { params: { botId: created.body.bot.id! }, body: { name: "Renamed" } });
    expect(edit.status).toBe(404);
    expect(edit.body).toEqual({ error: { code: "not_found", message: "Bot not found", livechatType: "not_found" } });
    const removed = await world.call(botRoute.DELETE, "DELETE", owner, { params: { botId: created.body.bot.id! } });
    expect(removed.status).toBe(204);
  });
});

describe("input checks", () => {
  it("answers 422 naming the field, before anything reaches LiveChat", async () => {
    const creates = world.emulator.requestLog({ action: "create_bot" }).length;
    const cases: [unknown, string, string][] = [
      [{ name: "  " }, "name", "Give the bot a name"],
      [{ name: "Bot", avatarUrl: "ftp://example.com/a.png" }, "avatarUrl", "The avatar URL must start with https://"],
      [{ name: "Bot", avatarUrl: "http://cdn.example.com/a.png" }, "avatarUrl", "The avatar URL must start with https://"],
      [{ name: "Bot", maxChatsCount: 501 }, "maxChatsCount", "LiveChat allows at most 500 concurrent chats per bot"],
      [{ name: "Bot", groups: [{ id: 0, priority: "boss" }] }, "groups.0.priority", ""],
      [{ name: "Bot", groups: [{ id: 0, priority: "first" }, { id: 0, priority: "last" }] }, "groups", "Each group can be picked once"],
      [
        { name: "Bot", workScheduler: { timezone: "Mars/Olympus", schedule: [] } },
        "workScheduler.timezone",
        "Pick a time zone from the list, e.g. Europe/Berlin",
      ],
      [
        { name: "Bot", workScheduler: { timezone: "Europe/Berlin", schedule: [{ day: "monday", enabled: true, start: "18:00", end: "08:00" }] } },
        "workScheduler.schedule.0.end",
        "The end time must be after the start time",
      ],
    ];
    for (const [body, field, message] of cases) {
      const answer = await world.call<{ error: { code: string; field: string; message: string } }>(botsRoute.POST, "POST", owner, { body });
      expect({ status: answer.status, code: answer.body.error.code, field: answer.body.error.field }).toEqual({ status: 422, code: "validation", field });
      expect(answer.body.error.message).toContain(message);
    }
    expect(world.emulator.requestLog({ action: "create_bot" })).toHaveLength(creates);
  });

  it("answers 400 to a body that is not JSON and 422 to an unknown routing status", async () => {
    const notJson = await world.call(botsRoute.POST, "POST", owner, { rawBody: "{name:" });
    expect(notJson).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    const created = await world.call<{ bot: BotView }>(botsRoute.POST, "POST", owner, { body: { name: "Status check" } });
    const status = await world.call(routingRoute.PUT, "PUT", owner, { params: { botId: created.body.bot.id! }, body: { status: "busy" } });
    expect(status).toMatchObject({ status: 422, body: { error: { code: "validation", field: "status" } } });
    await world.call(botRoute.DELETE, "DELETE", owner, { params: { botId: created.body.bot.id! } });
  });
});

describe("who may do what", () => {
  let botId: string;
  beforeAll(async () => {
    const created = await world.call<{ bot: BotView }>(botsRoute.POST, "POST", owner, { body: { name: "Guarded" } });
    botId = created.body.bot.id!;
  });

  it("lets a normal agent look, with their own LiveChat authorization, and nothing more", async () => {
    const listed = await world.call<BotsOverview>(botsRoute.GET, "GET", agent);
    expect(listed.status).toBe(200);
    expect(listed.body.liveChatError).toBeNull();
    expect(listed.body.bots.map((view) => view.name)).toContain("Guarded");
    expect((await world.call(groupsRoute.GET, "GET", agent)).status).toBe(200);
    expect((await world.call(botRoute.GET, "GET", agent, { params: { botId } })).status).toBe(200);

    const refusals = [
      await world.call(botsRoute.POST, "POST", agent, { body: { name: "Nope" } }),
      await world.call(botRoute.PATCH, "PATCH", agent, { params: { botId }, body: { name: "Nope" } }),
      await world.call(botRoute.DELETE, "DELETE", agent, { params: { botId } }),
      await world.call(routingRoute.PUT, "PUT", agent, { params: { botId }, body: { status: "offline" } }),
      await world.call(resetSecretRoute.POST, "POST", agent, { params: { botId } }),
      await world.call(adoptRoute.POST, "POST", agent, { body: { livechatBotId: "x" } }),
    ];
    for (const answer of refusals) {
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({ error: { code: "forbidden", message: expect.stringContaining("Only owners, vice owners and administrators") } });
    }
    expect(await getDb().bot.count({ where: { id: botId } })).toBe(1);
  });

  it("tells an administrator without bot management access to grant it, without calling LiveChat", async () => {
    const calls = world.emulator.requestLog({ surface: "configuration" }).length;
    const answer = await world.call(botsRoute.POST, "POST", admin, { body: { name: "Needs access" } });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      error: {
        code: "forbidden",
        reason: "missing_bot_management_access",
        message: expect.stringContaining("Grant bot management access"),
      },
    });
    const routing = await world.call(routingRoute.PUT, "PUT", admin, { params: { botId }, body: { status: "offline" } });
    expect(routing.body).toMatchObject({ error: { reason: "missing_bot_management_access" } });
    expect(world.emulator.requestLog({ surface: "configuration" })).toHaveLength(calls);
    // Looking needs only the sign-in scopes.
    expect((await world.call(botsRoute.GET, "GET", admin)).status).toBe(200);
  });

  it("answers 404 to another organization's members and for another organization's bot", async () => {
    const gary = await world.signIn("gary@globex.example", { botManagement: true });
    for (const answer of [
      await world.call(botsRoute.GET, "GET", gary, { params: { orgId: owner.orgId } }),
      await world.call(groupsRoute.GET, "GET", gary, { params: { orgId: owner.orgId } }),
      await world.call(botRoute.DELETE, "DELETE", gary, { params: { orgId: owner.orgId, botId } }),
      await world.call(botRoute.GET, "GET", gary, { params: { botId } }),
      await world.call(botRoute.PATCH, "PATCH", gary, { params: { botId }, body: { name: "Stolen" } }),
      await world.call(routingRoute.PUT, "PUT", gary, { params: { botId }, body: { status: "offline" } }),
    ]) {
      expect(answer.status).toBe(404);
    }
    expect(liveBot((await getDb().bot.findFirstOrThrow({ where: { id: botId } })).livechatBotId)?.name).toBe("Guarded");
  });

  it("refuses changes from another site and requests without a session", async () => {
    const crossSite = await world.call(botsRoute.POST, "POST", owner, { body: { name: "CSRF" }, origin: "https://evil.example" });
    expect(crossSite).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    const noOrigin = await world.call(botRoute.DELETE, "DELETE", owner, { params: { botId }, origin: null });
    expect(noOrigin.status).toBe(403);
    const signedOut = await world.call(botsRoute.GET, "GET", owner, { cookie: null });
    expect(signedOut).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
    expect(await getDb().bot.count({ where: { id: botId } })).toBe(1);
  });
});
