// Rules and bots stay fresh: a saved rule change reaches the running worker within 1 s on
// PostgreSQL (LISTEN/NOTIFY) and 2 s on SQLite (version polling), and each bot's desired routing
// status is applied on start, after LiveChat reset it, and when it is changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifyConfigChanged } from "../../../lib/data/config-version";
import type { Worker } from "../../../worker/worker";
import { createWorld, repliesTo, startBotChat, waitFollowed, waitFor, type SeededOrg, type World } from "./world";

const BOUND_MS = { postgresql: 1_000, sqlite: 2_000 } as const;

describe.each(["sqlite", "postgresql"] as const)("configuration changes (%s)", (provider) => {
  let world: World;
  let worker: Worker;
  let org: SeededOrg;

  beforeAll(async () => {
    world = await createWorld({ provider });
    org = world.orgs[0]!;
    // The production polling interval for SQLite (1 s), so the bound is tested as shipped.
    worker = await world.startWorker({ configPollIntervalMs: 1_000 });
  });
  afterAll(async () => {
    await world?.close();
  });

  const emulatorBotStatus = () => world.emulator.bots(org.livechatOrgId).find((bot) => bot.id === org.bot.livechatBotId)?.routingStatus;

  it("applies the desired routing status on start and records it", async () => {
    await waitFor("the bot to accept chats", () => emulatorBotStatus() === "accepting_chats");
    const bot = await waitFor("the recorded status", async () => {
      const row = await world.database.db.bot.findUnique({ where: { id: org.bot.id } });
      return row?.currentRoutingStatus === "accepting_chats" ? row : undefined;
    });
    expect(bot.currentRoutingStatusAt).toBeInstanceOf(Date);
  });

  it(`makes a saved rule live within ${BOUND_MS[provider]} ms`, async () => {
    const chat = await startBotChat(world, org);
    await waitFollowed(world, org, chat.chatId);
    const runtime = worker.runtime(org.orgId)!;
    await world.database.db.rule.create({
      data: {
        orgId: org.orgId,
        botId: org.bot.id,
        position: 10,
        name: "Shipping",
        definition: JSON.stringify({ trigger: { type: "contains", keyword: "shipping" }, actions: { reply: "It ships tomorrow." } }),
      },
    });
    const savedAt = Date.now();
    const version = await notifyConfigChanged(world.database.db, org.orgId);
    await waitFor("the worker to load the new version", () => runtime.configVersion === version, BOUND_MS[provider], 10);
    expect(Date.now() - savedAt).toBeLessThanOrEqual(BOUND_MS[provider]);

    const { eventId } = world.emulator.sendCustomerMessage(chat.chatId, "what about shipping?");
    const reply = await waitFor("the new rule's reply", () => repliesTo(world.emulator, chat.chatId, eventId)[0]);
    expect(reply.text).toBe("It ships tomorrow.");
  });

  it("applies a changed desired routing status", async () => {
    await world.database.db.bot.update({ where: { id: org.bot.id }, data: { desiredRoutingStatus: "not_accepting_chats" } });
    await notifyConfigChanged(world.database.db, org.orgId);
    await waitFor("LiveChat to show the new status", () => emulatorBotStatus() === "not_accepting_chats", 5_000);
    await world.database.db.bot.update({ where: { id: org.bot.id }, data: { desiredRoutingStatus: "accepting_chats" } });
    await notifyConfigChanged(world.database.db, org.orgId);
    await waitFor("LiveChat to accept chats again", () => emulatorBotStatus() === "accepting_chats", 5_000);
  });

  it("re-applies the status when LiveChat resets it, and after a reconnect", async () => {
    await waitFor("accepting", () => emulatorBotStatus() === "accepting_chats");
    expect(world.emulator.faults.resetBotStatuses({ organizationId: org.livechatOrgId })).toBe(1);
    await waitFor("the status to be re-applied", () => emulatorBotStatus() === "accepting_chats", 10_000);

    // Reset while the socket is down: the status is applied again after reconnecting.
    const sets = () => world.emulator.requestLog({ action: "set_routing_status", organizationId: org.livechatOrgId }).length;
    const before = sets();
    world.emulator.faults.dropSockets({ organizationId: org.livechatOrgId });
    world.emulator.faults.resetBotStatuses({ organizationId: org.livechatOrgId });
    await waitFor("the status to be applied after reconnecting", () => emulatorBotStatus() === "accepting_chats" && sets() > before, 10_000);
  });
});
