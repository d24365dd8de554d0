// Handling customer messages end to end: a matching message gets exactly one reply, written by the
// bot with its own token, within a second; hand-over and tags go through the Web API as the bot;
// bot messages, agent messages and messages in a chat a human took over get no reply. Against the
// emulator over real sockets, with SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueBotToken } from "../../../lib/livechat/configuration-api";
import { sendEvent } from "../../../lib/livechat/agent-web-api";
import type { Worker } from "../../../worker/worker";
import { botReplies, CLIENT_ID, createWorld, HUMAN_GROUP, quietLogger, repliesTo, startBotChat, waitFollowed, waitFor, type World } from "./world";

describe.each(["sqlite", "postgresql"] as const)("replies (%s)", (provider) => {
  let world: World;
  let worker: Worker;
  const logLines: string[] = [];
  beforeAll(async () => {
    world = await createWorld({ provider });
    worker = await world.startWorker({}, { log: quietLogger(logLines) });
  });
  afterAll(async () => {
    await world?.close();
  });

  const activityFor = (eventId: string) =>
    waitFor(`the activity of ${eventId}`, async () => (await world.database.db.activity.findFirst({ where: { eventId } })) ?? undefined);

  it("answers a matching message once, as the bot, within a second", async () => {
    const org = world.orgs[0]!;
    const chat = await startBotChat(world, org, "hello, I need a refund");
    // The first message arrived before anyone followed the chat: the catch-up read answers it.
    await waitFor("the catch-up reply", () => repliesTo(world.emulator, chat.chatId, `${chat.threadId}_1`).length === 1);
    await waitFollowed(world, org, chat.chatId);

    const sentAt = Date.now();
    const { eventId } = world.emulator.sendCustomerMessage(chat.chatId, "Another REFUND question");
    const reply = await waitFor("the live reply", () => repliesTo(world.emulator, chat.chatId, eventId)[0], 1_000, 5);
    expect(Date.now() - sentAt).toBeLessThan(1_000);
    expect(reply.text).toBe("Refunds take 5 business days.");
    expect(reply.authorId).toBe(org.bot.livechatBotId);
    // Every reply went out with the bot's own token (livechat-api.md 3.1).
    const sends = world.emulator.requestLog({ action: "send_event", organizationId: org.livechatOrgId });
    expect(sends.length).toBeGreaterThan(0);
    expect(sends.every((entry) => entry.who.type === "bot" && entry.who.id === org.bot.livechatBotId)).toBe(true);

    const activity = await activityFor(eventId);
    expect(activity.outcome).toBe("replied");
    expect(activity.ruleName).toBe("Refunds");
    // The fired rule's trace entry and counts for the other rules (bounded at any number of rules).
    expect(JSON.parse(activity.trace ?? "{}")).toMatchObject({ outcome: "rule", rules: [{ ruleName: "Refunds", status: "fired" }], summary: { ruleCount: 3 } });
    const claim = await world.database.db.handledEvent.findUnique({ where: { livechatEventId_botId: { livechatEventId: eventId, botId: org.bot.id } } });
    expect(claim?.status).toBe("done");
    expect(claim?.workerId).toBe(worker.workerId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(repliesTo(world.emulator, chat.chatId, eventId)).toHaveLength(1);
  });

  it("records a message no rule matches, without replying", async () => {
    const org = world.orgs[0]!;
    const chat = await startBotChat(world, org);
    await waitFollowed(world, org, chat.chatId);
    const { eventId } = world.emulator.sendCustomerMessage(chat.chatId, "what is the weather like");
    const activity = await activityFor(eventId);
    expect(activity.outcome).toBe("no_match");
    expect(activity.messageText).toBe("what is the weather like");
    expect(repliesTo(world.emulator, chat.chatId, eventId)).toHaveLength(0);
  });

  it("tags the thread as the bot", async () => {
    const org = world.orgs[0]!;
    const chat = await startBotChat(world, org);
    await waitFollowed(world, org, chat.chatId);
    const { eventId } = world.emulator.sendCustomerMessage(chat.chatId, "where is my invoice?");
    const activity = await activityFor(eventId);
    expect(activity.outcome).toBe("tagged");
    const threads = world.emulator.getChat(chat.chatId).threads;
    expect(threads[threads.length - 1]?.tags).toEqual(["billing"]);
    const tagging = world.emulator.requestLog({ action: "tag_thread", organizationId: org.livechatOrgId });
    expect(tagging.at(-1)?.who).toEqual({ type: "bot", id: org.bot.livechatBotId });
  });

  it("hands the chat over as the bot and stays silent afterwards", async () => {
    const org = world.orgs[0]!;
    const chat = await startBotChat(world, org);
    await waitFollowed(world, org, chat.chatId);
    const { eventId } = world.emulator.sendCustomerMessage(chat.chatId, "can I talk to a human");
    const activity = await activityFor(eventId);
    expect(activity.outcome).toBe("handed_over");
    expect(repliesTo(world.emulator, chat.chatId, eventId).map((event) => event.text)).toEqual(["Handing you over to a colleague."]);
    const snapshot = world.emulator.getChat(chat.chatId);
    expect(snapshot.accessGroupIds).toEqual([HUMAN_GROUP]);
    expect(snapshot.users.some((user) => user.id === org.bot.livechatBotId)).toBe(false);
    const transfer = world.emulator.requestLog({ action: "transfer_chat", organizationId: org.livechatOrgId }).at(-1);
    expect(transfer?.who).toEqual({ type: "bot", id: org.bot.livechatBotId });

    const before = botReplies(world.emulator, chat.chatId).length;
    world.emulator.sendCustomerMessage(chat.chatId, "refund please");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(botReplies(world.emulator, chat.chatId)).toHaveLength(before);
  });

  it("does not answer bot messages, agent messages, or a chat a human took over", async () => {
    const org = world.orgs[0]!;
    const chat = await startBotChat(world, org);
    await waitFollowed(world, org, chat.chatId);

    // The bot itself says something that would match a rule.
    const { token } = await issueBotToken(
      { apiUrl: world.emulator.url, token: world.emulator.issueTokensFor(org.adminEmail, CLIENT_ID).access_token },
      { botId: org.bot.livechatBotId, clientId: CLIENT_ID, botSecret: org.bot.secret, organizationId: org.livechatOrgId },
    );
    const botEvent = await sendEvent({ apiUrl: world.emulator.url, token }, { chatId: chat.chatId, event: { type: "message", text: "refund refund" } });

    // A human agent joins (the bot stays) and writes something matching.
    world.emulator.agentJoinChat(chat.chatId, org.humanEmail, { mode: "join" });
    const agentEvent = world.emulator.agentSendMessage(chat.chatId, org.humanEmail, "about your refund");
    // Now the customer writes: a human is in the chat, so the bot keeps quiet and says why.
    const customerEvent = world.emulator.sendCustomerMessage(chat.chatId, "thanks, and the refund?");
    const activity = await activityFor(customerEvent.eventId);
    expect(activity.outcome).toBe("suppressed");
    expect(activity.detail).toContain("human_takeover");

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(repliesTo(world.emulator, chat.chatId, botEvent.eventId)).toHaveLength(0);
    expect(repliesTo(world.emulator, chat.chatId, agentEvent.eventId)).toHaveLength(0);
    expect(repliesTo(world.emulator, chat.chatId, customerEvent.eventId)).toHaveLength(0);
    expect(await world.database.db.handledEvent.count({ where: { livechatEventId: { in: [botEvent.eventId, agentEvent.eventId] } } })).toBe(0);
  });

  it("logs as JSON scoped by organization, worker and chat, without message bodies or tokens", () => {
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const handled = entries.filter((entry) => entry.msg === "message handled");
    expect(handled.length).toBeGreaterThan(0);
    for (const entry of handled) expect(entry).toMatchObject({ workerId: worker.workerId, orgId: world.orgs[0]!.orgId, chatId: expect.any(String) });
    const all = logLines.join("\n");
    for (const body of ["refund", "weather", "invoice", "human", "Refunds take", "Handing you over"]) expect(all.toLowerCase()).not.toContain(body.toLowerCase());
    expect(all).not.toMatch(/Bearer|dal:[A-Za-z0-9_-]{8,}|eyJ[A-Za-z0-9_-]{8,}/);
    expect(all).not.toContain(world.orgs[0]!.bot.secret);
  });
});
