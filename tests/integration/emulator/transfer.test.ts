// transfer_chat (livechat-api.md 3.5) and the human take-over of the control API.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { agentToken, connectAs, createBot, startWorld, type CreatedBot, type World } from "./support/fixtures";
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

const start = () => world.emulator.startChat({ organizationId: world.orgId, groupId: 0, customer: { name: "Casey" }, message: "I want a human" });
const transfer = (token: string, payload: Record<string, unknown>) => callApi(world.emulator, "agent", "transfer_chat", token, payload);
const agentsOf = (chatId: string) => world.emulator.getTranscript(chatId).agents.map((agent) => agent.id);

describe("transfer_chat", () => {
  it("to a group: the bot leaves and an accepting agent of that group gets the chat with transferred_from", async () => {
    const adam = await connectAs(world, world.adminToken);
    world.emulator.setRoutingStatus(world.orgId, "adam@acme.example", "accepting_chats");
    const { chatId } = start();
    const result = await transfer(bot.token, { id: chatId, target: { type: "group", ids: [1] } });
    expect(result.status).toBe(200);
    expect(agentsOf(chatId)).toEqual(["adam@acme.example"]);
    expect(world.emulator.getChat(chatId).accessGroupIds).toEqual([1]);
    const incoming = await adam.waitForPush("incoming_chat", (payload) => (payload.chat as { id: string }).id === chatId);
    expect(incoming.payload).toMatchObject({ requester_id: bot.id, transferred_from: { group_ids: [0], agent_ids: [bot.id] } });
    const transferred = await adam.waitForPush("chat_transferred");
    expect(transferred.payload).toMatchObject({ chat_id: chatId, requester_id: bot.id, reason: "manual", transferred_to: { group_ids: [1], agent_ids: ["adam@acme.example"] } });
    expect(errorType(await callApi(world.emulator, "agent", "send_event", bot.token, { chat_id: chatId, event: { type: "message", text: "still here?" } }))).toBe("missing_access");
    adam.close();
  });

  it("fails with agent_offline when nobody can take it, or queues it with ignore_agents_availability", async () => {
    const { chatId } = start();
    const refused = await transfer(bot.token, { id: chatId, target: { type: "group", ids: [1] } });
    expect(errorType(refused)).toBe("agent_offline");
    expect(agentsOf(chatId)).toEqual([bot.id]);
    const queued = await transfer(bot.token, { id: chatId, target: { type: "group", ids: [1] }, ignore_agents_availability: true });
    expect(queued.status).toBe(200);
    expect(agentsOf(chatId)).toEqual([]);
    expect(world.emulator.getTranscript(chatId).queued).toBe(true);
    const thread = (await callApi(world.emulator, "agent", "get_chat", world.adminToken, { chat_id: chatId })).body.thread as { queue?: { position: number } };
    expect(thread.queue?.position).toBe(1);
  });

  it("to a named agent, and re-routing without a target", async () => {
    const { chatId } = start();
    const toAgent = await transfer(bot.token, { id: chatId, target: { type: "agent", ids: ["nora@acme.example"] }, ignore_agents_availability: true });
    expect(toAgent.status).toBe(200);
    expect(agentsOf(chatId)).toEqual(["nora@acme.example"]);
    const other = await createBot(world, { name: "Other" });
    const reroute = await transfer(world.adminToken, { id: chatId, ignore_requester_presence: true });
    expect(reroute.status).toBe(200);
    expect([bot.id, other.id]).toContain(agentsOf(chatId)[0]);
  });

  it("checks presence, activity, groups and targets", async () => {
    const { chatId } = start();
    expect(errorType(await transfer(world.adminToken, { id: chatId, target: { type: "group", ids: [1] } }))).toBe("missing_access");
    expect(errorType(await transfer(bot.token, { id: chatId, target: { type: "group", ids: [9] } }))).toBe("group_not_found");
    expect(errorType(await transfer(bot.token, { id: chatId, target: { type: "agent", ids: ["ghost@acme.example"] } }))).toBe("not_found");
    expect(errorType(await transfer(bot.token, { id: chatId, target: { type: "agent", ids: ["nora@acme.example"] } }))).toBe("agent_offline");
    world.emulator.closeChat(chatId);
    expect(errorType(await transfer(bot.token, { id: chatId, target: { type: "group", ids: [1] } }))).toBe("chat_inactive");
  });
});

describe("control: a human takes over", () => {
  it("agentJoinChat moves the chat from the bot to the agent; agentSendMessage writes as the agent", async () => {
    const noraSocket = await connectAs(world, agentToken(world, "nora@acme.example"));
    const { chatId } = start();
    world.emulator.agentJoinChat(chatId, "nora@acme.example");
    expect(agentsOf(chatId)).toEqual(["nora@acme.example"]);
    await noraSocket.waitForPush("incoming_chat", (payload) => (payload.chat as { id: string }).id === chatId);
    const sent = world.emulator.agentSendMessage(chatId, "nora@acme.example", "Hi, Nora here");
    const event = await noraSocket.waitForPush("incoming_event", (payload) => (payload.event as { id: string }).id === sent.eventId);
    expect(event.payload.event).toMatchObject({ author_id: "nora@acme.example", text: "Hi, Nora here" });
    world.emulator.agentJoinChat(chatId, "adam@acme.example", { mode: "join" });
    expect(agentsOf(chatId).sort()).toEqual(["adam@acme.example", "nora@acme.example"]);
    noraSocket.close();
  });
});
