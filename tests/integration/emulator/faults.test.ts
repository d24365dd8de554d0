// Fault switches: sockets, tokens, planned HTTP failures, latency, bot statuses, and the
// per-organization socket statistics.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from "@/tests/emulator";
import { connectAs, createBot, otherOrg, startWorld, type World } from "./support/fixtures";
import { callApi, errorType, postToken } from "./support/http";
import { TestRtmClient } from "./support/rtm-client";

let world: World;
beforeEach(async () => {
  world = await startWorld({ requestTimeoutMs: 400 });
});
afterEach(async () => {
  await world.emulator.close();
});

describe("socket faults", () => {
  it("dropSockets terminates one organization's sockets without agent_disconnected", async () => {
    const adam = await connectAs(world, world.adminToken);
    const gina = await connectAs(world, world.emulator.issueTokensFor("gina@globex.example", DEMO_CLIENT_ID).access_token, otherOrg.id);
    expect(world.emulator.faults.dropSockets({ organizationId: world.orgId })).toBe(1);
    const closed = await adam.closed;
    expect(closed.code).toBe(1006);
    expect(adam.pushesOf("agent_disconnected")).toHaveLength(0);
    expect((await gina.request("ping")).success).toBe(true);
    gina.close();
  });

  it("halfOpenSockets: no answers, no pushes, no pongs, but the TCP connection stays open", async () => {
    world.emulator.setTimings({ pingTimeoutMs: 200 });
    const bot = await createBot(world);
    const adam = await connectAs(world, world.adminToken);
    const { chatId } = world.emulator.startChat({ organizationId: world.orgId, message: "hi" });
    await adam.request("follow_chat", { id: chatId });
    await adam.waitForPush("incoming_chat");
    expect(world.emulator.faults.halfOpenSockets()).toBe(1);
    const pushesBefore = adam.pushes.length;
    await expect(adam.request("ping", {}, 500)).rejects.toThrow(/no response/);
    await callApi(world.emulator, "agent", "send_event", bot.token, { chat_id: chatId, event: { type: "message", text: "unseen" } });
    let ponged = false;
    adam.socket.on("pong", () => (ponged = true));
    adam.socket.ping();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ponged).toBe(false);
    expect(adam.pushes.length).toBe(pushesBefore);
    expect(adam.socket.readyState).toBe(adam.socket.OPEN);
    expect(world.emulator.stats().organizations[world.orgId]?.currentLoggedIn).toBe(1);
    adam.close();
    await expect.poll(() => world.emulator.stats().organizations[world.orgId]?.currentSockets).toBe(0);
  });

  it("disconnect pushes agent_disconnected with the reason and data, then closes", async () => {
    const adam = await connectAs(world, world.adminToken);
    expect(world.emulator.faults.disconnect({ reason: "misdirected_connection", data: { region: "fra" } })).toBe(1);
    const push = await adam.waitForPush("agent_disconnected");
    expect(push.payload).toEqual({ reason: "misdirected_connection", data: { region: "fra" } });
    expect((await adam.closed).code).toBe(1000);
  });
});

describe("token faults", () => {
  it("expireAccessTokens: live sockets get access_token_expired and HTTP calls authentication", async () => {
    const adam = await connectAs(world, world.adminToken);
    expect(world.emulator.faults.expireAccessTokens({ account: "adam@acme.example" })).toBeGreaterThanOrEqual(1);
    expect((await adam.waitForPush("agent_disconnected")).payload).toEqual({ reason: "access_token_expired" });
    expect(errorType(await callApi(world.emulator, "agent", "list_chats", world.adminToken, {}))).toBe("authentication");
    expect((await callApi(world.emulator, "agent", "list_chats", world.ownerToken, {})).status).toBe(200);
  });

  it("revokeRefreshTokens: the next refresh answers invalid_grant", async () => {
    const tokens = world.emulator.issueTokensFor("olivia@acme.example", DEMO_CLIENT_ID);
    expect(world.emulator.faults.revokeRefreshTokens({ refreshToken: tokens.refresh_token })).toBe(1);
    const refresh = await postToken(world.emulator, { grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: DEMO_CLIENT_ID, client_secret: DEMO_CLIENT_SECRET });
    expect(refresh.body.error).toBe("invalid_grant");
  });
});

describe("planned HTTP failures", () => {
  it("rateLimit: the next N calls answer 429 too_many_requests with Retry-After", async () => {
    world.emulator.faults.rateLimit({ count: 2, retryAfterSec: 7 });
    for (let i = 0; i < 2; i += 1) {
      const limited = await callApi(world.emulator, "configuration", "list_bots", world.adminToken, {});
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("7");
      expect(errorType(limited)).toBe("too_many_requests");
    }
    expect((await callApi(world.emulator, "configuration", "list_bots", world.adminToken, {})).status).toBe(200);
  });

  it("rateLimit can target actions and the accounts service", async () => {
    world.emulator.faults.rateLimit({ count: 1, retryAfterSec: 1, surfaces: ["agent-web"], actions: ["send_event"] });
    expect((await callApi(world.emulator, "agent", "list_chats", world.adminToken, {})).status).toBe(200);
    expect((await callApi(world.emulator, "agent", "send_event", world.adminToken, {})).status).toBe(429);
    world.emulator.faults.rateLimit({ count: 1, retryAfterSec: 1, surfaces: ["accounts"] });
    const token = await postToken(world.emulator, { grant_type: "refresh_token", refresh_token: "x", client_id: DEMO_CLIENT_ID, client_secret: DEMO_CLIENT_SECRET });
    expect(token.status).toBe(429);
    expect(token.body.error).toBe("temporarily_unavailable");
  });

  it("serverErrors: internal (500) and service_unavailable (503)", async () => {
    world.emulator.faults.serverErrors({ count: 1 });
    const internal = await callApi(world.emulator, "agent", "list_chats", world.adminToken, {});
    expect([internal.status, errorType(internal)]).toEqual([500, "internal"]);
    world.emulator.faults.serverErrors({ count: 1, type: "service_unavailable" });
    const unavailable = await callApi(world.emulator, "configuration", "list_groups", world.adminToken, {});
    expect([unavailable.status, errorType(unavailable)]).toEqual([503, "service_unavailable"]);
    expect((await callApi(world.emulator, "configuration", "list_groups", world.adminToken, {})).status).toBe(200);
  });

  it("apiErrors: the next N matching calls answer any documented LiveChat error, as given", async () => {
    world.emulator.faults.apiErrors({ count: 1, type: "limit_reached", message: "Bots limit reached", data: { limit: 5 }, actions: ["create_bot"] });
    expect((await callApi(world.emulator, "configuration", "list_groups", world.adminToken, {})).status).toBe(200);
    const refused = await callApi(world.emulator, "configuration", "create_bot", world.adminToken, { name: "Refused" });
    expect([refused.status, refused.body]).toEqual([403, { error: { type: "limit_reached", message: "Bots limit reached", data: { limit: 5 } } }]);
    expect(world.emulator.bots(world.orgId).map((bot) => bot.name)).not.toContain("Refused");
    expect((await callApi(world.emulator, "configuration", "create_bot", world.adminToken, { name: "Accepted" })).status).toBe(200);
  });

  it("latency delays answers; at requestTimeoutMs the call fails with request_timeout but still takes effect", async () => {
    world.emulator.faults.latency({ httpMs: 150 });
    const started = Date.now();
    expect((await callApi(world.emulator, "configuration", "list_groups", world.adminToken, {})).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    world.emulator.faults.latency({ httpMs: 600 });
    const timedOut = await callApi(world.emulator, "configuration", "create_bot", world.adminToken, { name: "Slow" });
    expect([timedOut.status, errorType(timedOut)]).toEqual([504, "request_timeout"]);
    await expect.poll(() => world.emulator.bots(world.orgId).map((bot) => bot.name), { timeout: 2000 }).toContain("Slow");
    world.emulator.faults.clear();
  });

  it("RTM latency at requestTimeoutMs answers request_timeout", async () => {
    world.emulator.setTimings({ pingTimeoutMs: 5000 });
    const adam = await connectAs(world, world.adminToken);
    world.emulator.faults.latency({ rtmMs: 500 });
    const response = await adam.request("list_chats");
    expect(response.payload.error?.type).toBe("request_timeout");
    world.emulator.faults.clear();
    adam.close();
  });
});

describe("bots and statistics", () => {
  it("resetBotStatuses puts bots offline and pushes routing_status_set", async () => {
    const bot = await createBot(world);
    const adam = await connectAs(world, world.adminToken);
    expect(world.emulator.faults.resetBotStatuses({ organizationId: world.orgId })).toBe(1);
    const push = await adam.waitForPush("routing_status_set", (payload) => payload.agent_id === bot.id);
    expect(push.payload).toEqual({ agent_id: bot.id, status: "offline" });
    expect(world.emulator.bots(world.orgId)[0]?.routingStatus).toBe("offline");
    adam.close();
  });

  it("stats count current and maximum concurrent logged-in sockets per organization", async () => {
    const unauthenticated = await TestRtmClient.connect(world.emulator.rtmUrl(world.orgId));
    const first = await connectAs(world, world.adminToken);
    const second = await connectAs(world, world.ownerToken);
    expect(world.emulator.stats().organizations[world.orgId]).toEqual({ currentSockets: 3, currentLoggedIn: 2, maxConcurrentLoggedIn: 2, totalLogins: 2 });
    first.close();
    second.close();
    unauthenticated.close();
    await expect.poll(() => world.emulator.stats().organizations[world.orgId]?.currentSockets).toBe(0);
    expect(world.emulator.stats().organizations[world.orgId]).toMatchObject({ currentLoggedIn: 0, maxConcurrentLoggedIn: 2 });
    world.emulator.resetStats();
    const third = await connectAs(world, world.adminToken);
    expect(world.emulator.stats().organizations[world.orgId]).toMatchObject({ maxConcurrentLoggedIn: 1, totalLogins: 1 });
    third.close();
  });
});
