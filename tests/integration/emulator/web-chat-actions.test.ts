// Agent Chat Web API chat actions (livechat-api.md 3.2, 3.4, 3.6, 3.7, "Tag Thread").
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_CLIENT_ID, organizationSeed } from "@/tests/emulator";
import { createBot, startWorld, type CreatedBot, type World } from "./support/fixtures";
import { callApi, errorType } from "./support/http";

let world: World;
let bot: CreatedBot;
beforeEach(async () => {
  world = await startWorld();
  bot = await createBot(world);
});
afterEach(async () => {
  await world.emulator.close();
});

const web = (action: string, token: string | null, payload: unknown = {}) => callApi(world.emulator, "agent", action, token, payload);
const startChat = (message = "Hi, where is my order?", groupId = 0) =>
  world.emulator.startChat({ organizationId: world.orgId, groupId, customer: { name: "Casey" }, message });

describe("send_event", () => {
  it("a bot token writes as the bot; custom_id is echoed in the stored event", async () => {
    const { chatId } = startChat();
    const result = await web("send_event", bot.token, { chat_id: chatId, event: { type: "message", text: "On its way!", custom_id: "rule-1:e1" } });
    expect(result.status).toBe(200);
    expect(result.body.event_id).toMatch(/_\d+$/);
    const chat = await web("get_chat", world.adminToken, { chat_id: chatId });
    const events = (chat.body.thread as { events: Record<string, unknown>[] }).events;
    expect(events.at(-1)).toMatchObject({ id: result.body.event_id, type: "message", text: "On its way!", author_id: bot.id, custom_id: "rule-1:e1", visibility: "all" });
    expect(String(events.at(-1)?.created_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it("refuses requesters that are not users of the chat (missing_access), even with chats--all:rw", async () => {
    const { chatId } = startChat();
    const result = await web("send_event", world.adminToken, { chat_id: chatId, event: { type: "message", text: "hello" } });
    expect(result.status).toBe(403);
    expect(errorType(result)).toBe("missing_access");
  });

  it("a bot whose groups no longer overlap the chat's cannot write (chats--access:rw)", async () => {
    world.emulator.setRoutingStatus(world.orgId, bot.id, "offline");
    const sales = await createBot(world, { name: "Sales bot", groups: [{ id: 1, priority: "first" }] });
    const { chatId } = startChat("price?", 1);
    expect(world.emulator.getTranscript(chatId).agents.map((agent) => agent.id)).toEqual([sales.id]);
    await callApi(world.emulator, "configuration", "update_bot", world.adminToken, { id: sales.id, groups: [] });
    const result = await web("send_event", sales.token, { chat_id: chatId, event: { type: "message", text: "hi" } });
    expect(errorType(result)).toBe("missing_access");
  });

  it("limits text to 16 KB of UTF-8 and validates the event", async () => {
    const { chatId } = startChat();
    expect((await web("send_event", bot.token, { chat_id: chatId, event: { type: "message", text: "a".repeat(16 * 1024) } })).status).toBe(200);
    const tooLong = await web("send_event", bot.token, { chat_id: chatId, event: { type: "message", text: "é".repeat(8 * 1024 + 1) } });
    expect(errorType(tooLong)).toBe("validation");
    expect(errorType(await web("send_event", bot.token, { chat_id: chatId, event: { type: "message" } }))).toBe("validation");
    expect(errorType(await web("send_event", bot.token, { chat_id: chatId, event: { type: "file", url: "https://x" } }))).toBe("validation");
    expect(errorType(await web("send_event", bot.token, { chat_id: chatId, author_id: bot.id, event: { type: "message", text: "x" } }))).toBe("validation");
    expect(errorType(await web("send_event", bot.token, { chat_id: "NOPE", event: { type: "message", text: "x" } }))).toBe("not_found");
  });

  it("sends rich messages and agents-only events", async () => {
    const { chatId } = startChat();
    const rich = await web("send_event", bot.token, {
      chat_id: chatId,
      event: {
        type: "rich_message",
        template_id: "quick_replies",
        elements: [{ title: "Did that help?", buttons: [{ text: "Yes", type: "message", value: "Yes", postback_id: "yes", user_ids: [] }] }],
      },
    });
    expect(rich.status).toBe(200);
    const note = await web("send_event", bot.token, { chat_id: chatId, event: { type: "message", text: "internal", visibility: "agents" } });
    expect(note.status).toBe(200);
    const transcript = world.emulator.getTranscript(chatId);
    expect(transcript.events.at(-1)).toMatchObject({ visibility: "agents", authorType: "bot" });
  });

  it("answers chat_inactive once the thread is closed", async () => {
    const { chatId } = startChat();
    world.emulator.closeChat(chatId);
    const result = await web("send_event", bot.token, { chat_id: chatId, event: { type: "message", text: "late" } });
    expect(result.status).toBe(409);
    expect(errorType(result)).toBe("chat_inactive");
  });
});

describe("list_chats, get_chat, list_threads", () => {
  it("list_chats returns chat summaries with is_followed and last events", async () => {
    const { chatId } = startChat("first words");
    const result = await web("list_chats", world.adminToken, {});
    expect(result.body.found_chats).toBe(1);
    const [summary] = result.body.chats_summary as Record<string, unknown>[];
    expect(summary).toMatchObject({ id: chatId, is_followed: false, access: { group_ids: [0] } });
    expect(summary?.last_thread_summary).toMatchObject({ active: true, user_ids: expect.arrayContaining([bot.id]) });
    expect((summary?.last_event_per_type as Record<string, { event: { text?: string } }>).message?.event.text).toBe("first words");
    expect((summary?.users as { type: string }[]).map((user) => user.type).sort()).toEqual(["agent", "customer"]);
  });

  it("filters by active, paginates with page_id and refuses page_id with filters", async () => {
    const ids = [startChat().chatId, startChat().chatId, startChat().chatId];
    world.emulator.closeChat(ids[0] ?? "");
    const active = await web("list_chats", world.adminToken, { filters: { active: true } });
    expect((active.body.chats_summary as { id: string }[]).map((chat) => chat.id).sort()).toEqual([ids[1], ids[2]].sort());
    const inactive = await web("list_chats", world.adminToken, { filters: { active: false } });
    expect((inactive.body.chats_summary as { id: string }[]).map((chat) => chat.id)).toEqual([ids[0]]);
    const first = await web("list_chats", world.adminToken, { limit: 2 });
    expect(first.body.chats_summary).toHaveLength(2);
    expect(first.body.previous_page_id).toBeUndefined();
    const second = await web("list_chats", world.adminToken, { page_id: first.body.next_page_id });
    expect(second.body.chats_summary).toHaveLength(1);
    expect(second.body.next_page_id).toBeUndefined();
    expect(typeof second.body.previous_page_id).toBe("string");
    const all = [...(first.body.chats_summary as { id: string }[]), ...(second.body.chats_summary as { id: string }[])].map((chat) => chat.id);
    expect(all).toEqual([...ids].reverse());
    expect(errorType(await web("list_chats", world.adminToken, { page_id: first.body.next_page_id, filters: { active: true } }))).toBe("validation");
    expect(errorType(await web("list_chats", world.adminToken, { limit: 101 }))).toBe("validation");
  });

  it("list_chats with chats--access shows only chats of the requester's groups", async () => {
    world.emulator.setRoutingStatus(world.orgId, bot.id, "offline");
    const salesBot = await createBot(world, { name: "Sales", groups: [{ id: 1, priority: "first" }] });
    startChat("general", 0);
    const sales = startChat("sales", 1);
    const seen = await web("list_chats", salesBot.token, {});
    // Group 0 chats are visible to everyone (2.7); the sales chat is the bot's own group.
    expect((seen.body.chats_summary as { id: string }[]).map((chat) => chat.id)).toContain(sales.chatId);
    const noChats = world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID, { scopes: ["accounts--my:ro"] }).access_token;
    expect(errorType(await web("list_chats", noChats, {}))).toBe("authorization");
  });

  it("get_chat returns one thread (latest or by id); unknown chats are not_found", async () => {
    const { chatId, threadId } = startChat();
    world.emulator.closeChat(chatId);
    world.emulator.sendCustomerMessage(chatId, "me again");
    const latest = await web("get_chat", world.adminToken, { chat_id: chatId });
    expect(latest.body).toMatchObject({ id: chatId, is_followed: false, access: { group_ids: [0] } });
    expect((latest.body.thread as { id: string; previous_thread_id: string }).previous_thread_id).toBe(threadId);
    const older = await web("get_chat", world.adminToken, { chat_id: chatId, thread_id: threadId });
    expect(older.body.thread).toMatchObject({ id: threadId, active: false });
    expect(errorType(await web("get_chat", world.adminToken, { chat_id: chatId, thread_id: "NOPE" }))).toBe("not_found");
    expect((await web("get_chat", world.adminToken, { chat_id: "NOPE" })).status).toBe(404);
  });

  it("list_threads pages threads newest first and honours min_events_count", async () => {
    const { chatId } = startChat("one");
    for (let i = 0; i < 3; i += 1) {
      world.emulator.closeChat(chatId);
      world.emulator.sendCustomerMessage(chatId, `again ${i}`);
    }
    const page = await web("list_threads", world.adminToken, { chat_id: chatId });
    expect(page.body.found_threads).toBe(4);
    expect(page.body.threads).toHaveLength(3);
    expect((page.body.threads as { active: boolean }[])[0]?.active).toBe(true);
    const rest = await web("list_threads", world.adminToken, { chat_id: chatId, page_id: page.body.next_page_id });
    expect(rest.body.threads).toHaveLength(1);
    const minimal = await web("list_threads", world.adminToken, { chat_id: chatId, min_events_count: 2 });
    expect(minimal.body.threads).toHaveLength(1);
    expect(errorType(await web("list_threads", world.adminToken, { chat_id: chatId, min_events_count: 2, limit: 1 }))).toBe("validation");
  });
});

describe("follow_chat, unfollow_chat", () => {
  it("sets is_followed; members cannot unfollow", async () => {
    const { chatId } = startChat();
    expect((await web("follow_chat", world.adminToken, { id: chatId })).status).toBe(200);
    expect((await web("get_chat", world.adminToken, { chat_id: chatId })).body.is_followed).toBe(true);
    expect((await web("unfollow_chat", world.adminToken, { id: chatId })).status).toBe(200);
    expect((await web("get_chat", world.adminToken, { chat_id: chatId })).body.is_followed).toBe(false);
    expect(errorType(await web("unfollow_chat", bot.token, { id: chatId }))).toBe("validation");
  });
});

describe("tags, typing, deactivation, users", () => {
  it("tag_thread / untag_thread change the thread's tags", async () => {
    const { chatId, threadId } = startChat();
    expect((await web("tag_thread", bot.token, { chat_id: chatId, thread_id: threadId, tag: "orders" })).status).toBe(200);
    expect(((await web("get_chat", world.adminToken, { chat_id: chatId })).body.thread as { tags: string[] }).tags).toEqual(["orders"]);
    await web("untag_thread", bot.token, { chat_id: chatId, thread_id: threadId, tag: "orders" });
    expect(((await web("get_chat", world.adminToken, { chat_id: chatId })).body.thread as { tags: string[] }).tags).toEqual([]);
    expect(errorType(await web("tag_thread", bot.token, { chat_id: chatId, thread_id: "NOPE", tag: "x" }))).toBe("not_found");
    expect(errorType(await web("tag_thread", bot.token, { chat_id: chatId, thread_id: threadId }))).toBe("validation");
  });

  it("an organization with a tag list refuses unknown tags", async () => {
    const tagged = organizationSeed("Tagged Inc", { tags: ["vip"], agents: [{ name: "Tia", email: "tia@tagged.example", role: "owner" }] });
    world.emulator.seed({ organizations: [tagged] });
    const token = world.emulator.issueTokensFor("tia@tagged.example", DEMO_CLIENT_ID).access_token;
    const created = await callApi<{ id: string; secret: string }>(world.emulator, "configuration", "create_bot", token, { name: "T", groups: [{ id: 0, priority: "first" }] });
    const issued = await callApi<{ token: string }>(world.emulator, "configuration", "issue_bot_token", token, {
      bot_id: created.body.id,
      client_id: DEMO_CLIENT_ID,
      bot_secret: created.body.secret,
      organization_id: tagged.id,
    });
    await web("set_routing_status", issued.body.token, { status: "accepting_chats" });
    const { chatId, threadId } = world.emulator.startChat({ organizationId: tagged.id, message: "hi" });
    expect(errorType(await web("tag_thread", issued.body.token, { chat_id: chatId, thread_id: threadId, tag: "Vip" }))).toBe("not_found");
    expect((await web("tag_thread", issued.body.token, { chat_id: chatId, thread_id: threadId, tag: "vip" })).status).toBe(200);
    expect(errorType(await web("get_chat", world.adminToken, { chat_id: chatId }))).toBe("not_found");
  });

  it("send_typing_indicator is for chat users", async () => {
    const { chatId } = startChat();
    expect((await web("send_typing_indicator", bot.token, { chat_id: chatId, is_typing: true })).status).toBe(200);
    expect(errorType(await web("send_typing_indicator", world.adminToken, { chat_id: chatId, is_typing: true }))).toBe("missing_access");
  });

  it("deactivate_chat needs presence unless ignore_requester_presence", async () => {
    const { chatId } = startChat();
    expect(errorType(await web("deactivate_chat", world.adminToken, { id: chatId }))).toBe("missing_access");
    expect((await web("deactivate_chat", world.adminToken, { id: chatId, ignore_requester_presence: true })).status).toBe(200);
    expect(world.emulator.getTranscript(chatId).active).toBe(false);
    expect(errorType(await web("deactivate_chat", bot.token, { id: chatId }))).toBe("chat_inactive");
  });

  it("add_user_to_chat and remove_user_from_chat", async () => {
    const { chatId } = startChat();
    const add = { chat_id: chatId, user_id: "adam@acme.example", user_type: "agent", visibility: "agents" };
    expect(errorType(await web("add_user_to_chat", world.adminToken, add))).toBe("missing_access");
    expect((await web("add_user_to_chat", world.adminToken, { ...add, ignore_requester_presence: true })).status).toBe(200);
    expect(world.emulator.getChat(chatId).users.map((user) => user.id)).toContain("adam@acme.example");
    // An agents-only user cannot write events visible to the customer.
    expect(errorType(await web("send_event", world.adminToken, { chat_id: chatId, event: { type: "message", text: "hi" } }))).toBe("validation");
    expect((await web("send_event", world.adminToken, { chat_id: chatId, event: { type: "message", text: "note", visibility: "agents" } })).status).toBe(200);
    expect(errorType(await web("add_user_to_chat", world.adminToken, { ...add, ignore_requester_presence: true }))).toBe("validation");
    expect(errorType(await web("remove_user_from_chat", world.adminToken, { chat_id: chatId, user_id: "x", user_type: "customer" }))).toBe("validation");
    expect((await web("remove_user_from_chat", world.adminToken, { chat_id: chatId, user_id: "adam@acme.example", user_type: "agent" })).status).toBe(200);
    expect(world.emulator.getChat(chatId).users.map((user) => user.id)).not.toContain("adam@acme.example");
  });
});

describe("authentication", () => {
  it("unknown and expired tokens are authentication errors (401)", async () => {
    expect((await web("list_chats", "dal:nope", {})).status).toBe(401);
    const short = world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID, { ttlSec: 5 }).access_token;
    expect((await web("list_chats", short, {})).status).toBe(200);
    world.emulator.advanceClock(6);
    const expired = await web("list_chats", short, {});
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ error: { type: "authentication", message: "Invalid access token" } });
  });
});
