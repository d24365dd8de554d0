// The delivery rule of livechat-api.md 4.8: a connection gets a chat's pushes only while its agent
// is a user of the chat or follows it; other agents with group access get only the key changes
// `chat_transferred` and `chat_deactivated`; a follow ends with the thread.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_CLIENT_ID } from "@/tests/emulator";
import { agentToken, connectAs, createBot, otherOrg, startWorld, type CreatedBot, type World } from "./support/fixtures";
import { callApi } from "./support/http";
import type { TestRtmClient } from "./support/rtm-client";

let world: World;
let bot: CreatedBot;
const sockets: TestRtmClient[] = [];

beforeEach(async () => {
  world = await startWorld();
  bot = await createBot(world);
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await world.emulator.close();
});

async function connect(token: string, organizationId?: string, extra?: Record<string, unknown>): Promise<TestRtmClient> {
  const socket = await connectAs(world, token, organizationId, extra);
  sockets.push(socket);
  return socket;
}

const start = (groupId = 0) => world.emulator.startChat({ organizationId: world.orgId, groupId, customer: { name: "Casey" }, message: "Hello?" });
const botSays = (chatId: string, text: string) => callApi(world.emulator, "agent", "send_event", bot.token, { chat_id: chatId, event: { type: "message", text } });

describe("non-members that do not follow", () => {
  it("receive no incoming_event and no incoming_chat for a chat routed to a bot — even with chats--all", async () => {
    const adam = await connect(world.adminToken); // administrator, chats--all:rw, groups 0 and 1
    const olivia = await connect(world.ownerToken); // will follow: the positive control
    const { chatId } = start();
    expect((await olivia.request("follow_chat", { id: chatId })).success).toBe(true);
    world.emulator.sendCustomerMessage(chatId, "Where is my order?");
    await botSays(chatId, "Let me check.");
    await olivia.waitForPush("incoming_event", (payload) => (payload.event as { text?: string }).text === "Let me check.");
    await adam.sync();
    expect(olivia.pushesOf("incoming_event", chatId).length).toBeGreaterThanOrEqual(2);
    // The rule under test: no chat traffic for a connection that is neither member nor follower.
    expect(adam.pushesOf("incoming_event", chatId)).toHaveLength(0);
    expect(adam.pushesOf("incoming_chat", chatId)).toHaveLength(0);
    expect(adam.pushesAbout(chatId)).toHaveLength(0);
  });

  it("with group access get only the key changes chat_transferred and chat_deactivated", async () => {
    const nora = await connect(agentToken(world, "nora@acme.example")); // normal agent, chats--access, group 0
    const { chatId } = start(0);
    world.emulator.sendCustomerMessage(chatId, "more words");
    await botSays(chatId, "bot words");
    const moved = await callApi(world.emulator, "agent", "transfer_chat", bot.token, { id: chatId, target: { type: "group", ids: [0] }, ignore_agents_availability: true });
    expect(moved.status).toBe(200);
    world.emulator.closeChat(chatId);
    await nora.sync();
    expect(nora.pushesAbout(chatId).map((frame) => frame.action)).toEqual(["chat_transferred", "chat_deactivated"]);
  });

  it("without group overlap (or in another organization) get nothing at all", async () => {
    world.emulator.setRoutingStatus(world.orgId, bot.id, "offline");
    const salesBot = await createBot(world, { name: "Sales", groups: [{ id: 1, priority: "first" }] });
    const nora = await connect(agentToken(world, "nora@acme.example")); // group 0 only
    const gina = await connect(world.emulator.issueTokensFor("gina@globex.example", DEMO_CLIENT_ID).access_token, otherOrg.id);
    const { chatId } = start(1);
    await callApi(world.emulator, "agent", "send_event", salesBot.token, { chat_id: chatId, event: { type: "message", text: "hi" } });
    await callApi(world.emulator, "agent", "transfer_chat", salesBot.token, { id: chatId, target: { type: "group", ids: [1] }, ignore_agents_availability: true });
    world.emulator.closeChat(chatId);
    await nora.sync();
    await gina.sync();
    expect(nora.pushesAbout(chatId)).toHaveLength(0);
    expect(gina.pushesAbout(chatId)).toHaveLength(0);
  });
});

describe("followers", () => {
  it("follow_chat pushes incoming_chat with the whole chat to the agent's connections, then every event", async () => {
    const first = await connect(world.adminToken);
    const second = await connect(world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID).access_token);
    const { chatId } = start();
    const response = await first.request("follow_chat", { id: chatId });
    expect(response).toMatchObject({ action: "follow_chat", success: true, payload: {} });
    const incoming = await first.waitForPush("incoming_chat");
    expect(incoming.request_id).toBe(response.request_id);
    const chat = incoming.payload.chat as { id: string; thread: { events: { text?: string }[] }; users: { id: string }[] };
    expect(chat.id).toBe(chatId);
    expect(chat.thread.events.map((event) => event.text)).toContain("Hello?");
    expect(chat.users.map((user) => user.id)).toContain(bot.id);
    const other = await second.waitForPush("incoming_chat");
    expect(other.request_id).toBeUndefined();
    world.emulator.sendCustomerMessage(chatId, "anyone?");
    for (const socket of [first, second]) {
      const event = await socket.waitForPush("incoming_event", (payload) => (payload.event as { text?: string }).text === "anyone?");
      expect(event.payload).toMatchObject({ chat_id: chatId, event: { type: "message", author_id: expect.any(String) } });
    }
    // Following again sends no second incoming_chat.
    await first.request("follow_chat", { id: chatId });
    await first.sync();
    expect(first.pushesOf("incoming_chat", chatId)).toHaveLength(1);
  });

  it("a follow ends when the thread closes and does not carry over to the next thread", async () => {
    const adam = await connect(world.adminToken);
    const { chatId } = start();
    await adam.request("follow_chat", { id: chatId });
    world.emulator.closeChat(chatId);
    const deactivated = await adam.waitForPush("chat_deactivated");
    expect(deactivated.payload).toMatchObject({ chat_id: chatId, user_id: expect.any(String) });
    expect((await adam.request("get_chat", { chat_id: chatId })).payload.is_followed).toBe(false);
    const before = adam.pushesAbout(chatId).length;
    world.emulator.sendCustomerMessage(chatId, "I'm back");
    await botSays(chatId, "Welcome back");
    await adam.sync();
    expect(adam.pushesAbout(chatId).slice(before)).toHaveLength(0);
    // Following the new thread works again.
    await adam.request("follow_chat", { id: chatId });
    const again = await adam.waitForPush("incoming_chat", (payload) => (payload.chat as { thread: { events: { text?: string }[] } }).thread.events.some((event) => event.text === "I'm back"));
    expect(again).toBeTruthy();
  });

  it("unfollow_chat stops the traffic and tells the agent's other connections (chat_unfollowed)", async () => {
    const first = await connect(world.adminToken);
    const second = await connect(world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID).access_token);
    const { chatId } = start();
    await first.request("follow_chat", { id: chatId });
    expect((await first.request("unfollow_chat", { id: chatId })).success).toBe(true);
    const unfollowed = await second.waitForPush("chat_unfollowed");
    expect(unfollowed.payload).toEqual({ chat_id: chatId });
    world.emulator.sendCustomerMessage(chatId, "hello again");
    await first.sync();
    await second.sync();
    expect(first.pushesOf("incoming_event", chatId)).toHaveLength(0);
    expect(first.pushesOf("chat_unfollowed")).toHaveLength(0);
  });

  it("login's pushes filter limits the push types", async () => {
    const filtered = await connect(world.adminToken, undefined, { pushes: { "3.6": ["incoming_chat"] } });
    const { chatId } = start();
    await filtered.request("follow_chat", { id: chatId });
    await filtered.waitForPush("incoming_chat");
    world.emulator.sendCustomerMessage(chatId, "filtered?");
    await filtered.sync();
    expect(filtered.pushesOf("incoming_event")).toHaveLength(0);
  });
});

describe("members", () => {
  it("a human member gets the chat and every event, and user_added / user_removed", async () => {
    world.emulator.setRoutingStatus(world.orgId, bot.id, "offline");
    const nora = await connect(agentToken(world, "nora@acme.example"));
    expect((await nora.request("set_routing_status", { status: "accepting_chats" })).success).toBe(true);
    const { chatId } = start();
    await nora.waitForPush("incoming_chat", (payload) => (payload.chat as { id: string }).id === chatId);
    world.emulator.sendCustomerMessage(chatId, "hi Nora");
    await nora.waitForPush("incoming_event", (payload) => (payload.event as { text?: string }).text === "hi Nora");
    world.emulator.agentJoinChat(chatId, "adam@acme.example", { mode: "join" });
    const added = await nora.waitForPush("user_added_to_chat");
    expect(added.payload).toMatchObject({ chat_id: chatId, reason: "manual", requester_id: "adam@acme.example", user: { id: "adam@acme.example", type: "agent" } });
    const typing = await nora.request("send_typing_indicator", { chat_id: chatId, is_typing: true });
    expect(typing.success).toBe(true);
    await nora.waitForPush("incoming_typing_indicator");
    await nora.request("remove_user_from_chat", { chat_id: chatId, user_id: "adam@acme.example", user_type: "agent" });
    const removed = await nora.waitForPush("user_removed_from_chat");
    expect(removed.payload).toMatchObject({ chat_id: chatId, user_id: "adam@acme.example", requester_id: "nora@acme.example" });
    const sent = await nora.request("send_event", { chat_id: chatId, event: { type: "message", text: "from RTM" } });
    expect(sent.payload.event_id).toBeTruthy();
    const echo = await nora.waitForPush("incoming_event", (payload) => (payload.event as { text?: string }).text === "from RTM");
    expect(echo.request_id).toBe(sent.request_id);
    expect((echo.payload.event as { author_id: string }).author_id).toBe("nora@acme.example");
  });
});
