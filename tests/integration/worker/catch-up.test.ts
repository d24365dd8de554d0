// Catch-up after a gap: customer messages that arrived in bot chats while no worker was running —
// in chats it followed before and in chats that started meanwhile — are answered once when a
// worker comes back, if younger than the catch-up window; older ones are recorded as missed.
import { afterEach, describe, expect, it } from "vitest";
import { botReplies, createWorld, repliesTo, startBotChat, waitFollowed, waitFor, type World } from "./world";

describe.each(["sqlite", "postgresql"] as const)("catch-up (%s)", (provider) => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it("answers what arrived while no worker ran, once", async () => {
    world = await createWorld({ provider });
    const org = world.orgs[0]!;
    const first = await world.startWorker();
    const known = await startBotChat(world, org);
    await waitFollowed(world, org, known.chatId);
    await first.stop();

    // Nobody listens now.
    const inKnown = [world.emulator.sendCustomerMessage(known.chatId, "refund one").eventId, world.emulator.sendCustomerMessage(known.chatId, "refund two").eventId];
    const fresh = world.emulator.startChat({ organizationId: org.livechatOrgId, message: "I need a refund" });
    const freshFirst = `${fresh.threadId}_1`;

    const second = await world.startWorker();
    for (const eventId of inKnown) await waitFor(`reply to ${eventId}`, () => repliesTo(world!.emulator, known.chatId, eventId).length >= 1, 15_000);
    await waitFor("reply in the new chat", () => repliesTo(world!.emulator, fresh.chatId, freshFirst).length >= 1, 15_000);
    // A third worker start (a restart) must not answer any of them again.
    await second.stop();
    await world.startWorker();
    await waitFollowed(world, org, known.chatId);
    const { eventId: live } = world.emulator.sendCustomerMessage(known.chatId, "refund three");
    await waitFor("the live reply", () => repliesTo(world!.emulator, known.chatId, live).length === 1, 15_000);
    for (const eventId of inKnown) expect(repliesTo(world.emulator, known.chatId, eventId)).toHaveLength(1);
    expect(repliesTo(world.emulator, fresh.chatId, freshFirst)).toHaveLength(1);
  });

  it("records messages older than the window as missed instead of answering them", async () => {
    world = await createWorld({ provider });
    const org = world.orgs[0]!;
    const first = await world.startWorker();
    const chat = await startBotChat(world, org);
    await waitFollowed(world, org, chat.chatId);
    await first.stop();
    const gap = world.emulator.sendCustomerMessage(chat.chatId, "refund, anyone?").eventId;

    // A window shorter than the gap (instead of waiting ten minutes).
    await world.startWorker({ catchUpWindowMs: 1 });
    const activity = await waitFor("the missed record", async () => (await world!.database.db.activity.findFirst({ where: { eventId: gap } })) ?? undefined, 15_000);
    expect(activity.outcome).toBe("missed");
    const claim = await world.database.db.handledEvent.findFirst({ where: { livechatEventId: gap } });
    expect(claim?.status).toBe("missed");
    expect(repliesTo(world.emulator, chat.chatId, gap)).toHaveLength(0);

    // Live messages are not subject to the window.
    const { eventId: live } = world.emulator.sendCustomerMessage(chat.chatId, "refund now?");
    await waitFor("the live reply", () => repliesTo(world!.emulator, chat.chatId, live).length === 1, 15_000);
    expect(botReplies(world.emulator, chat.chatId)).toHaveLength(1);
    expect(await world.database.db.activity.count({ where: { eventId: gap } })).toBe(1);
  });
});
