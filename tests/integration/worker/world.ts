// A test world for the worker: the LiveChat emulator over real HTTP and websockets, a real
// database (SQLite or PostgreSQL), and organizations seeded on both sides — an administrator
// whose sealed tokens the worker uses, a bot with its sealed secret, and trigger rules.
// Workers run in-process (`startWorker`) or as real child processes (`spawnWorker`).
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { sealSecret } from "../../../lib/crypto/secret-box";
import type { EncryptionKey } from "../../../lib/env";
import { createLogger, type Logger } from "../../../lib/log";
import { registerWebhooksWith } from "../../../lib/webhooks/registration";
import { startEmulator, type Emulator, type EmulatorTimings, type TranscriptEvent } from "../../emulator";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../helpers/database";
import { DbCredentialSource } from "../../../worker/credential-source";
import { WORKER_VERSION, type WorkerSettings } from "../../../worker/settings";
import { Worker } from "../../../worker/worker";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver";

export const CLIENT_ID = "9a1c7b3d2f4a6e8c0b1d3f5a7c9e2b5e";
export const CLIENT_SECRET = "worker_test_secret_3e7a5c0f8b2d6e4a9c1f";
export const HUMAN_GROUP = 1;

export interface RuleSeed {
  name: string;
  enabled?: boolean;
  definition: unknown;
}

/** Rules every test org gets unless it says otherwise. */
export const DEFAULT_RULES: RuleSeed[] = [
  {
    name: "Refunds",
    definition: { trigger: { type: "contains", keyword: "refund" }, actions: { reply: "Refunds take 5 business days." } },
  },
  {
    name: "Talk to a human",
    definition: {
      trigger: { type: "any_of", keywords: ["human", "agent please"] },
      actions: { reply: "Handing you over to a colleague.", transferToGroupId: HUMAN_GROUP, tags: ["handover"] },
    },
  },
  {
    name: "Invoices",
    definition: { trigger: { type: "contains", keyword: "invoice" }, actions: { tags: ["billing"] } },
  },
];

export interface SeededOrg {
  /** Our Organization.id. */
  orgId: string;
  livechatOrgId: string;
  adminEmail: string;
  /** The admin's LiveChat agent id (what follows and chat users carry). */
  adminAgentId: string;
  humanEmail: string;
  credentialId: string;
  adminUserId: string;
  bot: { id: string; livechatBotId: string; secret: string };
}

export interface WorldOptions {
  provider: TestProvider;
  orgs?: number;
  timings?: Partial<EmulatorTimings>;
  rules?: RuleSeed[];
  ruleSettings?: unknown;
  desiredRoutingStatus?: "accepting_chats" | "not_accepting_chats" | "offline";
  /** Seed the bot into the emulator with this routing status (default offline). */
  emulatorBotStatus?: "accepting_chats" | "not_accepting_chats" | "offline";
  /**
   * Register Botdesk's bot webhooks (livechat-api.md 7) with the first organization's admin, the
   * organization that owns the client, pointed at the dashboard's receiver served by the world.
   */
  webhooks?: boolean;
}

/** Fast timings for tests; the worker's defaults follow LiveChat's real ones. */
export const TEST_EMULATOR_TIMINGS: Partial<EmulatorTimings> = { pingTimeoutMs: 3_000, loginTimeoutMs: 5_000 };

export interface World {
  emulator: Emulator;
  database: TestDatabase;
  keyring: EncryptionKey[];
  orgs: SeededOrg[];
  /** The webhook receiver, when the world registered webhooks. */
  receiver: WebhookReceiver | null;
  settings(overrides?: Partial<WorkerSettings>): WorkerSettings;
  startWorker(overrides?: Partial<WorkerSettings>, options?: { log?: Logger; serveHealth?: boolean }): Promise<Worker>;
  spawnWorker(workerId: string, env?: Record<string, string>, nodeArgs?: string[]): SpawnedWorker;
  /** Environment for a worker process pointed at this world. */
  workerEnv(workerId: string, extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

export function quietLogger(lines?: string[]): Logger {
  return createLogger({}, { level: "debug", write: (line) => lines?.push(line) });
}

export async function createWorld(options: WorldOptions): Promise<World> {
  const emulator = await startEmulator({ timings: { ...TEST_EMULATOR_TIMINGS, ...options.timings } });
  const database = await createTestDatabase(options.provider);
  const keyring: EncryptionKey[] = [{ id: "t1", key: crypto.randomBytes(32) }];
  // livechat-api.md 7.1: the client belongs to an organization (the first one), which alone may register its webhooks.
  const ownerOrgId = crypto.randomUUID();
  emulator.seed({ clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, name: "Botdesk tests", organizationId: ownerOrgId }] });
  const orgs: SeededOrg[] = [];
  const count = options.orgs ?? 1;
  for (let index = 0; index < count; index += 1) {
    orgs.push(await seedOrg(emulator, database, keyring, index, options, index === 0 ? ownerOrgId : crypto.randomUUID()));
  }
  const receiver = options.webhooks ? await registerWorldWebhooks(emulator, database, keyring, orgs) : null;
  const workers: Worker[] = [];
  const spawned: SpawnedWorker[] = [];

  const world: World = {
    emulator,
    database,
    keyring,
    orgs,
    receiver,
    settings: (overrides = {}) => testSettings(emulator, keyring, overrides),
    async startWorker(overrides = {}, startOptions = {}) {
      const settings = testSettings(emulator, keyring, overrides);
      const log = startOptions.log ?? quietLogger();
      const credentials = new DbCredentialSource({
        db: database.db,
        keyring,
        accounts: { accountsUrl: emulator.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      });
      const worker = new Worker({
        db: database.db,
        provider: database.provider,
        databaseUrl: database.url,
        settings,
        credentials,
        log,
        serveHealth: startOptions.serveHealth ?? false,
      });
      workers.push(worker);
      await worker.start();
      return worker;
    },
    workerEnv: (workerId, extra = {}) => ({
      DATABASE_URL: database.url,
      LIVECHAT_CLIENT_ID: CLIENT_ID,
      LIVECHAT_CLIENT_SECRET: CLIENT_SECRET,
      LIVECHAT_ACCOUNTS_URL: emulator.url,
      LIVECHAT_API_URL: emulator.url,
      TOKEN_ENCRYPTION_KEYS: keyring.map((key) => `${key.id}:${key.key.toString("base64")}`).join(","),
      WORKER_ID: workerId,
      WORKER_HEALTH_PORT: "0",
      WORKER_PING_INTERVAL_MS: "500",
      WORKER_LOGIN_TIMEOUT_MS: "3000",
      WORKER_CHAT_SYNC_INTERVAL_MS: "300",
      WORKER_BACKOFF_BASE_MS: "50",
      WORKER_BACKOFF_CAP_MS: "500",
      WORKER_LEASE_TTL_MS: "3000",
      WORKER_CONFIG_POLL_INTERVAL_MS: "200",
      LOG_LEVEL: "info",
      ...extra,
    }),
    spawnWorker(workerId, env = {}, nodeArgs = []) {
      const child = spawnWorkerProcess(world.workerEnv(workerId, env), nodeArgs);
      spawned.push(child);
      return child;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.stop({ force: true }).catch(() => undefined)));
      await Promise.all(spawned.map((child) => child.kill("SIGKILL")));
      await emulator.close();
      await receiver?.close();
      await database.drop();
    },
  };
  return world;
}

export function testSettings(emulator: Emulator, keyring: EncryptionKey[], overrides: Partial<WorkerSettings> = {}): WorkerSettings {
  const base: WorkerSettings = {
    workerId: `test-${crypto.randomBytes(3).toString("hex")}`,
    version: WORKER_VERSION,
    apiUrl: emulator.url,
    accountsUrl: emulator.url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    keyring,
    healthPort: 0,
    catchUpWindowMs: 600_000,
    rtm: {
      loginTimeoutMs: 3_000,
      requestTimeoutMs: 3_000,
      pingIntervalMs: 500,
      silenceTimeoutMs: 1_500,
      handshakeTimeoutMs: 3_000,
      closeTimeoutMs: 500,
      backoff: { baseMs: 50, capMs: 500, resetAfterMs: 2_000 },
    },
    chatSyncIntervalMs: 300,
    reconcileIntervalMs: 600_000,
    inboxPollIntervalMs: 50,
    requestCountFlushMs: 200,
    leaseTtlMs: 3_000,
    leaseRenewIntervalMs: 1_000,
    leaseRenewDeadlineMs: 2_000,
    leaseScanIntervalMs: 300,
    tokenRefreshMarginMs: 900_000,
    configPollIntervalMs: 200,
    drainTimeoutMs: 5_000,
    maxOrganizations: 2_000,
    botTokenLifetimeMs: 86_400_000,
    botTokenRenewAfterMs: 43_200_000,
    webApiTimeoutMs: 3_000,
    serverErrorRetries: 3,
    rateLimitMaxWaitMs: 30_000,
    heartbeatIntervalMs: 1_000,
  };
  return { ...base, ...overrides, rtm: { ...base.rtm, ...(overrides.rtm ?? {}) } };
}

async function seedOrg(
  emulator: Emulator,
  database: TestDatabase,
  keyring: EncryptionKey[],
  index: number,
  options: WorldOptions,
  livechatOrgId: string,
): Promise<SeededOrg> {
  const suffix = `${index}-${crypto.randomBytes(3).toString("hex")}`;
  const adminEmail = `admin-${suffix}@acme.example`;
  const humanEmail = `human-${suffix}@acme.example`;
  const seeded = emulator.seed({
    organizations: [
      {
        id: livechatOrgId,
        name: `Org ${suffix}`,
        groups: [
          { id: 0, name: "General" },
          { id: HUMAN_GROUP, name: "Humans" },
        ],
        agents: [
          { name: `Admin ${suffix}`, email: adminEmail, role: "administrator", groups: [0, HUMAN_GROUP] },
          { name: `Human ${suffix}`, email: humanEmail, role: "normal", groups: [0, HUMAN_GROUP] },
        ],
        bots: [{ name: `Bot ${suffix}`, ownerClientId: CLIENT_ID, groups: [{ id: 0, priority: "first" }], maxChatsCount: 100, routingStatus: options.emulatorBotStatus ?? "offline" }],
      },
    ],
  });
  const seededOrg = seeded.organizations[0];
  const seededBot = seededOrg?.bots[0];
  const admin = seededOrg?.agents.find((agent) => agent.email === adminEmail);
  if (!seededOrg || !seededBot || !admin) throw new Error("emulator seed did not return the organization");
  const tokens = emulator.issueTokensFor(adminEmail, CLIENT_ID);
  const { db } = database;

  const user = await db.user.create({ data: { accountId: admin.accountId, email: adminEmail, name: `Admin ${suffix}` } });
  const org = await db.organization.create({ data: { livechatOrganizationId: livechatOrgId, name: `Org ${suffix}` } });
  await db.membership.create({ data: { userId: user.id, orgId: org.id, role: "administrator" } });
  const credentialId = crypto.randomUUID();
  await db.credential.create({
    data: {
      id: credentialId,
      userId: user.id,
      orgId: org.id,
      accessTokenEnc: sealSecret(tokens.access_token, { table: "Credential", id: credentialId, column: "accessTokenEnc" }, keyring),
      refreshTokenEnc: sealSecret(tokens.refresh_token, { table: "Credential", id: credentialId, column: "refreshTokenEnc" }, keyring),
      accessTokenExpiresAt: new Date(Date.now() + tokens.expires_in * 1000),
      scopes: tokens.scope,
    },
  });
  await db.organization.update({ where: { id: org.id }, data: { connectionCredentialId: credentialId } });
  const botId = crypto.randomUUID();
  await db.bot.create({
    data: {
      id: botId,
      orgId: org.id,
      livechatBotId: seededBot.id,
      name: `Bot ${suffix}`,
      ownerClientId: CLIENT_ID,
      secretEnc: sealSecret(seededBot.secret, { table: "Bot", id: botId, column: "secretEnc" }, keyring),
      desiredRoutingStatus: options.desiredRoutingStatus ?? "accepting_chats",
      groups: JSON.stringify([{ id: 0, priority: "first" }]),
      ruleSettings: JSON.stringify(options.ruleSettings ?? {}),
    },
  });
  const rules = options.rules ?? DEFAULT_RULES;
  for (const [position, rule] of rules.entries()) {
    await db.rule.create({
      data: { orgId: org.id, botId, position, name: rule.name, enabled: rule.enabled ?? true, definition: JSON.stringify(rule.definition) },
    });
  }
  return { orgId: org.id, livechatOrgId, adminEmail, adminAgentId: admin.agentId, humanEmail, credentialId, adminUserId: user.id, bot: { id: botId, livechatBotId: seededBot.id, secret: seededBot.secret } };
}

/** Registers the webhooks as the owning organization's admin would, pointed at a receiver served here. */
async function registerWorldWebhooks(emulator: Emulator, database: TestDatabase, keyring: EncryptionKey[], orgs: SeededOrg[]): Promise<WebhookReceiver> {
  const owner = orgs[0];
  if (!owner) throw new Error("a world with webhooks needs an organization");
  const receiver = await startWebhookReceiver({ db: database.db, clientId: CLIENT_ID, keyring, log: quietLogger() });
  const view = await registerWebhooksWith(
    database.db,
    { orgId: owner.orgId, userId: owner.adminUserId },
    {
      config: { clientId: CLIENT_ID, apiUrl: emulator.url, url: receiver.url, keyring },
      accounts: { accountsUrl: emulator.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      meterFor: () => ({ record: () => undefined }),
    },
  );
  if (view.state !== "registered") throw new Error(`webhooks not registered: ${view.lastError ?? view.state}`);
  return receiver;
}

// ── Waiting and reading ──────────────────────────────────────────────────────────────────────

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (${String(lastError)})` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Bot replies in a chat (events authored by a bot and marked with our custom id). */
export function botReplies(emulator: Emulator, chatId: string): TranscriptEvent[] {
  return emulator.getTranscript(chatId).events.filter((event) => event.authorType === "bot" && event.type === "message");
}

/** Replies to one customer event (our custom id names it). */
export function repliesTo(emulator: Emulator, chatId: string, eventId: string): TranscriptEvent[] {
  return botReplies(emulator, chatId).filter((event) => event.customId?.endsWith(`-${eventId}`));
}

/** Starts a chat routed to the org's bot and waits until the worker follows it. */
export async function startBotChat(world: World, org: SeededOrg, message?: string): Promise<{ chatId: string; threadId: string; customerId: string }> {
  await waitFor("the bot to accept chats", () => world.emulator.bots(org.livechatOrgId).find((bot) => bot.id === org.bot.livechatBotId)?.routingStatus === "accepting_chats");
  const chat = world.emulator.startChat({ organizationId: org.livechatOrgId, customer: { name: "Casey", email: "casey@example.com" }, ...(message ? { message } : {}) });
  await waitFor("the bot to be in the chat", () => world.emulator.getTranscript(chat.chatId).agents.some((agent) => agent.id === org.bot.livechatBotId));
  return chat;
}

/** Waits until the organization's admin follows the chat's current thread (4.8). */
export async function waitFollowed(world: World, org: SeededOrg, chatId: string, timeoutMs = 10_000): Promise<void> {
  const adminAgentId = org.adminAgentId;
  await waitFor(
    "the worker to follow the chat",
    () => {
      const threads = world.emulator.getChat(chatId).threads;
      const last = threads[threads.length - 1];
      return last?.followers.some((follower) => follower === adminAgentId) ?? false;
    },
    timeoutMs,
  );
}

export interface SpawnedWorker {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
  waitForLog(fragment: string, timeoutMs?: number): Promise<string>;
}

export function spawnWorkerProcess(env: Record<string, string>, nodeArgs: string[] = []): SpawnedWorker {
  const root = path.resolve(import.meta.dirname, "../../..");
  // Node itself with tsx as a loader, so signals reach the worker (not a wrapper process).
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "worker/main.ts"], { cwd: root, env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let buffer = "";
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      lines.push(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    waitForLog: (fragment, timeoutMs = 20_000) => waitFor(`log "${fragment}"`, () => lines.find((line) => line.includes(fragment)), timeoutMs, 50),
  };
}
