// The worker finds bot chats through LiveChat bot webhooks (livechat-api.md 7), not by listing:
// the emulator delivers to the dashboard's receiver over real HTTP, the receiver stores each
// delivery once in the inbox, and the worker consumes the inbox (PostgreSQL: notified; SQLite: a
// local poll). Retried, duplicated and dropped deliveries still end in exactly one reply, and what
// the worker counts of its LiveChat requests is what the emulator bills.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../../worker/worker";
import { createWorld, quietLogger, repliesTo, startBotChat, waitFollowed, waitFor, type SeededOrg, type World } from "./world";

describe.each(["sqlite", "postgresql"] as const)("webhook intake (%s)", (provider) => {
  let world: World;
  let worker: Worker | null = null;
  let org: SeededOrg;

  beforeAll(async () => {
    world = await createWorld({ provider, webhooks: true, timings: { webhookTimeoutMs: 1_000, webhookRetryDelaysMs: [150, 300, 600] } });
    org = world.orgs[0]!;
    worker = await world.startWorker();
  });
  afterAll(async () => {
    await world?.close();
  });

  const listings = () => world.emulator.requestLog({ action: "list_chats", organizationId: org.livechatOrgId }).length;
  const deliveriesFor = (chatId: string) => world.emulator.webhookDeliveries().filter((entry) => entry.chatId === chatId);
  const replyCount = async (chatId: string) => world.database.db.handledEvent.count({ where: { chatId, status: "done" } });

  it("answers a new chat announced by webhook, follows it, and lists nothing", async () => {
    await waitFor("the listing after connecting", () => listings() >= 1);
    const before = listings();
    const chat = await startBotChat(world, org, "hello, I need a refund");
    await waitFor("the reply to the first message", () => repliesTo(world.emulator, chat.chatId, `${chat.threadId}_1`).length === 1);
    await waitFollowed(world, org, chat.chatId);
    expect(deliveriesFor(chat.chatId).some((entry) => entry.action === "incoming_chat" && entry.status === 200)).toBe(true);

    const { eventId } = world.emulator.sendCustomerMessage(chat.chatId, "one more refund question");
    await waitFor("the reply to the second message", () => repliesTo(world.emulator, chat.chatId, eventId).length === 1);
    // livechat-api.md 10.1: with webhooks nothing is listed between reconciliations.
    expect(listings()).toBe(before);
  });

  it("answers the same message, pushed over RTM and delivered by webhook, exactly once", async () => {
    const chat = await startBotChat(world, org);
    await waitFollowed(world, org, chat.chatId);
    const { eventId } = world.emulator.sendCustomerMessage(chat.chatId, "refund please");
    await waitFor("the webhook delivery of the message", () =>
      deliveriesFor(chat.chatId).some((entry) => entry.action === "incoming_event" && entry.status === 200),
    );
    await waitFor("the RTM push of the message", () => world.emulator.pushLog({ action: "incoming_event" }).some((entry) => entry.chatId === chat.chatId));
    await waitFor("the reply", () => repliesTo(world.emulator, chat.chatId, eventId).length >= 1);
    await waitFor("the inbox row handed to the worker", async () =>
      (await world.database.db.webhookInbox.count({ where: { action: "incoming_event", status: "done", body: { contains: eventId } } })) === 1,
    );
    await waitFor("the deliveries to settle", () => world.emulator.pendingWebhookDeliveries() === 0);
    expect(repliesTo(world.emulator, chat.chatId, eventId)).toHaveLength(1);
    expect(await world.database.db.handledEvent.count({ where: { livechatEventId: eventId } })).toBe(1);
  });

  it("stores a delivery LiveChat retried, or sent twice, once, and replies once", async () => {
    const receiver = world.receiver!;
    receiver.failWith = 503;
    const chat = await startBotChat(world, org, "refund for my order");
    await waitFor("a refused first attempt", () => deliveriesFor(chat.chatId).some((entry) => entry.action === "incoming_chat" && entry.status === 503));
    receiver.failWith = null;
    await waitFor("the reply after LiveChat's retry", () => repliesTo(world.emulator, chat.chatId, `${chat.threadId}_1`).length === 1, 10_000);
    await waitFor("the retries to settle", () => world.emulator.pendingWebhookDeliveries() === 0);
    expect(deliveriesFor(chat.chatId).some((entry) => entry.action === "incoming_chat" && entry.attempt > 1 && entry.status === 200)).toBe(true);

    world.emulator.faults.webhookDuplicate({ enabled: true });
    try {
      await waitFollowed(world, org, chat.chatId);
      const { eventId } = world.emulator.sendCustomerMessage(chat.chatId, "and another refund");
      await waitFor("both copies answered", () => deliveriesFor(chat.chatId).filter((entry) => entry.action === "incoming_event" && entry.duplicate && entry.status === 200).length >= 1);
      await waitFor("the reply", () => repliesTo(world.emulator, chat.chatId, eventId).length >= 1);
      await waitFor("the retries to settle", () => world.emulator.pendingWebhookDeliveries() === 0);
      expect(await world.database.db.webhookInbox.count({ where: { action: "incoming_event", body: { contains: eventId } } })).toBe(1);
      expect(repliesTo(world.emulator, chat.chatId, eventId)).toHaveLength(1);
    } finally {
      world.emulator.faults.webhookDuplicate({ enabled: false });
    }
    expect(await replyCount(chat.chatId)).toBe(2);
  });

  it("counts exactly the requests LiveChat bills the organization for", async () => {
    await worker?.stop();
    world.emulator.resetRequestCounts();
    await world.database.db.liveChatRequestCount.deleteMany({});
    worker = await world.startWorker();
    const chat = await startBotChat(world, org, "refund!");
    await waitFor("the reply", () => repliesTo(world.emulator, chat.chatId, `${chat.threadId}_1`).length === 1);
    await waitFollowed(world, org, chat.chatId);
    const { eventId } = world.emulator.sendCustomerMessage(chat.chatId, "refund again");
    await waitFor("the second reply", () => repliesTo(world.emulator, chat.chatId, eventId).length === 1);
    await worker.stop(); // flushes the counts
    worker = null;
    const counted = await world.database.db.liveChatRequestCount.findMany({ where: { orgId: org.orgId } });
    const byAction = Object.fromEntries(counted.map((row) => [row.action, row.count]));
    const billed = world.emulator.requestCounts({ organizationId: org.livechatOrgId });
    expect(counted.reduce((sum, row) => sum + row.count, 0)).toBe(billed.total);
    expect(byAction.send_event).toBe(billed.byAction["agent-web:send_event"]);
    expect(byAction.login).toBe(billed.byAction["rtm:login"]);
    // The keepalive is control frames only: no `ping` action is ever billed (livechat-api.md 4.3).
    expect(billed.byAction["rtm:ping"] ?? 0).toBe(0);
  });

  it("keeps LiveChat's Deprecation header for the Worker page and logs it once", async () => {
    const lines: string[] = [];
    world.emulator.setApiNotices({ deprecation: "Sun, 31 Jan 2027 00:00:00 GMT" });
    try {
      worker = await world.startWorker({}, { log: quietLogger(lines) });
      const chat = await startBotChat(world, org, "refund, soon deprecated");
      await waitFor("the reply", () => repliesTo(world.emulator, chat.chatId, `${chat.threadId}_1`).length === 1);
      const notice = await waitFor("the stored notice", async () => (await world.database.db.liveChatNotice.findFirst({ where: { header: "Deprecation" } })) ?? undefined);
      expect(notice.value).toBe("Sun, 31 Jan 2027 00:00:00 GMT");
      // livechat-api.md 10.2: logged, but at most once a day however many answers carry it.
      expect(lines.filter((line) => line.includes("API version is ending"))).toHaveLength(1);
    } finally {
      world.emulator.setApiNotices({});
      await worker?.stop();
      worker = null;
    }
  });

  it("reconciles within its interval when every delivery is dropped, and answers once", async () => {
    const reconcileIntervalMs = 1_500;
    const before = listings();
    worker = await world.startWorker({ reconcileIntervalMs });
    await waitFor("the listing after connecting", () => listings() > before);
    const afterConnect = listings();
    world.emulator.faults.webhookDrop();
    try {
      const chat = await startBotChat(world, org, "refund, nobody hears me");
      const started = Date.now();
      await waitFor("the reconciliation's reply", () => repliesTo(world.emulator, chat.chatId, `${chat.threadId}_1`).length === 1, reconcileIntervalMs * 1.1 + 3_000);
      expect(Date.now() - started).toBeLessThan(reconcileIntervalMs * 1.1 + 3_000);
      expect(deliveriesFor(chat.chatId).every((entry) => entry.error === "dropped")).toBe(true);
      expect(listings()).toBeGreaterThan(afterConnect); // found by the timed reconciliation
      await waitFollowed(world, org, chat.chatId);
      expect(repliesTo(world.emulator, chat.chatId, `${chat.threadId}_1`)).toHaveLength(1);
    } finally {
      world.emulator.faults.clear();
    }
  });
});
