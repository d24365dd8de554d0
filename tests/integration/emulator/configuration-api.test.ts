// Configuration API v3.6: bots, groups, agents (livechat-api.md 2).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_CLIENT_ID } from "@/tests/emulator";
import { agentClient, createBot, startWorld, type World } from "./support/fixtures";
import { callApi, errorType } from "./support/http";

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.emulator.close();
});

const config = (action: string, token: string | null, payload: unknown = {}, headers: Record<string, string> = {}) =>
  callApi(world.emulator, "configuration", action, token, payload, headers);

describe("create_bot", () => {
  it("returns a 32-hex id and a secret; the bot starts offline", async () => {
    const result = await config("create_bot", world.adminToken, { name: "Order Helper", groups: [{ id: 0, priority: "first" }], max_chats_count: 50 });
    expect(result.status).toBe(200);
    expect(result.body.id).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof result.body.secret).toBe("string");
    expect(world.emulator.bots(world.orgId)[0]).toMatchObject({ routingStatus: "offline", ownerClientId: DEMO_CLIENT_ID, maxChatsCount: 50 });
  });

  it.each([
    [{}, "`name` is required"],
    [{ name: "X", max_chats_count: 501 }, "`max_chats_count`"],
    [{ name: "X", groups: [{ id: 0, priority: "boss" }] }, "`groups[0].priority`"],
    [{ name: "X", groups: [{ id: 0 }] }, "`groups[0].priority` is required"],
    [{ name: "X", timezone: "Europe/Berlin" }, "Unknown parameter `timezone`"],
    [{ name: "X", work_scheduler: { schedule: [] } }, "`work_scheduler.timezone` is required"],
  ])("validates %o", async (payload, message) => {
    const result = await config("create_bot", world.adminToken, payload);
    expect(result.status).toBe(400);
    expect(errorType(result)).toBe("validation");
    expect((result.body.error as { message: string }).message).toContain(message);
  });

  it("refuses unknown groups with group_not_found", async () => {
    const result = await config("create_bot", world.adminToken, { name: "X", groups: [{ id: 7, priority: "normal" }] });
    expect(result.status).toBe(404);
    expect(errorType(result)).toBe("group_not_found");
  });

  it("needs agents-bot--my:rw (authorization) and a valid token (authentication)", async () => {
    const readOnly = world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID, { scopes: ["agents-bot--my:ro"] }).access_token;
    const refused = await config("create_bot", readOnly, { name: "X" });
    expect(refused.status).toBe(403);
    expect(errorType(refused)).toBe("authorization");
    const anonymous = await config("create_bot", null, { name: "X" });
    expect(anonymous.status).toBe(401);
    expect(errorType(anonymous)).toBe("authentication");
    expect(errorType(await config("create_bot", "dal:bogus", { name: "X" }))).toBe("authentication");
  });

  it("owner_client_id overrides the owning client and must name a known client", async () => {
    const created = await config("create_bot", world.adminToken, { name: "X", owner_client_id: agentClient.clientId });
    expect(world.emulator.bots().find((bot) => bot.id === created.body.id)?.ownerClientId).toBe(agentClient.clientId);
    expect(errorType(await config("create_bot", world.adminToken, { name: "X", owner_client_id: "nope" }))).toBe("validation");
  });
});

describe("list_bots, get_bot", () => {
  it("lists the client's own bots by default and every bot with all: true; fields add data", async () => {
    const mine = await createBot(world, { name: "Mine", accepting: false });
    await config("create_bot", world.adminToken, { name: "Theirs", owner_client_id: agentClient.clientId });
    const own = await callApi<Record<string, unknown>[]>(world.emulator, "configuration", "list_bots", world.adminToken, {});
    expect(own.body).toEqual([{ id: mine.id, name: "Mine", avatar_path: "" }]);
    const all = await callApi<Record<string, unknown>[]>(world.emulator, "configuration", "list_bots", world.adminToken, { all: true, fields: ["groups", "max_chats_count"] });
    expect(all.body.map((bot) => bot.name).sort()).toEqual(["Mine", "Theirs"]);
    expect(all.body.find((bot) => bot.name === "Mine")).toMatchObject({ groups: [{ id: 0, priority: "first" }], max_chats_count: 6 });
    expect(errorType(await config("list_bots", world.adminToken, { fields: ["secret"] }))).toBe("validation");
  });

  it("get_bot returns the documented fields; unknown ids are not_found", async () => {
    const bot = await createBot(world, { accepting: false });
    const result = await config("get_bot", world.adminToken, { id: bot.id, fields: ["groups", "job_title"] });
    expect(result.body).toMatchObject({ id: bot.id, name: "Helper", default_group_priority: "normal", owner_client_id: DEMO_CLIENT_ID, groups: [{ id: 0, priority: "first" }] });
    expect(result.body.secret).toBeUndefined();
    const missing = await config("get_bot", world.adminToken, { id: "0".repeat(32) });
    expect(missing.status).toBe(404);
    expect(errorType(missing)).toBe("not_found");
  });
});

describe("update_bot, delete_bot", () => {
  it("updates own bots, replacing groups", async () => {
    const bot = await createBot(world, { accepting: false });
    const result = await config("update_bot", world.adminToken, { id: bot.id, name: "Renamed", groups: [{ id: 1, priority: "last" }], max_chats_count: 500 });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({});
    expect(world.emulator.bots(world.orgId)[0]).toMatchObject({ name: "Renamed", groups: [{ id: 1, priority: "last" }], maxChatsCount: 500 });
    expect(errorType(await config("update_bot", world.adminToken, { id: bot.id, max_chats_count: 501 }))).toBe("validation");
    expect(errorType(await config("update_bot", world.adminToken, { id: bot.id, groups: [{ id: 9, priority: "normal" }] }))).toBe("group_not_found");
  });

  it("another client's bot needs agents-bot--all:rw (authorization otherwise)", async () => {
    const theirs = await config("create_bot", world.adminToken, { name: "Theirs", owner_client_id: agentClient.clientId });
    const id = String(theirs.body.id);
    const limited = world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID, { scopes: ["agents-bot--my:rw"] }).access_token;
    for (const action of ["update_bot", "delete_bot"]) {
      const refused = await config(action, limited, { id, ...(action === "update_bot" ? { name: "Hijacked" } : {}) });
      expect(refused.status).toBe(403);
      expect(errorType(refused)).toBe("authorization");
    }
    expect(errorType(await config("get_bot", limited, { id }))).toBe("authorization");
    expect((await config("update_bot", world.adminToken, { id, name: "Allowed" })).status).toBe(200);
  });

  it("delete_bot removes the bot; a second delete is not_found", async () => {
    const bot = await createBot(world, { accepting: false });
    expect((await config("delete_bot", world.adminToken, { id: bot.id })).status).toBe(200);
    expect(world.emulator.bots(world.orgId)).toHaveLength(0);
    expect(errorType(await config("delete_bot", world.adminToken, { id: bot.id }))).toBe("not_found");
  });
});

describe("reset_bot_secret, issue_bot_token", () => {
  it("issues a bot token for the owning client with the current secret", async () => {
    const bot = await createBot(world, { accepting: false });
    const issued = await config("issue_bot_token", world.adminToken, { bot_id: bot.id, client_id: DEMO_CLIENT_ID, bot_secret: bot.secret, organization_id: world.orgId });
    expect(issued.status).toBe(200);
    expect(Object.keys(issued.body)).toEqual(["token"]);
    expect(String(issued.body.token).split(".")).toHaveLength(3);
  });

  it("refuses a missing header, a wrong secret, a wrong client and a wrong organization", async () => {
    const bot = await createBot(world, { accepting: false });
    const good = { bot_id: bot.id, client_id: DEMO_CLIENT_ID, bot_secret: bot.secret, organization_id: world.orgId };
    expect(errorType(await config("issue_bot_token", null, good))).toBe("authentication");
    expect(errorType(await config("issue_bot_token", world.adminToken, { ...good, bot_secret: "wrong" }))).toBe("authorization");
    expect(errorType(await config("issue_bot_token", world.adminToken, { ...good, client_id: agentClient.clientId }))).toBe("authorization");
    expect(errorType(await config("issue_bot_token", world.adminToken, { ...good, organization_id: "5b0e7c3a-2d41-4f8e-9a6b-1c2d3e4f5a6b" }))).toBe("authorization");
    expect(errorType(await config("issue_bot_token", world.adminToken, { ...good, bot_id: "f".repeat(32) }))).toBe("not_found");
    expect(errorType(await config("issue_bot_token", world.adminToken, { bot_id: bot.id }))).toBe("validation");
    const gina = world.emulator.issueTokensFor("gina@globex.example", DEMO_CLIENT_ID).access_token;
    expect(errorType(await config("issue_bot_token", gina, good))).toBe("authorization");
  });

  it("after reset_bot_secret the old secret stops working but issued bot tokens stay valid", async () => {
    const bot = await createBot(world, { accepting: false });
    const reset = await config("reset_bot_secret", world.adminToken, { id: bot.id });
    expect(Object.keys(reset.body)).toEqual(["secret"]);
    expect(reset.body.secret).not.toBe(bot.secret);
    const old = await config("issue_bot_token", world.adminToken, { bot_id: bot.id, client_id: DEMO_CLIENT_ID, bot_secret: bot.secret, organization_id: world.orgId });
    expect(errorType(old)).toBe("authorization");
    const fresh = await config("issue_bot_token", world.adminToken, { bot_id: bot.id, client_id: DEMO_CLIENT_ID, bot_secret: String(reset.body.secret), organization_id: world.orgId });
    expect(fresh.status).toBe(200);
    const stillValid = await callApi(world.emulator, "agent", "set_routing_status", bot.token, { status: "accepting_chats" });
    expect(stillValid.status).toBe(200);
  });

  it("bot tokens expire after botTokenTtlSec and cannot call the Configuration API", async () => {
    const bot = await createBot(world, { accepting: false });
    expect(errorType(await config("list_bots", bot.token, {}))).toBe("authorization");
    world.emulator.advanceClock(86_401);
    const expired = await callApi(world.emulator, "agent", "set_routing_status", bot.token, { status: "accepting_chats" });
    expect(expired.status).toBe(401);
    expect(errorType(expired)).toBe("authentication");
  });

  it("reset_bot_secret is for the owning client only", async () => {
    const theirs = await config("create_bot", world.adminToken, { name: "Theirs", owner_client_id: agentClient.clientId });
    expect(errorType(await config("reset_bot_secret", world.adminToken, { id: String(theirs.body.id) }))).toBe("authorization");
    expect(errorType(await config("reset_bot_secret", world.adminToken, { id: "a".repeat(32) }))).toBe("not_found");
  });
});

describe("list_groups, list_agents, get_agent", () => {
  it("lists groups with optional agent priorities and routing status", async () => {
    const plain = await callApi<unknown[]>(world.emulator, "configuration", "list_groups", world.adminToken, {});
    expect(plain.body).toEqual([
      { id: 0, name: "General", language_code: "en" },
      { id: 1, name: "Sales", language_code: "en" },
    ]);
    const detailed = await callApi<Record<string, unknown>[]>(world.emulator, "configuration", "list_groups", world.adminToken, { fields: ["agent_priorities", "routing_status"] });
    expect(detailed.body[1]).toEqual({ id: 1, name: "Sales", language_code: "en", agent_priorities: { "olivia@acme.example": "normal", "adam@acme.example": "normal" }, routing_status: "offline" });
  });

  it("lists agents with role and account_id, filtered by group; needs agents--all:ro", async () => {
    const agents = await callApi<Record<string, unknown>[]>(world.emulator, "configuration", "list_agents", world.adminToken, { filters: { group_ids: [1] }, fields: ["max_chats_count"] });
    expect(agents.body.map((agent) => agent.id).sort()).toEqual(["adam@acme.example", "olivia@acme.example"]);
    expect(agents.body[0]).toMatchObject({ role: expect.any(String), account_id: expect.any(String), max_chats_count: 6, login_status: "not accepting chats" });
    const noScope = world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID, { scopes: ["groups--all:ro"] }).access_token;
    expect(errorType(await config("list_agents", noScope, {}))).toBe("authorization");
    expect(errorType(await config("list_groups", world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID, { scopes: ["agents--all:ro"] }).access_token))).toBe("authorization");
    const nora = await config("get_agent", world.adminToken, { id: "nora@acme.example" });
    expect(nora.body).toMatchObject({ id: "nora@acme.example", role: "normal" });
  });
});

describe("request format", () => {
  it("needs POST with a JSON content type; unknown actions are 404", async () => {
    const form = await fetch(`${world.emulator.url}/v3.6/configuration/action/list_bots`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Bearer ${world.adminToken}` },
      body: "all=true",
    });
    expect(form.status).toBe(400);
    const unknown = await config("make_coffee", world.adminToken, {});
    expect(unknown.status).toBe(404);
    expect(errorType(unknown)).toBe("not_found");
    expect((await config("constructor", world.adminToken, {})).status).toBe(404);
  });

  it("answers misdirected_request with the right region for a wrong X-Region header", async () => {
    const result = await config("list_bots", world.adminToken, {}, { "x-region": "fra" });
    expect(result.status).toBe(421);
    expect(result.body).toEqual({ error: { type: "misdirected_request", message: "Wrong region", data: { region: "dal" } } });
    expect((await config("list_bots", world.adminToken, {}, { "x-region": "dal" })).status).toBe(200);
  });
});
