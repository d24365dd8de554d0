// Configuration API webhooks (livechat-api.md 7.1): register, list, unregister, list_webhook_names,
// and which organization owns a client.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ALL_DOCUMENTED_SCOPES, DEMO_CLIENT_ID, DEMO_ORGANIZATION_ID, clientSeed, organizationSeed, scopesForRole, startEmulator } from "@/tests/emulator";
import { agentClient, otherOrg, startWorld, type World } from "./support/fixtures";
import { callApi, errorType } from "./support/http";
import { registerWebhook } from "./support/webhooks";

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.emulator.close();
});

const config = (action: string, token: string | null, payload: unknown = {}) => callApi(world.emulator, "configuration", action, token, payload);

const valid = {
  action: "incoming_event",
  type: "bot",
  url: "https://bots.acme.example/lc/webhook",
  secret_key: "wHk3-9f0a-Lq7Z",
  owner_client_id: DEMO_CLIENT_ID,
};

const messageOf = (result: { body: unknown }) => ((result.body as { error?: { message?: string } }).error?.message ?? "") as string;

describe("register_webhook", () => {
  it("returns a 32-hex id; list_webhooks shows the registration without its secret key", async () => {
    const registered = await config("register_webhook", world.adminToken, {
      ...valid,
      description: "customer messages in chats with our bots",
      filters: { author_type: "customer", chat_presence: { my_bots: true } },
      additional_data: ["chat_presence_user_ids"],
    });
    expect(registered.status).toBe(200);
    expect(registered.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const listed = await callApi<Record<string, unknown>[]>(world.emulator, "configuration", "list_webhooks", world.adminToken, { owner_client_id: DEMO_CLIENT_ID });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      {
        id: registered.body.id,
        url: valid.url,
        description: "customer messages in chats with our bots",
        action: "incoming_event",
        filters: { author_type: "customer", chat_presence: { my_bots: true } },
        owner_client_id: DEMO_CLIENT_ID,
        type: "bot",
        additional_data: ["chat_presence_user_ids"],
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(valid.secret_key);
    expect(world.emulator.webhooks()[0]).toMatchObject({ id: registered.body.id, secretKey: valid.secret_key, registeredBy: DEMO_ORGANIZATION_ID });
  });

  it.each([
    [{ action: undefined }, "`action` is required"],
    [{ secret_key: undefined }, "`secret_key` is required"],
    [{ url: undefined }, "`url` is required"],
    [{ owner_client_id: undefined }, "`owner_client_id` is required"],
    [{ type: undefined }, "`type` is required"],
    [{ type: "agent" }, "`type` is invalid"],
    [{ action: "incoming_customer" }, "`action` is invalid"],
    [{ action: "incoming_typing_indicator" }, "`action` is invalid"],
    [{ url: `https://bots.acme.example/${"x".repeat(480)}` }, "`url` is invalid"],
    [{ url: "ftp://bots.acme.example/hook" }, "`url` is invalid"],
    [{ url: "not a url" }, "`url` is invalid"],
    [{ additional_data: ["chat_users"] }, "`additional_data[0]` is invalid"],
    [{ action: "agent_deleted", additional_data: ["chat_properties"] }, "`additional_data` is not available for `agent_deleted`"],
    [{ action: "incoming_chat", filters: { author_type: "customer" } }, "Unknown parameter `filters.author_type`"],
    [{ filters: { agent_ids: ["adam@acme.example"] } }, "Unknown parameter `filters.agent_ids`"],
    [{ action: "routing_status_set", filters: { chat_presence: { my_bots: true } } }, "Unknown parameter `filters.chat_presence`"],
    [{ action: "bot_created", filters: { only_my_chats: true } }, "Unknown parameter `filters.only_my_chats`"],
    [{ filters: { chat_presence: { user_ids: { values: ["a"], exclude_values: ["b"] } } } }, "`filters.chat_presence.user_ids` is invalid"],
    [{ filters: { source_type: ["mine"] } }, "`filters.source_type[0]` is invalid"],
    [{ author_type: "customer" }, "Unknown parameter `author_type`"],
  ])("validates %o", async (change, message) => {
    const result = await config("register_webhook", world.adminToken, { ...valid, ...change });
    expect(result.status).toBe(400);
    expect(errorType(result)).toBe("validation");
    expect(messageOf(result)).toContain(message);
    expect(world.emulator.webhooks()).toHaveLength(0);
  });

  it("accepts the filters each action takes", async () => {
    for (const [action, filters] of [
      ["incoming_event", { author_type: "agent", only_my_chats: true, source_type: ["my_client", "system"] }],
      ["event_updated", { author_type: "customer" }],
      ["chat_deactivated", { chat_presence: { user_ids: { exclude_values: ["adam@acme.example"] } } }],
      ["routing_status_set", { agent_ids: ["adam@acme.example"], source_type: ["other_clients"] }],
      ["bot_updated", { source_type: ["my_client"] }],
    ] as const) {
      const result = await config("register_webhook", world.adminToken, { ...valid, action, filters });
      expect(result.status, `${action}: ${JSON.stringify(result.body)}`).toBe(200);
    }
  });

  it("allows 3 webhooks per action per Client ID (limit_reached)", async () => {
    for (let index = 0; index < 3; index += 1) {
      expect((await config("register_webhook", world.adminToken, { ...valid, url: `${valid.url}/${index}` })).status).toBe(200);
    }
    const fourth = await config("register_webhook", world.adminToken, { ...valid, type: "license" });
    expect(fourth.status).toBe(403);
    expect(errorType(fourth)).toBe("limit_reached");
    // Another action of the same client, and the same action of another client, still fit.
    expect((await config("register_webhook", world.adminToken, { ...valid, action: "incoming_chat" })).status).toBe(200);
    expect((await config("register_webhook", world.adminToken, { ...valid, owner_client_id: agentClient.clientId })).status).toBe(200);
    // Unregistering frees a place.
    const [first] = world.emulator.webhooks({ ownerClientId: DEMO_CLIENT_ID, action: "incoming_event" });
    expect((await config("unregister_webhook", world.adminToken, { id: first?.id, owner_client_id: DEMO_CLIENT_ID })).status).toBe(200);
    expect((await config("register_webhook", world.adminToken, valid)).status).toBe(200);
  });

  it("refuses a client of another organization, or an unknown one, with authorization", async () => {
    // The demo client belongs to the demo organization; Gina is the owner of Globex.
    const gina = world.emulator.issueTokensFor("gina@globex.example", DEMO_CLIENT_ID).access_token;
    for (const action of ["register_webhook", "list_webhooks"]) {
      const refused = await config(action, gina, action === "register_webhook" ? valid : { owner_client_id: DEMO_CLIENT_ID });
      expect(refused.status).toBe(403);
      expect(errorType(refused)).toBe("authorization");
    }
    const unknown = await config("register_webhook", world.adminToken, { ...valid, owner_client_id: "0".repeat(32) });
    expect(errorType(unknown)).toBe("authorization");
    expect(world.emulator.webhooks()).toHaveLength(0);
  });

  it("needs webhooks.configuration:rw, an administrator scope, and no bot token", async () => {
    const withoutScope = world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID, { scopes: ["agents-bot--my:rw"] }).access_token;
    for (const action of ["register_webhook", "list_webhooks", "unregister_webhook"]) {
      const payload = action === "register_webhook" ? valid : action === "list_webhooks" ? { owner_client_id: DEMO_CLIENT_ID } : { id: "0".repeat(32), owner_client_id: DEMO_CLIENT_ID };
      const refused = await config(action, withoutScope, payload);
      expect(errorType(refused), action).toBe("authorization");
    }
    // A normal agent is never granted it (livechat-api.md 1.11: administrator role).
    expect(scopesForRole("normal")).not.toContain("webhooks.configuration:rw");
    expect(world.emulator.issueTokensFor("nora@acme.example", DEMO_CLIENT_ID).scope.split(",")).not.toContain("webhooks.configuration:rw");
    expect(errorType(await config("register_webhook", null, valid))).toBe("authentication");
  });
});

describe("list_webhooks, unregister_webhook", () => {
  it("lists only the named client's webhooks; unregister removes one; unknown ids are not_found", async () => {
    const url = "https://hooks.example/lc";
    const mine = await registerWebhook(world, { action: "incoming_chat", url });
    await registerWebhook(world, { action: "incoming_chat", url, ownerClientId: agentClient.clientId });
    const listed = await callApi<{ id: string }[]>(world.emulator, "configuration", "list_webhooks", world.adminToken, { owner_client_id: DEMO_CLIENT_ID });
    expect(listed.body.map((entry) => entry.id)).toEqual([mine]);
    expect(listed.body[0]).toEqual({ id: mine, url, action: "incoming_chat", owner_client_id: DEMO_CLIENT_ID, type: "license" });

    const other = world.emulator.webhooks({ ownerClientId: agentClient.clientId })[0]?.id;
    // Another client's webhook is not found through this client.
    expect(errorType(await config("unregister_webhook", world.adminToken, { id: other, owner_client_id: DEMO_CLIENT_ID }))).toBe("not_found");
    expect(errorType(await config("unregister_webhook", world.adminToken, { id: "f".repeat(32), owner_client_id: DEMO_CLIENT_ID }))).toBe("not_found");
    expect(errorType(await config("unregister_webhook", world.adminToken, { id: mine }))).toBe("validation");
    const removed = await config("unregister_webhook", world.adminToken, { id: mine, owner_client_id: DEMO_CLIENT_ID });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({});
    expect((await config("list_webhooks", world.adminToken, { owner_client_id: DEMO_CLIENT_ID })).body).toEqual([]);
    expect(errorType(await config("list_webhooks", world.adminToken, {}))).toBe("validation");
  });
});

describe("list_webhook_names", () => {
  it("needs no token and lists actions with the filters they take", async () => {
    const result = await callApi<{ action: string; filters: string[] }[]>(world.emulator, "configuration", "list_webhook_names", null, { version: "3.6" });
    expect(result.status).toBe(200);
    const byAction = new Map(result.body.map((entry) => [entry.action, entry.filters]));
    expect(byAction.get("incoming_event")).toEqual(["author_type", "chat_presence", "only_my_chats", "source_type"]);
    expect(byAction.get("incoming_chat")).toEqual(["chat_presence", "only_my_chats", "source_type"]);
    expect(byAction.get("routing_status_set")).toEqual(["agent_ids", "source_type"]);
    expect(byAction.get("bot_created")).toEqual(["source_type"]);
    expect(byAction.has("incoming_customer")).toBe(false);
    expect(errorType(await config("list_webhook_names", null, { version: "3.4" }))).toBe("unsupported_version");
  });
});

describe("clients belong to an organization", () => {
  it("a seed's client belongs to its first organization unless organizationId says otherwise", async () => {
    const emulator = await startEmulator();
    try {
      const first = organizationSeed("First", { agents: [{ name: "Fay", email: "fay@first.example", role: "owner" }] });
      const second = organizationSeed("Second", { agents: [{ name: "Sam", email: "sam@second.example", role: "owner" }] });
      const defaulted = clientSeed();
      const explicit = clientSeed({ organizationId: second.id });
      const seeded = emulator.seed({ clients: [defaulted, explicit], organizations: [first, second] });
      expect(seeded.clients).toEqual([
        { clientId: defaulted.clientId, organizationId: first.id },
        { clientId: explicit.clientId, organizationId: second.id },
      ]);
      // A seed without organizations leaves its clients owned by none.
      expect(emulator.seed({ clients: [clientSeed()] }).clients[0]?.organizationId).toBeNull();
      // Ownership decides who may register: Sam may for `explicit` only.
      const sam = emulator.issueTokensFor("sam@second.example", explicit.clientId).access_token;
      const register = (ownerClientId: string) =>
        callApi(emulator, "configuration", "register_webhook", sam, { ...valid, type: "license", owner_client_id: ownerClientId });
      expect((await register(explicit.clientId)).status).toBe(200);
      expect(errorType(await register(defaulted.clientId))).toBe("authorization");
    } finally {
      await emulator.close();
    }
  });

  it("the demo client belongs to the demo organization and is configured with every scope, webhooks included", async () => {
    expect(ALL_DOCUMENTED_SCOPES).toContain("webhooks.configuration:rw");
    expect(world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID).scope.split(",")).toContain("webhooks.configuration:rw");
    expect((await config("register_webhook", world.adminToken, valid)).status).toBe(200);
    // The fixtures' second client has no organizationId: it belongs to the seed's first one (demo).
    expect((await config("list_webhooks", world.adminToken, { owner_client_id: agentClient.clientId })).status).toBe(200);
    expect(otherOrg.id).not.toBe(DEMO_ORGANIZATION_ID);
  });
});
