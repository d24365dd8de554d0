// Webhook deliveries (livechat-api.md 7.2): the documented body, the same payload as the RTM push,
// which organizations a webhook fires for (bot status dependency, installed apps), and filters.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_CLIENT_ID, DEMO_ORGANIZATION_ID } from "@/tests/emulator";
import { agentClient, connectAs, createBot, otherOrg, startWorld, type World } from "./support/fixtures";
import { callApi } from "./support/http";
import { WebhookReceiver } from "./support/webhook-receiver";
import { registerWebhook, settled } from "./support/webhooks";

let world: World;
let receiver: WebhookReceiver;
beforeEach(async () => {
  world = await startWorld();
  receiver = await WebhookReceiver.start();
});
afterEach(async () => {
  await world.emulator.close();
  await receiver.close();
});

/** Deliveries run concurrently, so they may arrive in any order. */
const unordered = <T>(items: T[]): T[] => [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const sendAsBot = (token: string, chatId: string, text: string) =>
  callApi<{ event_id: string }>(world.emulator, "agent", "send_event", token, { chat_id: chatId, event: { type: "message", text } });

describe("the delivery body", () => {
  it("POSTs JSON with exactly the documented fields; the payload is the RTM push's", async () => {
    const hook = await registerWebhook(world, {
      action: "incoming_event",
      url: receiver.url,
      secretKey: "wHk3-9f0a-Lq7Z",
      additionalData: ["chat_presence_user_ids", "chat_properties"],
    });
    const bot = await createBot(world);
    const { chatId, customerId } = world.emulator.startChat({ organizationId: world.orgId });
    const adam = await connectAs(world, world.adminToken);
    await adam.request("follow_chat", { id: chatId });
    const { eventId } = world.emulator.sendCustomerMessage(chatId, "Can I return shoes after 30 days?");
    const push = await adam.waitForPush("incoming_event", (payload) => (payload.event as { id?: string }).id === eventId);
    const [delivery] = await receiver.waitFor(1);
    expect(delivery?.contentType).toMatch(/^application\/json/);
    const body = delivery?.body ?? {};
    expect(Object.keys(body).sort()).toEqual(["action", "additional_data", "organization_id", "payload", "secret_key", "webhook_id"]);
    expect(body).toMatchObject({ webhook_id: hook, secret_key: "wHk3-9f0a-Lq7Z", action: "incoming_event", organization_id: DEMO_ORGANIZATION_ID });
    expect(body.payload).toEqual(push.payload);
    const additional = body.additional_data as { chat_presence_user_ids: string[]; chat_properties: unknown };
    expect(additional.chat_presence_user_ids.sort()).toEqual([customerId, bot.id].sort());
    expect(additional.chat_properties).toEqual({});
    adam.close();
  });

  it("carries the same payloads as the pushes for the other chat actions", async () => {
    const actions = ["incoming_chat", "user_added_to_chat", "user_removed_from_chat", "chat_transferred", "chat_deactivated", "thread_tagged"];
    for (const action of actions) await registerWebhook(world, { action, url: receiver.url });
    const bot = await createBot(world);
    const adam = await connectAs(world, world.adminToken);
    const { chatId, threadId } = world.emulator.startChat({ organizationId: world.orgId, message: "hi" });
    const [incoming] = await receiver.waitFor(1);
    expect(incoming?.body.action).toBe("incoming_chat");
    const chat = (incoming?.body.payload as { chat: { id: string; users: { id: string }[]; thread: { id: string; events: unknown[] } } }).chat;
    expect(chat.id).toBe(chatId);
    expect(chat.users.map((user) => user.id)).toContain(bot.id);
    expect(chat.thread.id).toBe(threadId);
    expect(chat.thread.events.length).toBeGreaterThan(0);

    // Adam follows the chat, so every later push reaches his socket too.
    await adam.request("follow_chat", { id: chatId });
    const agentCall = (action: string, payload: Record<string, unknown>) => callApi(world.emulator, "agent", action, world.adminToken, payload);
    await agentCall("add_user_to_chat", { chat_id: chatId, user_id: "nora@acme.example", user_type: "agent", visibility: "all", ignore_requester_presence: true });
    await agentCall("remove_user_from_chat", { chat_id: chatId, user_id: "nora@acme.example", user_type: "agent", ignore_requester_presence: true });
    await agentCall("tag_thread", { chat_id: chatId, thread_id: threadId, tag: "refund" });
    world.emulator.agentJoinChat(chatId, "adam@acme.example");
    world.emulator.closeChat(chatId);
    await adam.waitForPush("chat_deactivated");
    await settled(world);
    for (const action of actions.slice(1)) {
      const pushed = adam.pushesOf(action, chatId).map((frame) => frame.payload);
      const delivered = receiver.bodiesOf(action).map((body) => body.payload);
      expect(unordered(delivered), action).toEqual(unordered(pushed));
      expect(delivered.length, action).toBeGreaterThan(0);
    }
    adam.close();
  });

  it("routing_status_set uses the webhook's documented status spelling and the agent_ids filter", async () => {
    const bot = await createBot(world, { accepting: false });
    await registerWebhook(world, { action: "routing_status_set", url: receiver.url, filters: { agent_ids: [bot.id] } });
    const adam = await connectAs(world, world.adminToken); // Adam's own status change is filtered out
    await callApi(world.emulator, "agent", "set_routing_status", bot.token, { status: "accepting_chats" });
    await callApi(world.emulator, "agent", "set_routing_status", bot.token, { status: "not_accepting_chats" });
    const deliveries = await receiver.waitFor(2);
    await settled(world);
    expect(receiver.received).toHaveLength(2);
    // livechat-api.md 7.2: the webhook documents `accepting chats` (spaces), the push underscores.
    expect(unordered(deliveries.map((delivery) => delivery.body.payload))).toEqual([
      { agent_id: bot.id, status: "accepting chats" },
      { agent_id: bot.id, status: "not accepting chats" },
    ]);
    adam.close();
  });

  it("configuration webhooks carry the requester", async () => {
    await registerWebhook(world, { action: "bot_created", url: receiver.url });
    const created = await callApi<{ id: string }>(world.emulator, "configuration", "create_bot", world.adminToken, { name: "Order Helper" });
    const [delivery] = await receiver.waitFor(1);
    expect(delivery?.body).toMatchObject({
      action: "bot_created",
      payload: { id: created.body.id, name: "Order Helper" },
      requester: { user_id: "adam@acme.example", account_id: expect.any(String), client_id: DEMO_CLIENT_ID },
      additional_data: {},
    });
  });
});

describe("where a webhook fires", () => {
  it("license webhooks fire for organizations where an account holds a token of the client", async () => {
    await registerWebhook(world, { action: "incoming_chat", url: receiver.url });
    // Nobody at Globex holds a token of the demo client: the app is not installed there.
    world.emulator.startChat({ organizationId: otherOrg.id, message: "hello Globex" });
    expect(world.emulator.pendingWebhookDeliveries()).toBe(0);
    expect(world.emulator.webhookDeliveries()).toEqual([]);
    world.emulator.issueTokensFor("gina@globex.example", DEMO_CLIENT_ID);
    world.emulator.startChat({ organizationId: otherOrg.id, message: "hello again" });
    const [delivery] = await receiver.waitFor(1);
    expect(delivery?.body.organization_id).toBe(otherOrg.id);
  });

  it("bot webhooks fire only while a bot of the client is not offline (status dependency)", async () => {
    await registerWebhook(world, { action: "incoming_event", type: "bot", url: receiver.url, filters: { author_type: "customer" } });
    const bot = await createBot(world, { accepting: false });
    const { chatId } = world.emulator.startChat({ organizationId: world.orgId, message: "hi" });
    world.emulator.sendCustomerMessage(chatId, "anyone there?");
    expect(world.emulator.pendingWebhookDeliveries()).toBe(0);

    await callApi(world.emulator, "agent", "set_routing_status", bot.token, { status: "accepting_chats" });
    world.emulator.sendCustomerMessage(chatId, "now?");
    await callApi(world.emulator, "agent", "set_routing_status", bot.token, { status: "not_accepting_chats" });
    world.emulator.sendCustomerMessage(chatId, "still there?");
    await receiver.waitFor(2);
    await settled(world);

    world.emulator.setRoutingStatus(world.orgId, bot.id, "offline");
    world.emulator.sendCustomerMessage(chatId, "hello?");
    expect(world.emulator.pendingWebhookDeliveries()).toBe(0);
    expect(receiver.received.map((delivery) => (delivery.body.payload as { event: { text: string } }).event.text).sort()).toEqual(["now?", "still there?"]);
  });
});

describe("filters", () => {
  it("author_type and chat_presence.my_bots", async () => {
    const mine = await createBot(world, { name: "Mine", groups: [{ id: 0, priority: "first" }] });
    const theirs = await callApi<{ id: string }>(world.emulator, "configuration", "create_bot", world.adminToken, {
      name: "Theirs",
      owner_client_id: agentClient.clientId,
      groups: [{ id: 1, priority: "first" }],
    });
    await callApi(world.emulator, "agent", "set_routing_status", world.adminToken, { agent_id: theirs.body.id, status: "accepting_chats" });
    const customerInMyBotsChats = await registerWebhook(world, {
      action: "incoming_event",
      type: "bot",
      url: receiver.url,
      filters: { author_type: "customer", chat_presence: { my_bots: true } },
    });
    const agentMessages = await registerWebhook(world, { action: "incoming_event", url: receiver.url, filters: { author_type: "agent" } });

    const mineChat = world.emulator.startChat({ organizationId: world.orgId, groupId: 0 }).chatId;
    const theirChat = world.emulator.startChat({ organizationId: world.orgId, groupId: 1 }).chatId;
    expect(world.emulator.getChat(theirChat).users.map((user) => user.id)).toContain(theirs.body.id);
    world.emulator.sendCustomerMessage(mineChat, "to my bot");
    world.emulator.sendCustomerMessage(theirChat, "to their bot");
    await sendAsBot(mine.token, mineChat, "bot answer");
    await receiver.waitFor(2);
    await settled(world);
    const textsOf = (webhookId: string) =>
      receiver.received.filter((delivery) => delivery.body.webhook_id === webhookId).map((delivery) => (delivery.body.payload as { event: { text?: string } }).event.text);
    expect(textsOf(customerInMyBotsChats)).toEqual(["to my bot"]);
    // System messages have no author, so `author_type: agent` matches only the bot's message.
    expect(textsOf(agentMessages)).toEqual(["bot answer"]);
  });

  it("chat_presence.user_ids and source_type", async () => {
    const bot = await createBot(world);
    const withBot = await registerWebhook(world, { action: "incoming_event", url: receiver.url, filters: { chat_presence: { user_ids: { values: [bot.id] } }, author_type: "customer" } });
    const withoutBot = await registerWebhook(world, { action: "incoming_event", url: receiver.url, filters: { chat_presence: { user_ids: { exclude_values: [bot.id] } }, author_type: "customer" } });
    const fromMyClient = await registerWebhook(world, { action: "incoming_event", url: receiver.url, ownerClientId: DEMO_CLIENT_ID, filters: { source_type: ["my_client"] } });
    const fromOthers = await registerWebhook(world, { action: "incoming_chat", url: receiver.url, filters: { source_type: ["other_clients"] } });
    const fromSystem = await registerWebhook(world, { action: "incoming_chat", url: receiver.url, filters: { source_type: ["system"] } });

    const { chatId } = world.emulator.startChat({ organizationId: world.orgId }); // by the customer: other_clients
    world.emulator.sendCustomerMessage(chatId, "with the bot");
    await sendAsBot(bot.token, chatId, "bot here"); // the demo client's bot token: my_client
    world.emulator.agentJoinChat(chatId, "adam@acme.example"); // the bot leaves
    world.emulator.sendCustomerMessage(chatId, "without the bot");
    await receiver.waitFor(4);
    await settled(world);
    const of = (id: string) => receiver.received.filter((delivery) => delivery.body.webhook_id === id);
    const text = (delivery: { body: Record<string, unknown> }) => (delivery.body.payload as { event: { text?: string } }).event.text;
    expect(of(withBot).map(text)).toEqual(["with the bot"]);
    expect(of(withoutBot).map(text)).toEqual(["without the bot"]);
    expect(of(fromMyClient).map(text)).toEqual(["bot here"]);
    expect(of(fromOthers)).toHaveLength(1);
    expect(of(fromSystem)).toHaveLength(0);
  });
});
