// The state file (`stateFile`, `--state-file`): LiveChat's data survives a restart of the emulator —
// bots with their secrets, tokens with their original expiry, chats, webhooks — over real HTTP and
// websockets; a file that cannot be loaded is refused with a clear error; the file is private.
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_ORGANIZATION_ID,
  DEMO_REDIRECT_URI,
  StateFileError,
  buildDemoSeed,
  organizationSeed,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
} from "@/tests/emulator";
import { authorize, callApi, errorType, getAccounts, postToken } from "./support/http";
import { TestRtmClient } from "./support/rtm-client";
import { WebhookReceiver } from "./support/webhook-receiver";

let directory: string;
let file: string;
const running: Emulator[] = [];

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "emulator-state-"));
  file = path.join(directory, "emulator-state.json");
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
  await rm(directory, { recursive: true, force: true });
});

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ seed: buildDemoSeed(), stateFile: file, ...options });
  running.push(emulator);
  return emulator;
}

async function stop(emulator: Emulator): Promise<void> {
  running.splice(running.indexOf(emulator), 1);
  await emulator.close();
}

/** The browser's sign-in: authorize as Adam, then exchange the code (livechat-api.md 1.3, 1.4). */
async function signIn(emulator: Emulator): Promise<{ access: string; refresh: string }> {
  const authorized = await authorize(emulator, { client_id: DEMO_CLIENT_ID, redirect_uri: DEMO_REDIRECT_URI, state: "s", login_as: "adam@acme.example" });
  const code = authorized.location?.searchParams.get("code");
  if (!code) throw new Error(`no code: ${authorized.location?.toString()}`);
  const tokens = await postToken(emulator, {
    grant_type: "authorization_code",
    code,
    client_id: DEMO_CLIENT_ID,
    client_secret: DEMO_CLIENT_SECRET,
    redirect_uri: DEMO_REDIRECT_URI,
  });
  expect(tokens.status).toBe(200);
  return { access: String(tokens.body.access_token), refresh: String(tokens.body.refresh_token) };
}

const refresh = (emulator: Emulator, refreshToken: string) =>
  postToken(emulator, { grant_type: "refresh_token", refresh_token: refreshToken, client_id: DEMO_CLIENT_ID, client_secret: DEMO_CLIENT_SECRET });

const issueBotToken = (emulator: Emulator, token: string, botId: string, secret: string) =>
  callApi<{ token: string }>(emulator, "configuration", "issue_bot_token", token, { bot_id: botId, client_id: DEMO_CLIENT_ID, bot_secret: secret, organization_id: DEMO_ORGANIZATION_ID });

async function control<T>(emulator: Emulator, method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${emulator.url}/_emulator/${route}`, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe("a restart on the same state file", () => {
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it("keeps the bot, the tokens, the chat and the webhook", async () => {
    const first = await start();
    expect(first.stateLoaded).toBe(false);
    const adam = await signIn(first);
    const created = await callApi<{ id: string; secret: string }>(first, "configuration", "create_bot", adam.access, { name: "Returns helper", groups: [{ id: 0, priority: "first" }] });
    expect(created.status).toBe(200);
    const bot = created.body;
    const botToken = (await issueBotToken(first, adam.access, bot.id, bot.secret)).body.token;
    expect((await callApi(first, "agent", "set_routing_status", botToken, { status: "accepting_chats" })).status).toBe(200);
    const registered = await callApi<{ id: string }>(first, "configuration", "register_webhook", adam.access, {
      action: "incoming_event",
      url: receiver.url,
      type: "license",
      secret_key: "restart-s3cret",
      owner_client_id: DEMO_CLIENT_ID,
    });
    expect(registered.status).toBe(200);
    const started = await control<{ chatId: string; threadId: string }>(first, "POST", "chats", { organizationId: DEMO_ORGANIZATION_ID, message: "Where is my parcel?" });
    expect(started.status).toBe(200);
    const { chatId } = started.body;
    const answered = await callApi<{ event_id: string }>(first, "agent", "send_event", botToken, { chat_id: chatId, event: { type: "message", text: "Let me check." } });
    expect(answered.status).toBe(200);
    expect((await receiver.waitFor(1)).map((delivery) => delivery.body.webhook_id)).toEqual([registered.body.id]);
    const chatBefore = first.getChat(chatId);
    const infoBefore = await getAccounts(first, "/v2/info", adam.access);
    await stop(first);

    const second = await start();
    expect(second.stateLoaded).toBe(true);
    // The demo seed was not applied again.
    expect(second.organizations().map((organization) => organization.id)).toEqual([DEMO_ORGANIZATION_ID]);

    // The bot: same id, secret and routing status; its old secret issues tokens; its old token works.
    expect(second.bots()).toEqual([expect.objectContaining({ id: bot.id, name: "Returns helper", routingStatus: "accepting_chats" })]);
    const reissued = await issueBotToken(second, adam.access, bot.id, bot.secret);
    expect(reissued.status).toBe(200);
    expect((await callApi(second, "agent", "set_routing_status", botToken, { status: "accepting_chats" })).status).toBe(200);

    // The chat and its events, unchanged.
    expect(second.getChat(chatId)).toEqual(chatBefore);
    const listed = await callApi<{ thread: { events: { type: string; text?: string }[] } }>(second, "agent", "get_chat", botToken, { chat_id: chatId });
    const messages = listed.body.thread.events.filter((event) => event.type === "message").map((event) => event.text);
    expect(messages).toEqual(["Where is my parcel?", "Let me check."]);

    // The old access token works over HTTP and RTM, with its original expiry.
    const info = await getAccounts(second, "/v2/info", adam.access);
    expect(info.status).toBe(200);
    expect(info.body.expires_in).toBeLessThanOrEqual(Number(infoBefore.body.expires_in));
    const listedBots = await callApi<{ id: string }[]>(second, "configuration", "list_bots", adam.access);
    expect(listedBots.body.map((entry) => entry.id)).toEqual([bot.id]);
    const socket = await TestRtmClient.connect(second.rtmUrl(DEMO_ORGANIZATION_ID));
    const login = await socket.login(adam.access);
    expect(login.success).toBe(true);

    // A new chat gets a new id; the webhook still fires, with its id and secret key.
    const oldIds = new Set([chatId, ...chatBefore.threads.map((thread) => thread.id)]);
    const fresh = second.startChat({ organizationId: DEMO_ORGANIZATION_ID, message: "Hello again" });
    expect(oldIds.has(fresh.chatId)).toBe(false);
    expect(second.listChats().map((chat) => chat.chatId).sort()).toEqual([chatId, fresh.chatId].sort());
    expect(second.webhooks()).toEqual([expect.objectContaining({ id: registered.body.id, secretKey: "restart-s3cret", url: receiver.url })]);
    second.sendCustomerMessage(fresh.chatId, "Are you there?");
    const delivery = (await receiver.waitFor(2))[1];
    expect(delivery?.body).toMatchObject({ webhook_id: registered.body.id, secret_key: "restart-s3cret", action: "incoming_event" });
    expect((delivery?.body.payload as { chat_id?: string }).chat_id).toBe(fresh.chatId);

    // The old refresh token refreshes.
    const refreshed = await refresh(second, adam.refresh);
    expect(refreshed.status).toBe(200);

    // The old access token expires at its original time (the clock control jumps there).
    const remaining = Number(info.body.expires_in);
    second.advanceClock(remaining - 30);
    expect((await callApi(second, "configuration", "list_bots", adam.access)).status).toBe(200);
    second.advanceClock(60);
    const expired = await callApi(second, "configuration", "list_bots", adam.access);
    expect(expired.status).toBe(401);
    expect(errorType(expired)).toBe("authentication");
    expect((await socket.closed).code).not.toBe(0);
    // …and the refresh token still gets a working one.
    const again = await refresh(second, adam.refresh);
    expect((await callApi(second, "configuration", "list_bots", String(again.body.access_token))).status).toBe(200);
  });

  it("keeps a token expired before the restart expired, and humans come back offline", async () => {
    const first = await start();
    const short = first.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID, { ttlSec: 60 });
    const socket = await TestRtmClient.connect(first.rtmUrl(DEMO_ORGANIZATION_ID));
    expect((await socket.login(first.issueTokensFor("olivia@acme.example", DEMO_CLIENT_ID).access_token)).success).toBe(true);
    first.advanceClock(120);
    expect((await getAccounts(first, "/v2/info", short.access_token)).status).toBe(401);
    socket.close();
    await stop(first);

    const second = await start();
    // The clock jump is kept: the token does not come back to life.
    expect((await getAccounts(second, "/v2/info", short.access_token)).status).toBe(401);
    expect((await refresh(second, short.refresh_token)).status).toBe(200);
    const olivia = second.issueTokensFor("olivia@acme.example", DEMO_CLIENT_ID).access_token;
    const statuses = await callApi<{ agent_id: string; status: string }[]>(second, "agent", "list_routing_statuses", olivia);
    expect(statuses.body).toContainEqual({ agent_id: "olivia@acme.example", status: "offline" });
  });
});

describe("saving", () => {
  it("saves shortly after a change, atomically, readable by its owner only", async () => {
    const emulator = await start();
    expect(emulator.stateFile).toBe(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const { access_token: token } = emulator.issueTokensFor("adam@acme.example", DEMO_CLIENT_ID);
    const created = await callApi<{ id: string; secret: string }>(emulator, "configuration", "create_bot", token, { name: "Saved soon" });
    // No close, no explicit save: the debounced save writes it.
    await expect.poll(async () => (await readFile(file, "utf8")).includes(created.body.secret), { timeout: 5_000, interval: 25 }).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(directory)).toEqual(["emulator-state.json"]);
    const timing = await emulator.saveState();
    expect(timing).toMatchObject({ written: false });
    // The HTTP twins.
    expect((await control(emulator, "GET", "state")).body).toEqual({ stateFile: file, stateLoaded: false });
    expect((await control(emulator, "POST", "state/save", {})).body).toMatchObject({ written: false, bytes: expect.any(Number) as unknown });
  });

  it("saves on close what changed right before it", async () => {
    const emulator = await start();
    const { chatId } = emulator.startChat({ organizationId: DEMO_ORGANIZATION_ID, message: "Last words" });
    await stop(emulator);
    const again = await start();
    expect(again.getTranscript(chatId)).toMatchObject({ chatId });
  });

  it("creates missing directories", async () => {
    file = path.join(directory, "nested", "deeper", "state.json");
    await start();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe("seeding a loaded state", () => {
  it("applies nothing twice; a seed over HTTP keeps what exists and adds redirect URIs", async () => {
    await stop(await start());
    const second = await start({ seed: buildDemoSeed(["http://localhost:4100/api/auth/callback"]) });
    expect(second.organizations()).toHaveLength(1);
    const seeded = await control<{ organizations: { id: string; agents: unknown[] }[] }>(second, "POST", "seed", buildDemoSeed());
    expect(seeded.status).toBe(200);
    expect(seeded.body.organizations.map((organization) => organization.id)).toEqual([DEMO_ORGANIZATION_ID]);
    expect(seeded.body.organizations[0]?.agents).toHaveLength(3);
    expect(second.organizations()).toHaveLength(1);
    // The startup seed's new redirect URI was added to the stored client.
    const moved = await authorize(second, { client_id: DEMO_CLIENT_ID, redirect_uri: "http://localhost:4100/api/auth/callback", login_as: "adam@acme.example" });
    expect(moved.location?.searchParams.get("code")).toBeTruthy();
    // New records are still added.
    const other = organizationSeed("Initech", { agents: [{ name: "Ian", email: "ian@initech.example" }] });
    second.seed({ organizations: [other] });
    expect(second.organizations().map((organization) => organization.id)).toEqual([DEMO_ORGANIZATION_ID, other.id]);
  });
});

describe("a file that cannot be loaded", () => {
  const refusal = async (contents: string) => {
    await writeFile(file, contents, { mode: 0o600 });
    const error = await startEmulator({ seed: buildDemoSeed(), stateFile: file }).then(
      (emulator) => {
        running.push(emulator);
        throw new Error("expected the start to fail");
      },
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StateFileError);
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toContain("--reset");
    // Left as it was, for the user to inspect.
    expect(await readFile(file, "utf8")).toBe(contents);
    return message;
  };

  it("refuses a corrupt file, another format or version, and an invalid state", async () => {
    expect(await refusal('{"format": "botdesk-livechat-emulator-state", "vers')).toContain("not valid JSON");
    expect(await refusal('{"hello": "world"}')).toContain("not an emulator state file");
    expect(await refusal('{"format": "botdesk-livechat-emulator-state", "version": 99}')).toContain("version 99");

    await rm(file);
    await stop(await start());
    const saved = JSON.parse(await readFile(file, "utf8")) as { bots: unknown[]; agents: { organizationId: string }[] };
    saved.bots.push({ id: "b", name: 42 });
    expect(await refusal(JSON.stringify(saved))).toMatch(/does not hold a valid state: bots\.0\./);
    saved.bots.pop();
    const [agent] = saved.agents;
    if (agent) agent.organizationId = "gone";
    expect(await refusal(JSON.stringify(saved))).toContain("unknown organization gone");
  });

  it("starts over with resetState", async () => {
    await writeFile(file, "garbage", { mode: 0o644 });
    const emulator = await start({ resetState: true });
    expect(emulator.stateLoaded).toBe(false);
    expect(emulator.organizations()).toHaveLength(1);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ format: "botdesk-livechat-emulator-state", version: 1 });
  });
});

describe("without a state file", () => {
  it("keeps everything in memory and writes nothing", async () => {
    const emulator = await startEmulator({ seed: buildDemoSeed() });
    running.push(emulator);
    expect(emulator.stateFile).toBeNull();
    expect(await emulator.saveState()).toBeNull();
    expect((await control(emulator, "GET", "state")).body).toEqual({ stateFile: null, stateLoaded: false });
    emulator.startChat({ organizationId: DEMO_ORGANIZATION_ID, message: "hi" });
    expect(await readdir(directory)).toEqual([]);
  });
});

describe("command line", () => {
  const root = path.resolve(import.meta.dirname, "../../..");

  /** Runs main.ts in its own process group, as `npm run demo` does, until it prints its URL. */
  async function runMain(args: string[]): Promise<{ url: string; output: () => string; stop: () => Promise<number | null> }> {
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["tests/emulator/main.ts", "--port", "0", "--seed", "demo", ...args], { cwd: root, detached: true });
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 20_000);
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)[\s\S]*customer page/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const stop = async () => {
      // The demo stops its children with SIGTERM to the whole process group.
      if (child.pid) process.kill(-child.pid, "SIGTERM");
      return exit;
    };
    return { url, output: () => output, stop };
  }

  it("--state-file keeps a bot created right before SIGTERM", async () => {
    const first = await runMain(["--state-file", file]);
    expect(first.output()).toContain(`state file     ${file} (new`);
    const tokens = (await (await fetch(`${first.url}/_emulator/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ account: "adam@acme.example", clientId: DEMO_CLIENT_ID }),
    }).then((response) => response.json())) as { access_token: string });
    const created = await fetch(`${first.url}/v3.6/configuration/action/create_bot`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tokens.access_token}` },
      body: JSON.stringify({ name: "Survivor" }),
    });
    const bot = (await created.json()) as { id: string };
    expect(await first.stop()).toBe(0);

    const second = await runMain(["--state-file", file]);
    expect(second.output()).toContain("(loaded");
    const bots = (await (await fetch(`${second.url}/_emulator/bots`)).json()) as { id: string }[];
    expect(bots.map((entry) => entry.id)).toEqual([bot.id]);
    const info = await fetch(`${second.url}/v2/info`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(info.status).toBe(200);
    expect(await second.stop()).toBe(0);
  });
});
