// A worker that died between claiming a message and finishing it leaves a `claimed` row under an
// old lease epoch. The next owner takes the claim over and first looks for the reply by its
// `custom_id` (livechat-api.md 3.2): found → recorded, not sent again; not found → sent once.
import { afterEach, describe, expect, it } from "vitest";
import { sendEvent } from "../../../lib/livechat/agent-web-api";
import { issueBotToken } from "../../../lib/livechat/configuration-api";
import { replyCustomId } from "../../../worker/reply-pipeline";
import { CLIENT_ID, createWorld, repliesTo, startBotChat, waitFollowed, waitFor, type World } from "./world";

describe.each(["sqlite", "postgresql"] as const)("claims left by a dead worker (%s)", (provider) => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it("finishes them exactly once", async () => {
    world = await createWorld({ provider });
    const org = world.orgs[0]!;
    const db = world.database.db;
    const first = await world.startWorker();
    const chat = await startBotChat(world, org);
    await waitFollowed(world, org, chat.chatId);
    await first.stop();

    const sentBeforeCrash = world.emulator.sendCustomerMessage(chat.chatId, "refund one").eventId;
    const notSent = world.emulator.sendCustomerMessage(chat.chatId, "refund two").eventId;
    // The dead worker held the lease (epoch 7), claimed both, and got one reply out before dying.
    await db.orgLease.update({ where: { orgId: org.orgId }, data: { workerId: "dead-worker", epoch: 7, expiresAt: new Date(Date.now() - 1_000) } });
    for (const eventId of [sentBeforeCrash, notSent]) {
      await db.handledEvent.create({
        data: { orgId: org.orgId, botId: org.bot.id, livechatEventId: eventId, chatId: chat.chatId, threadId: chat.threadId, workerId: "dead-worker", leaseEpoch: 7 },
      });
    }
    const admin = world.emulator.issueTokensFor(org.adminEmail, CLIENT_ID).access_token;
    const { token } = await issueBotToken(
      { apiUrl: world.emulator.url, token: admin },
      { botId: org.bot.livechatBotId, clientId: CLIENT_ID, botSecret: org.bot.secret, organizationId: org.livechatOrgId },
    );
    await sendEvent(
      { apiUrl: world.emulator.url, token },
      { chatId: chat.chatId, event: { type: "message", text: "Refunds take 5 business days.", custom_id: replyCustomId(org.bot.id, sentBeforeCrash) } },
    );

    const second = await world.startWorker();
    await waitFor("the unsent reply", () => repliesTo(world!.emulator, chat.chatId, notSent).length >= 1, 15_000);
    const rows = await waitFor("both claims finished", async () => {
      const found = await db.handledEvent.findMany({ where: { livechatEventId: { in: [sentBeforeCrash, notSent] } } });
      return found.every((row) => row.status === "done") ? found : undefined;
    });
    expect(rows.every((row) => row.workerId === second.workerId && row.leaseEpoch === 8)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(repliesTo(world.emulator, chat.chatId, sentBeforeCrash)).toHaveLength(1);
    expect(repliesTo(world.emulator, chat.chatId, notSent)).toHaveLength(1);
    const recovered = await db.activity.findFirst({ where: { eventId: sentBeforeCrash } });
    expect(recovered?.detail).toMatch(/not sent again/);
  });
});
