// What LiveChat would bill (livechat-api.md 10.1): every API request by organization and action,
// failed ones too, except HTTP 500; RTM request frames count, control-frame pings, pushes and
// webhook deliveries do not. Not capped like the request log.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_CLIENT_ID, UNKNOWN_ORGANIZATION, type RequestCounts } from "@/tests/emulator";
import { connectAs, otherOrg, startWorld, type World } from "./support/fixtures";
import { callApi, getAccounts, postToken } from "./support/http";
import { WebhookReceiver } from "./support/webhook-receiver";
import { registerWebhook, settled } from "./support/webhooks";

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.emulator.close();
});

describe("request counts", () => {
  it("counts every request by organization and <surface>:<action>, failed ones too, except HTTP 500", async () => {
    const { emulator } = world;
    const config = (action: string, payload: unknown = {}, token: string = world.adminToken) => callApi(emulator, "configuration", action, token, payload);
    await config("list_bots");
    await config("list_bots");
    expect((await config("create_bot", {})).status).toBe(400);
    expect((await callApi(emulator, "agent", "list_chats", world.adminToken)).status).toBe(200);
    emulator.faults.serverErrors({ count: 1, actions: ["list_groups"] });
    expect((await config("list_groups")).status).toBe(500);
    emulator.faults.serverErrors({ count: 1, type: "service_unavailable", actions: ["list_groups"] });
    expect((await config("list_groups")).status).toBe(503);
    expect((await getAccounts(emulator, "/v2/info", world.adminToken)).status).toBe(200);

    // An unknown action is still the token owner's request.
    expect((await callApi(emulator, "agent", "make_coffee", world.adminToken)).status).toBe(404);
    // Requests without an organization: a bad token, a refused token exchange, the sign-in page.
    expect((await callApi(emulator, "agent", "list_chats", "dal:bogus")).status).toBe(401);
    expect((await postToken(emulator, { grant_type: "refresh_token", refresh_token: "nope", client_id: DEMO_CLIENT_ID, client_secret: "wrong" })).status).toBe(401);
    await fetch(`${emulator.url}/?response_type=code&client_id=${DEMO_CLIENT_ID}`, { redirect: "manual" });

    // RTM: login, pings and failed requests are requests; control-frame pings and pushes are not.
    const adam = await connectAs(world, world.adminToken);
    await adam.sync();
    await adam.sync();
    expect((await adam.request("make_coffee")).success).toBe(false);
    await new Promise<void>((resolve) => {
      adam.socket.once("pong", () => resolve());
      adam.socket.ping();
    });

    // Another organization counts apart.
    const gina = emulator.issueTokensFor("gina@globex.example", DEMO_CLIENT_ID).access_token;
    await config("list_bots", {}, gina);

    expect(emulator.requestCounts({ organizationId: world.orgId })).toEqual<RequestCounts>({
      total: 11,
      byAction: {
        "agent-web:make_coffee": 1,
        "configuration:list_bots": 2,
        "configuration:create_bot": 1,
        "configuration:list_groups": 1,
        "agent-web:list_chats": 1,
        "accounts:GET /v2/info": 1,
        "rtm:login": 1,
        "rtm:ping": 2,
        "rtm:make_coffee": 1,
      },
      byOrganization: { [world.orgId]: 11 },
    });
    expect(emulator.requestCounts({ organizationId: UNKNOWN_ORGANIZATION }).byAction).toEqual({
      "agent-web:list_chats": 1,
      "accounts:POST /v2/token": 1,
      "authorize:GET /": 1,
    });
    expect(emulator.requestCounts({ organizationId: otherOrg.id }).total).toBe(1);
    expect(emulator.requestCounts()).toMatchObject({ total: 15, byOrganization: { [world.orgId]: 11, [UNKNOWN_ORGANIZATION]: 3, [otherOrg.id]: 1 } });

    // Clearing the request log does not touch the counts; resetting them does.
    emulator.clearLog();
    expect(emulator.requestCounts().total).toBe(15);
    emulator.resetRequestCounts();
    expect(emulator.requestCounts()).toEqual({ total: 0, byAction: {}, byOrganization: {} });
    adam.close();
  });

  it("webhook deliveries are not requests", async () => {
    const receiver = await WebhookReceiver.start();
    try {
      await registerWebhook(world, { action: "incoming_chat", url: receiver.url });
      world.emulator.resetRequestCounts();
      world.emulator.startChat({ organizationId: world.orgId, message: "hi" });
      await receiver.waitFor(1);
      await settled(world);
      expect(world.emulator.requestCounts().total).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  it("are not capped like the request log", async () => {
    const adam = await connectAs(world, world.adminToken);
    world.emulator.resetRequestCounts();
    const pings = 20_001;
    for (let index = 0; index < pings; index += 1) adam.send({ request_id: `p${index}`, action: "ping", payload: {} });
    await expect.poll(() => world.emulator.requestCounts().byAction["rtm:ping"], { timeout: 20_000 }).toBe(pings);
    expect(world.emulator.requestLog().length).toBeLessThan(pings);
    adam.close();
  });

  it("has HTTP twins: GET billing?organizationId=, POST billing/reset", async () => {
    await callApi(world.emulator, "configuration", "list_bots", world.adminToken);
    const read = await fetch(`${world.emulator.url}/_emulator/billing?organizationId=${world.orgId}`);
    expect(await read.json()).toEqual({ total: 1, byAction: { "configuration:list_bots": 1 }, byOrganization: { [world.orgId]: 1 } });
    expect((await fetch(`${world.emulator.url}/_emulator/billing/reset`, { method: "POST" })).status).toBe(200);
    expect(world.emulator.requestCounts().total).toBe(0);
  });
});
