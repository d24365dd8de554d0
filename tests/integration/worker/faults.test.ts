// Faults on the live connection and on the Web API: after each one the worker serves again, and
// every matching customer message sent during the gap got exactly one reply (livechat-api.md 4.3:
// pushes are not replayed, so the gap is closed by the catch-up read after reconnecting).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../../worker/worker";
import { createWorld, repliesTo, startBotChat, waitFollowed, waitFor, type SeededOrg, type World } from "./world";

describe.each(["sqlite", "postgresql"] as const)("faults (%s)", (provider) => {
  let world: World;
  let worker: Worker;
  let org: SeededOrg;

  beforeAll(async () => {
    world = await createWorld({ provider });
    org = world.orgs[0]!;
    worker = await world.startWorker();
  });
  afterAll(async () => {
    await world?.close();
  });

  const logins = () => world.emulator.requestLog({ surface: "rtm", action: "login", organizationId: org.livechatOrgId }).filter((entry) => entry.status === 200).length;

  async function readyChat() {
    const chat = await startBotChat(world, org);
    await waitFollowed(world, org, chat.chatId);
    return chat;
  }

  async function expectServing(chatId: string) {
    const { eventId } = world.emulator.sendCustomerMessage(chatId, "refund status?");
    await waitFor("a reply after the fault", () => repliesTo(world.emulator, chatId, eventId).length === 1, 15_000);
  }

  async function expectExactlyOneReplyEach(chatId: string, eventIds: string[]) {
    for (const eventId of eventIds) {
      await waitFor(`the reply to ${eventId}`, () => repliesTo(world.emulator, chatId, eventId).length >= 1, 15_000);
    }
    // Let any duplicate that was going to happen happen, then count.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const eventId of eventIds) expect(repliesTo(world.emulator, chatId, eventId), eventId).toHaveLength(1);
  }

  const gapMessages = (chatId: string, count = 3) =>
    Array.from({ length: count }, (_, index) => world.emulator.sendCustomerMessage(chatId, `refund #${index}`).eventId);

  it("reconnects after a dropped socket and answers what arrived meanwhile", async () => {
    const chat = await readyChat();
    const before = logins();
    expect(world.emulator.faults.dropSockets({ organizationId: org.livechatOrgId })).toBe(1);
    const sent = gapMessages(chat.chatId);
    await waitFor("a new login", () => logins() > before, 15_000);
    await expectExactlyOneReplyEach(chat.chatId, sent);
    await expectServing(chat.chatId);
  });

  it("detects a half-open socket by its unanswered ping and reconnects", async () => {
    const chat = await readyChat();
    const before = logins();
    world.emulator.faults.halfOpenSockets({ organizationId: org.livechatOrgId });
    const sent = gapMessages(chat.chatId);
    await waitFor("a new login after the dead peer was dropped", () => logins() > before, 15_000);
    await expectExactlyOneReplyEach(chat.chatId, sent);
    await expectServing(chat.chatId);
  });

  it("refreshes the token and reconnects when it expires on the live socket", async () => {
    const chat = await readyChat();
    const before = logins();
    const refreshedBefore = (await world.database.db.credential.findUnique({ where: { id: org.credentialId } }))?.refreshedAt ?? null;
    expect(world.emulator.faults.expireAccessTokens({ account: org.adminEmail })).toBeGreaterThan(0);
    const sent = gapMessages(chat.chatId);
    await waitFor("a new login", () => logins() > before, 15_000);
    const credential = await world.database.db.credential.findUnique({ where: { id: org.credentialId } });
    expect(credential?.refreshedAt).not.toEqual(refreshedBefore);
    expect(credential?.status).toBe("active");
    await expectExactlyOneReplyEach(chat.chatId, sent);
    await expectServing(chat.chatId);
  });

  it("reconnects after connection_timeout", async () => {
    const chat = await readyChat();
    const before = logins();
    expect(world.emulator.faults.disconnect({ organizationId: org.livechatOrgId, reason: "connection_timeout" })).toBe(1);
    const sent = gapMessages(chat.chatId);
    await waitFor("a new login", () => logins() > before, 15_000);
    await expectExactlyOneReplyEach(chat.chatId, sent);
    await expectServing(chat.chatId);
  });

  it("waits out 429 Retry-After before sending again, once", async () => {
    const chat = await readyChat();
    world.emulator.clearLog();
    world.emulator.faults.rateLimit({ count: 2, retryAfterSec: 1, surfaces: ["agent-web"], actions: ["send_event"] });
    const sent = gapMessages(chat.chatId, 2);
    await expectExactlyOneReplyEach(chat.chatId, sent);
    // Refused calls carry no organization in the log (the fault strikes before authentication): match by chat.
    const sends = world.emulator.requestLog({ action: "send_event" }).filter((entry) => entry.chatId === chat.chatId);
    const limited = sends.filter((entry) => entry.status === 429);
    expect(limited).toHaveLength(2);
    // livechat-api.md 3.1 / RFC 9110: nothing is sent to the organization before Retry-After has passed.
    for (const refusal of limited) {
      const next = sends.find((entry) => entry.seq > refusal.seq);
      expect(next, "a later send").toBeDefined();
      expect(Date.parse(next!.time) - Date.parse(refusal.time)).toBeGreaterThanOrEqual(950);
    }
    await expectServing(chat.chatId);
  });

  it("retries a burst of 5xx a bounded number of times", async () => {
    const chat = await readyChat();
    world.emulator.faults.serverErrors({ count: 2, type: "internal", surfaces: ["agent-web"], actions: ["send_event"] });
    const sent = gapMessages(chat.chatId, 2);
    await expectExactlyOneReplyEach(chat.chatId, sent);
    await expectServing(chat.chatId);
  });

  it("records a reply that keeps failing with 5xx as failed, then serves on", async () => {
    const chat = await readyChat();
    world.emulator.faults.serverErrors({ count: 4, type: "service_unavailable", surfaces: ["agent-web"], actions: ["send_event"] });
    const { eventId } = world.emulator.sendCustomerMessage(chat.chatId, "refund, please");
    const activity = await waitFor("the failure record", async () => (await world.database.db.activity.findFirst({ where: { eventId } })) ?? undefined, 15_000);
    expect(activity.outcome).toBe("failed");
    expect(activity.detail).toContain("service_unavailable");
    const claim = await world.database.db.handledEvent.findFirst({ where: { livechatEventId: eventId } });
    expect(claim?.status).toBe("failed");
    expect(repliesTo(world.emulator, chat.chatId, eventId)).toHaveLength(0);
    world.emulator.faults.clear();
    await expectServing(chat.chatId);
  });

  it("keeps one logged-in socket for the organization throughout", () => {
    expect(worker.ownedOrgIds()).toEqual([org.orgId]);
    // A half-open socket stays registered on the server until it notices; logins never overlapped otherwise.
    expect(world.emulator.stats().organizations[org.livechatOrgId]?.currentLoggedIn).toBe(1);
  });
});
