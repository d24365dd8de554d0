// RTM connection rules (livechat-api.md 4.1–4.4, 4.6, 4.7): URL, envelope, login deadline,
// pings, pending-request limit, token lifetime and update_session.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_CLIENT_ID } from "@/tests/emulator";
import { agentClient, connectAs, createBot, otherOrg, startWorld, type World } from "./support/fixtures";
import { TestRtmClient } from "./support/rtm-client";

let world: World;
beforeEach(async () => {
  world = await startWorld({ loginTimeoutMs: 300, pingTimeoutMs: 300 });
});
afterEach(async () => {
  await world.emulator.close();
});

describe("connecting", () => {
  it("refuses a missing (400) or unknown (404) organization_id and other paths", async () => {
    const base = world.emulator.url.replace("http", "ws");
    expect(await TestRtmClient.refusal(`${base}/v3.6/agent/rtm/ws`)).toBe(400);
    expect(await TestRtmClient.refusal(`${base}/v3.6/agent/rtm/ws?organization_id=5b0e7c3a-2d41-4f8e-9a6b-1c2d3e4f5a6b`)).toBe(404);
    expect(await TestRtmClient.refusal(`${base}/v3.5/agent/rtm/ws?organization_id=${world.orgId}`)).toBe(404);
  });

  it("closes a socket that does not log in within loginTimeoutMs", async () => {
    const client = await TestRtmClient.connect(world.emulator.rtmUrl(world.orgId));
    const started = Date.now();
    const closed = await client.closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(closed.code).toBe(4001);
    expect(client.pushes).toHaveLength(0);
  });
});

describe("login", () => {
  it("answers with license, my_profile (incl. permission) and chats_summary, echoing request_id and action", async () => {
    const client = await TestRtmClient.connect(world.emulator.rtmUrl(world.orgId));
    client.send({ request_id: "w-000001", action: "login", payload: { token: `Bearer ${world.adminToken}` } });
    const response = await new Promise<Record<string, unknown>>((resolve) => client.socket.once("message", (data) => resolve(JSON.parse(String(data)))));
    expect(response).toMatchObject({ request_id: "w-000001", action: "login", type: "response", success: true });
    const payload = response.payload as Record<string, Record<string, unknown>>;
    expect(payload.license).toMatchObject({ id: "10472931", organization_id: world.orgId });
    expect(payload.my_profile).toMatchObject({ id: "adam@acme.example", type: "agent", permission: "administrator", routing_status: "not_accepting_chats" });
    expect(payload.chats_summary).toEqual([]);
    await client.waitForPush("incoming_customers");
    client.close();
  });

  it.each([
    ["a token without the Bearer prefix", (w: World) => w.adminToken, "authentication"],
    ["an unknown token", () => "Bearer dal:nope", "authentication"],
    ["a token of another organization", (w: World) => `Bearer ${w.emulator.issueTokensFor("gina@globex.example", DEMO_CLIENT_ID).access_token}`, "authentication"],
    ["a token without the login scopes", (w: World) => `Bearer ${w.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID, { scopes: ["chats--all:rw"] }).access_token}`, "authorization"],
  ])("refuses %s", async (_name, token, type) => {
    const client = await TestRtmClient.connect(world.emulator.rtmUrl(world.orgId));
    const response = await client.request("login", { token: token(world) });
    expect(response.success).toBe(false);
    expect(response.payload.error?.type).toBe(type);
    client.close();
  });

  it("refuses bot tokens (bots cannot use RTM)", async () => {
    const bot = await createBot(world, { accepting: false });
    const client = await TestRtmClient.connect(world.emulator.rtmUrl(world.orgId));
    const response = await client.request("login", { token: `Bearer ${bot.token}` });
    expect(response.payload.error?.type).toBe("authorization");
    client.close();
  });

  it("refuses actions before login, a second login, unknown actions, other versions and bad frames", async () => {
    const client = await TestRtmClient.connect(world.emulator.rtmUrl(world.orgId));
    expect((await client.request("ping")).payload.error?.type).toBe("authentication");
    expect((await client.request("list_chats")).payload.error?.type).toBe("authentication");
    expect((await client.login(world.adminToken)).success).toBe(true);
    expect((await client.login(world.adminToken)).payload.error?.type).toBe("validation");
    expect((await client.request("make_coffee")).payload.error?.type).toBe("validation");
    client.send({ request_id: "v", version: "3.5", action: "ping", payload: {} });
    client.socket.send("not json");
    client.send({ request_id: "bad-payload", action: "get_chat", payload: ["not", "an", "object"] });
    await client.sync();
    expect(client.frames.find((frame) => frame.request_id === "bad-payload")?.payload.error?.type).toBe("validation");
    const versionFrame = client.frames.find((frame) => frame.request_id === "v");
    expect(versionFrame?.payload.error?.type).toBe("unsupported_version");
    expect(client.frames.some((frame) => frame.type === "response" && frame.success === false && frame.request_id === undefined)).toBe(true);
    client.close();
  });

  it("a normal agent can log in with a token of non-admin scopes", async () => {
    const token = world.emulator.issueTokensFor("nora@acme.example", agentClient.clientId).access_token;
    const client = await connectAs(world, token);
    const list = await client.request("list_chats");
    expect(list.success).toBe(true);
    client.close();
    const otherOrgToken = world.emulator.issueTokensFor("gina@globex.example", DEMO_CLIENT_ID).access_token;
    const gina = await connectAs(world, otherOrgToken, otherOrg.id);
    gina.close();
  });
});

describe("keeping the connection", () => {
  it("closes with agent_disconnected connection_timeout when no ping comes", async () => {
    const client = await connectAs(world, world.adminToken);
    const push = await client.waitForPush("agent_disconnected", () => true, 2000);
    expect(push.payload).toEqual({ reason: "connection_timeout" });
    await client.closed;
  });

  it("pings keep the connection alive", async () => {
    const client = await connectAs(world, world.adminToken);
    for (let i = 0; i < 6; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const pong = await client.request("ping");
      expect(pong).toMatchObject({ action: "ping", type: "response", success: true });
    }
    expect(client.pushesOf("agent_disconnected")).toHaveLength(0);
    client.close();
  });

  it("websocket control-frame pings keep a logged-in connection alive too (4.3), and are not requests", async () => {
    const client = await connectAs(world, world.adminToken);
    const started = Date.now();
    // Three times pingTimeoutMs (300 ms) with control-frame pings only, each answered by a pong.
    while (Date.now() - started < 900) {
      await new Promise<void>((resolve, reject) => {
        client.socket.once("pong", () => resolve());
        void client.closed.then(() => reject(new Error("the socket closed")));
        client.socket.ping();
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(client.pushesOf("agent_disconnected")).toHaveLength(0);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    expect((await client.request("list_chats")).success).toBe(true);
    expect(world.emulator.requestLog({ surface: "rtm" }).map((entry) => entry.action)).toEqual(["login", "list_chats"]);
    client.close();
  });

  it("control-frame pings before login are answered but do not keep the socket open", async () => {
    const client = await TestRtmClient.connect(world.emulator.rtmUrl(world.orgId));
    await new Promise<void>((resolve) => {
      client.socket.once("pong", () => resolve());
      client.socket.ping();
    });
    const pinging = setInterval(() => client.socket.ping(), 50);
    const closed = await client.closed;
    clearInterval(pinging);
    expect(closed.code).toBe(4001);
  });

  it("allows at most 10 pending requests (pending_requests_limit_reached)", async () => {
    world.emulator.setTimings({ pingTimeoutMs: 5000 });
    const client = await connectAs(world, world.adminToken);
    world.emulator.faults.latency({ rtmMs: 150 });
    const responses = await Promise.all(Array.from({ length: 11 }, () => client.request("list_chats")));
    const refused = responses.filter((response) => response.payload.error?.type === "pending_requests_limit_reached");
    expect(refused).toHaveLength(1);
    expect(responses.filter((response) => response.success)).toHaveLength(10);
    world.emulator.faults.latency({ rtmMs: 0 });
    expect((await client.request("list_chats")).success).toBe(true);
    client.close();
  });

  it("token expiry on a live socket pushes access_token_expired and closes", async () => {
    world.emulator.setTimings({ pingTimeoutMs: 5000 });
    const token = world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID, { ttlSec: 1 }).access_token;
    const client = await connectAs(world, token);
    const push = await client.waitForPush("agent_disconnected", () => true, 3000);
    expect(push.payload).toEqual({ reason: "access_token_expired" });
    await client.closed;
  });

  it("update_session with a fresh token of the same agent extends the connection", async () => {
    world.emulator.setTimings({ pingTimeoutMs: 5000 });
    const short = world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID, { ttlSec: 1 }).access_token;
    const client = await connectAs(world, short);
    const fresh = world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID).access_token;
    const updated = await client.request("update_session", { token: `Bearer ${fresh}` });
    expect(updated).toMatchObject({ action: "update_session", success: true, payload: {} });
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect((await client.request("ping")).success).toBe(true);
    expect(client.pushesOf("agent_disconnected")).toHaveLength(0);
    const olivia = world.emulator.issueTokensFor("olivia@acme.example", DEMO_CLIENT_ID).access_token;
    expect((await client.request("update_session", { token: `Bearer ${olivia}` })).payload.error?.type).toBe("validation");
    expect((await client.request("update_session", { token: "Bearer dal:nope" })).payload.error?.type).toBe("authentication");
    client.close();
  });

  it("revoking the token (DELETE /v2/token) pushes access_token_revoked", async () => {
    world.emulator.setTimings({ pingTimeoutMs: 5000 });
    const token = world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID).access_token;
    const client = await connectAs(world, token);
    await fetch(`${world.emulator.url}/v2/token`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
    const push = await client.waitForPush("agent_disconnected");
    expect(push.payload).toEqual({ reason: "access_token_revoked" });
    await client.closed;
  });

  it("logout answers and closes the socket", async () => {
    const client = await connectAs(world, world.adminToken);
    expect((await client.request("logout")).success).toBe(true);
    await client.closed;
  });
});
