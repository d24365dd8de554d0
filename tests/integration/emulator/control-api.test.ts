// The emulator's own surface: the HTTP control API, the request and push logs, the customer page
// and the command-line entry.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_CLIENT_ID, clientSeed, organizationSeed } from "@/tests/emulator";
import { connectAs, createBot, startWorld, type World } from "./support/fixtures";
import { callApi } from "./support/http";

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.emulator.close();
});

async function control<T = Record<string, unknown>>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${world.emulator.url}/_emulator/${route}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe("HTTP control API", () => {
  it("runs a whole conversation: start, customer message, bot reply, human take-over, close, transcript", async () => {
    const bot = await createBot(world);
    const started = await control<{ chatId: string; threadId: string; customerId: string }>("POST", "chats", {
      organizationId: world.orgId,
      groupId: 0,
      customer: { name: "Casey", email: "casey@example.com" },
    });
    expect(started.status).toBe(200);
    const { chatId } = started.body;
    expect((await control("POST", `chats/${chatId}/customer-messages`, { text: "Hello" })).status).toBe(200);
    await callApi(world.emulator, "agent", "send_event", bot.token, { chat_id: chatId, event: { type: "message", text: "Hi, I'm a bot" } });
    expect((await control("POST", `chats/${chatId}/agent-messages`, { agent: "nora@acme.example", text: "Nora here" })).status).toBe(200);
    const transcript = await control<{ events: { authorType: string; text: string | null }[]; agents: { id: string }[]; active: boolean }>("GET", `chats/${chatId}/transcript`);
    const said = transcript.body.events.filter((event) => event.authorType !== "system").map((event) => [event.authorType, event.text]);
    expect(said).toEqual([
      ["customer", "Hello"],
      ["bot", "Hi, I'm a bot"],
      ["agent", "Nora here"],
    ]);
    expect(transcript.body.agents.map((agent) => agent.id)).toEqual(["nora@acme.example"]);
    expect((await control("POST", `chats/${chatId}/close`, {})).status).toBe(200);
    const chat = await control<{ threads: { active: boolean }[] }>("GET", `chats/${chatId}`);
    expect(chat.body.threads[0]?.active).toBe(false);
    expect((await control("POST", `chats/${chatId}/close`, {})).status).toBe(409);
    expect((await control("GET", "chats/NOPE/transcript")).status).toBe(404);
  });

  it("seeds organizations and clients, mints tokens, and sets routing statuses", async () => {
    const org = organizationSeed("Initech", { agents: [{ name: "Ian", email: "ian@initech.example", role: "administrator" }] });
    const client = clientSeed({ redirectUris: ["http://localhost:4000/cb"] });
    const seeded = await control<{ organizations: { id: string }[] }>("POST", "seed", { clients: [client], organizations: [org] });
    expect(seeded.body.organizations[0]?.id).toBe(org.id);
    expect((await control("POST", "seed", { organizations: [org] })).status).toBe(400);
    const orgs = await control<{ id: string }[]>("GET", "organizations");
    expect(orgs.body.map((entry) => entry.id)).toContain(org.id);
    const tokens = await control<{ access_token: string; organization_id: string }>("POST", "tokens", { account: "ian@initech.example", clientId: client.clientId });
    expect(tokens.body.organization_id).toBe(org.id);
    expect((await callApi(world.emulator, "configuration", "list_groups", tokens.body.access_token, {})).status).toBe(200);
    expect((await control("POST", "tokens", { account: "nobody@x.example", clientId: DEMO_CLIENT_ID })).status).toBe(404);
    const bot = await createBot(world, { accepting: false });
    expect((await control("POST", "routing-status", { organizationId: world.orgId, agentId: bot.id, status: "accepting_chats" })).status).toBe(200);
    const bots = await control<{ routingStatus: string }[]>("GET", `bots?organizationId=${world.orgId}`);
    expect(bots.body[0]?.routingStatus).toBe("accepting_chats");
  });

  it("drives faults, timings and the clock over HTTP", async () => {
    expect((await control("POST", "faults/rate-limit", { count: 1, retryAfterSec: 3 })).status).toBe(200);
    expect((await callApi(world.emulator, "agent", "list_chats", world.adminToken, {})).status).toBe(429);
    expect((await control("POST", "faults/server-errors", { count: 1, type: "service_unavailable" })).status).toBe(200);
    expect((await callApi(world.emulator, "agent", "list_chats", world.adminToken, {})).status).toBe(503);
    const adam = await connectAs(world, world.adminToken);
    expect((await control<{ affected: number }>("POST", "faults/disconnect", { reason: "internal_error" })).body.affected).toBe(1);
    await adam.waitForPush("agent_disconnected");
    expect((await control("POST", "faults/unknown", {})).status).toBe(404);
    expect((await control("POST", "faults/rate-limit", { count: 0 })).status).toBe(400);
    const timings = await control<{ pingTimeoutMs: number }>("POST", "timings", { pingTimeoutMs: 1234 });
    expect(timings.body.pingTimeoutMs).toBe(1234);
    const short = world.emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID, { ttlSec: 10 }).access_token;
    await control("POST", "clock/advance", { seconds: 11 });
    expect((await callApi(world.emulator, "agent", "list_chats", short, {})).status).toBe(401);
    for (const fault of ["drop-sockets", "half-open-sockets", "expire-access-tokens", "reset-bot-statuses", "clear", "latency"]) {
      expect((await control("POST", `faults/${fault}`, {})).status).toBe(200);
    }
    expect((await control("POST", "faults/revoke-refresh-tokens", { account: "olivia@acme.example" })).status).toBe(200);
  });
});

describe("request and push logs, statistics", () => {
  it("log every HTTP and RTM request with surface, action, who and outcome", async () => {
    world.emulator.clearLog();
    const bot = await createBot(world);
    const { chatId } = world.emulator.startChat({ organizationId: world.orgId, message: "hi" });
    await callApi(world.emulator, "agent", "send_event", bot.token, { chat_id: chatId, event: { type: "message", text: "hello" } });
    await callApi(world.emulator, "agent", "send_event", world.adminToken, { chat_id: chatId, event: { type: "message", text: "refused" } });
    const adam = await connectAs(world, world.adminToken);
    await adam.request("follow_chat", { id: chatId });
    await adam.waitForPush("incoming_chat");
    const sends = world.emulator.requestLog({ action: "send_event" });
    expect(sends.map((entry) => [entry.surface, entry.who, entry.status, entry.errorType, entry.chatId])).toEqual([
      ["agent-web", { type: "bot", id: bot.id }, 200, null, chatId],
      ["agent-web", { type: "account", id: "1b8d4f32-6c5e-4a7b-9d0f-2e3c4a5b6d7f" }, 403, "missing_access", chatId],
    ]);
    const rtm = world.emulator.requestLog({ surface: "rtm" });
    expect(rtm.map((entry) => entry.action)).toEqual(["login", "follow_chat"]);
    expect(rtm[1]).toMatchObject({ organizationId: world.orgId, chatId, status: 200, who: { type: "account" } });
    const config = world.emulator.requestLog({ surface: "configuration" });
    expect(config.map((entry) => entry.action)).toEqual(["create_bot", "issue_bot_token"]);
    const pushes = world.emulator.pushLog({ action: "incoming_chat" });
    expect(pushes).toEqual([expect.objectContaining({ agentId: "adam@acme.example", chatId, organizationId: world.orgId })]);
    const overHttp = await control<{ action: string }[]>("GET", "requests?surface=rtm");
    expect(overHttp.body.map((entry) => entry.action)).toEqual(["login", "follow_chat"]);
    const stats = await control<{ organizations: Record<string, { currentLoggedIn: number }> }>("GET", "stats");
    expect(stats.body.organizations[world.orgId]?.currentLoggedIn).toBe(1);
    adam.close();
  });
});

describe("pages", () => {
  it("serves an accessible customer page", async () => {
    const response = await fetch(`${world.emulator.url}/customer`);
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const fragment of ['<label for="organization">', '<label for="group">', '<label for="name">', '<label for="message">', 'aria-live="polite"', '<html lang="en">']) {
      expect(html).toContain(fragment);
    }
  });

  it("answers unknown routes with a JSON 404", async () => {
    const response = await fetch(`${world.emulator.url}/nothing-here`);
    expect(response.status).toBe(404);
  });
});

describe("command line", () => {
  it("prints its URL, serves the demo seed and stops on SIGTERM", async () => {
    const root = path.resolve(import.meta.dirname, "../../..");
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["tests/emulator/main.ts", "--port", "0", "--seed", "demo"], { cwd: root });
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 20_000);
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const orgs = (await (await fetch(`${url}/_emulator/organizations`)).json()) as { name: string }[];
    expect(orgs.map((org) => org.name)).toEqual(["Acme Support"]);
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });
});
