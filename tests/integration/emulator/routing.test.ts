// Chat routing: bots by priority, then humans, then the queue; new threads are routed again.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { agentToken, connectAs, createBot, startWorld, type World } from "./support/fixtures";
import { callApi, errorType } from "./support/http";

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.emulator.close();
});

const start = (groupId = 0, message = "hello") => world.emulator.startChat({ organizationId: world.orgId, groupId, customer: { name: "Casey" }, message });
const agentsOf = (chatId: string) => world.emulator.getTranscript(chatId).agents.map((agent) => agent.id);

describe("routing a new chat", () => {
  it("prefers accepting bots by priority first → normal → last and never supervisor", async () => {
    const supervisor = await createBot(world, { name: "Supervisor", groups: [{ id: 0, priority: "supervisor" }] });
    const last = await createBot(world, { name: "Last", groups: [{ id: 0, priority: "last" }] });
    const normal = await createBot(world, { name: "Normal", groups: [{ id: 0, priority: "normal" }] });
    const first = await createBot(world, { name: "First", groups: [{ id: 0, priority: "first" }], maxChatsCount: 1 });
    expect(agentsOf(start().chatId)).toEqual([first.id]);
    expect(agentsOf(start().chatId)).toEqual([normal.id]);
    world.emulator.setRoutingStatus(world.orgId, normal.id, "not_accepting_chats");
    expect(agentsOf(start().chatId)).toEqual([last.id]);
    world.emulator.setRoutingStatus(world.orgId, last.id, "offline");
    const queued = start();
    expect(agentsOf(queued.chatId)).toEqual([]);
    expect(agentsOf(queued.chatId)).not.toContain(supervisor.id);
    expect(world.emulator.getTranscript(queued.chatId).queued).toBe(true);
  });

  it("new bots are offline and get nothing until they accept chats", async () => {
    const bot = await createBot(world, { accepting: false });
    const { chatId } = start();
    expect(world.emulator.getTranscript(chatId).queued).toBe(true);
    const statuses = await callApi<{ agent_id: string; status: string }[]>(world.emulator, "agent", "list_routing_statuses", world.adminToken, {});
    expect(statuses.body).toContainEqual({ agent_id: bot.id, status: "offline" });
  });

  it("respects max_chats_count and only routes to bots of the chat's group", async () => {
    const general = await createBot(world, { name: "General", groups: [{ id: 0, priority: "first" }], maxChatsCount: 1 });
    const sales = await createBot(world, { name: "Sales", groups: [{ id: 1, priority: "first" }] });
    expect(agentsOf(start(0).chatId)).toEqual([general.id]);
    expect(world.emulator.getTranscript(start(0).chatId).queued).toBe(true);
    expect(agentsOf(start(1).chatId)).toEqual([sales.id]);
  });

  it("falls back to an accepting human agent of the group, and bots go before humans", async () => {
    const nora = await connectAs(world, agentToken(world, "nora@acme.example"));
    const set = await nora.request("set_routing_status", { status: "accepting_chats" });
    expect(set.success).toBe(true);
    const { chatId } = start();
    expect(agentsOf(chatId)).toEqual(["nora@acme.example"]);
    const incoming = await nora.waitForPush("incoming_chat", (payload) => (payload.chat as { id: string }).id === chatId);
    expect((incoming.payload.chat as { thread: { events: { text?: string }[] } }).thread.events[0]?.text).toBe("hello");
    const bot = await createBot(world);
    expect(agentsOf(start().chatId)).toEqual([bot.id]);
    nora.close();
  });

  it("assigns queued chats (oldest first) when a bot starts accepting", async () => {
    const bot = await createBot(world, { accepting: false, maxChatsCount: 1 });
    const older = start();
    const newer = start();
    const accept = await callApi(world.emulator, "agent", "set_routing_status", bot.token, { status: "accepting_chats" });
    expect(accept.status).toBe(200);
    expect(agentsOf(older.chatId)).toEqual([bot.id]);
    expect(world.emulator.getTranscript(newer.chatId).queued).toBe(true);
    world.emulator.closeChat(older.chatId);
    expect(agentsOf(newer.chatId)).toEqual([bot.id]);
  });

  it("a closed chat reopened by the customer gets a new thread that is routed again", async () => {
    const first = await createBot(world, { name: "First" });
    const { chatId, threadId } = start();
    world.emulator.closeChat(chatId);
    expect(agentsOf(chatId)).toEqual([]);
    world.emulator.setRoutingStatus(world.orgId, first.id, "offline");
    const second = await createBot(world, { name: "Second" });
    const reopened = world.emulator.sendCustomerMessage(chatId, "me again");
    expect(reopened.threadId).not.toBe(threadId);
    expect(agentsOf(chatId)).toEqual([second.id]);
    const snapshot = world.emulator.getChat(chatId);
    expect(snapshot.threads.map((thread) => thread.id)).toEqual([threadId, reopened.threadId]);
    expect(snapshot.threads[1]).toMatchObject({ active: true, previous_thread_id: threadId });
  });
});

describe("set_routing_status / list_routing_statuses", () => {
  it("a bot token sets its own status; admins set their client's bots; other clients' bots need agents-bot--all:rw", async () => {
    const bot = await createBot(world, { accepting: false });
    expect((await callApi(world.emulator, "agent", "set_routing_status", world.adminToken, { agent_id: bot.id, status: "not_accepting_chats" })).status).toBe(200);
    expect(world.emulator.bots(world.orgId)[0]?.routingStatus).toBe("not_accepting_chats");
    const otherClient = world.emulator.issueTokensFor("adam@acme.example", "5e9a1c7b3d2f4a6e8c0b1d3f5a7c9e2b", { scopes: ["agents-bot--my:rw"] });
    expect((await callApi(world.emulator, "agent", "set_routing_status", otherClient.access_token, { agent_id: bot.id, status: "offline" })).status).toBe(200);
    const noBotScope = world.emulator.issueTokensFor("adam@acme.example", "5e9a1c7b3d2f4a6e8c0b1d3f5a7c9e2b", { scopes: ["chats--all:rw"] });
    expect(errorType(await callApi(world.emulator, "agent", "set_routing_status", noBotScope.access_token, { agent_id: bot.id, status: "offline" }))).toBe("authorization");
    expect(errorType(await callApi(world.emulator, "agent", "set_routing_status", bot.token, { status: "busy" }))).toBe("validation");
  });

  it("a human needs a session and cannot be offline by request", async () => {
    const token = agentToken(world, "nora@acme.example");
    const noSession = await callApi(world.emulator, "agent", "set_routing_status", token, { status: "accepting_chats" });
    expect(errorType(noSession)).toBe("agent_offline");
    const socket = await connectAs(world, token);
    expect((await callApi(world.emulator, "agent", "set_routing_status", token, { status: "accepting_chats" })).status).toBe(200);
    expect(errorType(await callApi(world.emulator, "agent", "set_routing_status", token, { status: "offline" }))).toBe("validation");
    expect(errorType(await callApi(world.emulator, "agent", "set_routing_status", token, { agent_id: "adam@acme.example", status: "accepting_chats" }))).toBe("authorization");
    expect(errorType(await callApi(world.emulator, "agent", "set_routing_status", token, { agent_id: "ghost@acme.example", status: "accepting_chats" }))).toBe("not_found");
    const noraStatus = async () => {
      const all = await callApi<{ agent_id: string; status: string }[]>(world.emulator, "agent", "list_routing_statuses", world.adminToken, {});
      return all.body.find((entry) => entry.agent_id === "nora@acme.example")?.status;
    };
    expect(await noraStatus()).toBe("accepting_chats");
    // The status holds for the session only (3.3): the last socket closing makes the agent offline.
    socket.close();
    await socket.closed;
    await expect.poll(noraStatus).toBe("offline");
  });

  it("list_routing_statuses needs agents--all:ro and agents-bot--all:ro and filters by group", async () => {
    const sales = await createBot(world, { name: "Sales", groups: [{ id: 1, priority: "normal" }] });
    const result = await callApi<{ agent_id: string; status: string }[]>(world.emulator, "agent", "list_routing_statuses", world.adminToken, { filters: { group_ids: [1] } });
    expect(result.body).toEqual([
      { agent_id: "olivia@acme.example", status: "offline" },
      { agent_id: "adam@acme.example", status: "offline" },
      { agent_id: sales.id, status: "accepting_chats" },
    ]);
    const partial = world.emulator.issueTokensFor("adam@acme.example", "5e9a1c7b3d2f4a6e8c0b1d3f5a7c9e2b", { scopes: ["agents--all:ro"] });
    expect(errorType(await callApi(world.emulator, "agent", "list_routing_statuses", partial.access_token, {}))).toBe("authorization");
  });
});
