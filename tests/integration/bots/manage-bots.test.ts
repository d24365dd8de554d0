// Bot management against the emulator over real HTTP, with a real database: what LiveChat has
// and what we store must agree after every operation, and every LiveChat error comes back as
// LiveChat said it.
import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import type { EncryptionKey } from "../../../lib/env";
import { openSecret } from "../../../lib/crypto/secret-box";
import { botSecretLocation } from "../../../lib/data/bots";
import * as bots from "../../../lib/bots/manage-bots";
import { issueBotToken, createBot as createBotInLiveChat } from "../../../lib/livechat/configuration-api";
import { LiveChatError } from "../../../lib/livechat/errors";
import { BotInputSchema } from "../../../lib/validation/bot";
import { DEMO_ACCOUNTS, DEMO_CLIENT_ID, DEMO_ORGANIZATION_ID, demoSeed, startEmulator, type Emulator } from "../../emulator";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../helpers/database";

const keyring: EncryptionKey[] = [{ id: "k1", key: crypto.randomBytes(32) }];
const input = (overrides: Record<string, unknown> = {}) =>
  BotInputSchema.parse({ name: "Order Helper", groups: [{ id: 0, priority: "first" }], maxChatsCount: 10, ...overrides });

describe.each<TestProvider>(["sqlite", "postgresql"])("bot management on %s", (provider) => {
  let emulator: Emulator;
  let database: TestDatabase;
  let ctx: bots.BotServiceContext;
  let ownerToken: string;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: demoSeed });
    database = await createTestDatabase(provider);
    ownerToken = emulator.issueTokensFor(DEMO_ACCOUNTS.owner.email, DEMO_CLIENT_ID).access_token;
  });
  afterAll(async () => {
    await database?.drop();
    await emulator?.close();
  });
  beforeEach(async () => {
    emulator.faults.clear();
    const org = await database.db.organization.create({
      data: { livechatOrganizationId: `${DEMO_ORGANIZATION_ID}-${crypto.randomUUID()}`, name: "Acme" },
    });
    ctx = {
      db: database.db,
      orgId: org.id,
      actorUserId: null,
      api: { apiUrl: emulator.url, token: ownerToken },
      clientId: DEMO_CLIENT_ID,
      keyring,
    };
  });

  const liveBot = (id: string) => emulator.bots().find((bot) => bot.id === id);

  it("creates a bot in LiveChat, stores its secret sealed, and that secret issues a bot token", async () => {
    const bot = await bots.createBot(ctx, input());
    expect(liveBot(bot.livechatBotId)).toMatchObject({ name: "Order Helper", ownerClientId: DEMO_CLIENT_ID, maxChatsCount: 10 });

    const stored = await database.db.bot.findFirstOrThrow({ where: { id: bot.id, orgId: ctx.orgId }, omit: { secretEnc: false } });
    expect(stored.secretEnc).toMatch(/^v1\.k1\./);
    const secret = openSecret(stored.secretEnc!, botSecretLocation(bot.id), keyring);
    const { token } = await issueBotToken(
      { apiUrl: emulator.url, token: ownerToken },
      { botId: bot.livechatBotId, clientId: DEMO_CLIENT_ID, botSecret: secret, organizationId: DEMO_ORGANIZATION_ID },
    );
    expect(token.length).toBeGreaterThan(10);

    const audit = await database.db.auditLog.findMany({ where: { orgId: ctx.orgId } });
    expect(audit.map((entry) => entry.action)).toEqual(["bot.create"]);
    const org = await database.db.organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
    expect(org.configVersion).toBe(1);
  });

  it("edits, routes and deletes a bot in LiveChat and here", async () => {
    const bot = await bots.createBot(ctx, input());
    await bots.updateBot(ctx, bot.id, input({ name: "Returns Helper", groups: [{ id: 1, priority: "normal" }] }));
    expect(liveBot(bot.livechatBotId)).toMatchObject({ name: "Returns Helper", groups: [{ id: 1, priority: "normal" }] });

    await bots.changeRoutingStatus(ctx, bot.id, "accepting_chats");
    expect(liveBot(bot.livechatBotId)?.routingStatus).toBe("accepting_chats");
    const listed = await bots.listBots(ctx);
    expect(listed.liveChatError).toBeNull();
    expect(listed.bots.find((view) => view.id === bot.id)).toMatchObject({
      name: "Returns Helper",
      desiredRoutingStatus: "accepting_chats",
      currentRoutingStatus: "accepting_chats",
      isManaged: true,
      ruleCount: 0,
    });

    await bots.deleteBot(ctx, bot.id);
    expect(liveBot(bot.livechatBotId)).toBeUndefined();
    expect(await database.db.bot.count({ where: { orgId: ctx.orgId } })).toBe(0);
    const actions = (await database.db.auditLog.findMany({ where: { orgId: ctx.orgId }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["bot.create", "bot.update", "bot.routing_status", "bot.delete"]);
  });

  it("adopts a bot created outside the dashboard by resetting its secret", async () => {
    const outside = await createBotInLiveChat({ apiUrl: emulator.url, token: ownerToken }, { name: "Legacy bot", ownerClientId: DEMO_CLIENT_ID });
    const before = await bots.listBots(ctx);
    expect(before.bots.find((view) => view.livechatBotId === outside.id)).toMatchObject({ id: null, isManaged: false });

    const adopted = await bots.adoptBot(ctx, outside.id);
    const stored = await database.db.bot.findFirstOrThrow({ where: { id: adopted.id, orgId: ctx.orgId }, omit: { secretEnc: false } });
    const newSecret = openSecret(stored.secretEnc!, botSecretLocation(adopted.id), keyring);
    expect(newSecret).not.toBe(outside.secret);
    const issue = (botSecret: string) =>
      issueBotToken(
        { apiUrl: emulator.url, token: ownerToken },
        { botId: outside.id, clientId: DEMO_CLIENT_ID, botSecret, organizationId: DEMO_ORGANIZATION_ID },
      );
    await expect(issue(newSecret)).resolves.toHaveProperty("token");
    await expect(issue(outside.secret)).rejects.toBeInstanceOf(LiveChatError);
    await expect(bots.adoptBot(ctx, outside.id)).rejects.toMatchObject({ code: "conflict" });
  });

  it("changes only what a patch names, and clears what it sets to null in LiveChat too", async () => {
    const bot = await bots.createBot(
      ctx,
      input({ avatarUrl: "https://cdn.acme.example/a.png", jobTitle: "Helper", workScheduler: { timezone: "Europe/Berlin", schedule: [] } }),
    );
    const renamed = await bots.updateBot(ctx, bot.id, { name: "Renamed" });
    expect(renamed).toMatchObject({ name: "Renamed", avatarUrl: "https://cdn.acme.example/a.png", jobTitle: "Helper", maxChatsCount: 10 });
    expect(liveBot(bot.livechatBotId)).toMatchObject({ name: "Renamed", groups: [{ id: 0, priority: "first" }] });

    const cleared = await bots.updateBot(ctx, bot.id, { avatarUrl: null, jobTitle: null, workScheduler: null });
    expect(cleared).toMatchObject({ name: "Renamed", avatarUrl: null, jobTitle: null, workScheduler: null });
    const { bot: view } = await bots.getBot(ctx, bot.id);
    expect(view).toMatchObject({ avatarUrl: null, jobTitle: null, isMissingInLiveChat: false });
  });

  it("names the form field LiveChat's validation error is about", async () => {
    emulator.faults.apiErrors({ count: 1, type: "validation", message: "`job_title` is too long", actions: ["create_bot"] });
    await expect(bots.createBot(ctx, input())).rejects.toMatchObject({ type: "validation", options: { field: "jobTitle" } });
    const bot = await bots.createBot(ctx, input());
    await expect(bots.updateBot(ctx, bot.id, { groups: [{ id: 42, priority: "normal" }] })).rejects.toMatchObject({
      type: "group_not_found",
      options: { field: "groups" },
    });
  });

  it("adopts a bot with its work schedule", async () => {
    const api = { apiUrl: emulator.url, token: ownerToken };
    const workScheduler = { timezone: "America/New_York", schedule: [{ day: "friday" as const, enabled: true, start: "10:00", end: "16:00" }] };
    const outside = await createBotInLiveChat(api, { name: "Scheduled", ownerClientId: DEMO_CLIENT_ID, workScheduler });
    const adopted = await bots.adoptBot(ctx, outside.id);
    const { bot: view } = await bots.getBot(ctx, adopted.id);
    expect(view).toMatchObject({ name: "Scheduled", workScheduler, isManaged: true });
  });

  it("undoes the LiveChat bot when the database write fails after create_bot succeeded", async () => {
    const before = emulator.bots().length;
    const failingDb = new Proxy(database.db, {
      get(target, property, receiver) {
        if (property === "$transaction") return () => Promise.reject(new Error("disk full"));
        return Reflect.get(target, property, receiver) as unknown;
      },
    }) as Db;
    await expect(bots.createBot({ ...ctx, db: failingDb }, input())).rejects.toThrow("disk full");
    expect(emulator.bots()).toHaveLength(before);
    expect(emulator.requestLog().filter((entry) => entry.action === "delete_bot").length).toBeGreaterThan(0);
  });

  it("passes LiveChat's validation errors on as LiveChat said them", async () => {
    const error = await bots.createBot(ctx, input({ groups: [{ id: 99, priority: "first" }] })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LiveChatError);
    expect(error).toMatchObject({ type: "group_not_found" });
    expect(await database.db.bot.count({ where: { orgId: ctx.orgId } })).toBe(0);
  });

  it("reports a missing permission when a normal agent's token is used", async () => {
    const agentToken = emulator.issueTokensFor(DEMO_ACCOUNTS.agent.email, DEMO_CLIENT_ID).access_token;
    const error = await bots
      .createBot({ ...ctx, api: { apiUrl: emulator.url, token: agentToken } }, input())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LiveChatError);
    expect((error as LiveChatError).status).toBe(403);
  });

  it("reports rate limits with when to retry, and server errors", async () => {
    emulator.faults.rateLimit({ count: 1, retryAfterSec: 42 });
    await expect(bots.createBot(ctx, input())).rejects.toMatchObject({ type: "too_many_requests", status: 429, options: { retryAfterSeconds: 42 } });
    emulator.faults.serverErrors({ count: 1, type: "internal" });
    await expect(bots.createBot(ctx, input())).rejects.toMatchObject({ type: "internal", isRetryable: true });
    expect(await database.db.bot.count({ where: { orgId: ctx.orgId } })).toBe(0);
  });

  it("still lists stored bots when LiveChat cannot be read, with what LiveChat said", async () => {
    const bot = await bots.createBot(ctx, input());
    emulator.faults.serverErrors({ count: 2, type: "service_unavailable" });
    const listed = await bots.listBots(ctx);
    expect(listed.liveChatError).toMatchObject({ type: "service_unavailable" });
    expect(listed.bots.map((view) => view.id)).toContain(bot.id);
  });
});
