// The LiveChat reads the Bots page repeats are made once per 30 s (finding 2 of the security review:
// LiveChat bills every request), counted by the emulator's bill over real HTTP, on both databases
// (the organization's configVersion, bumped by every bot change, is part of the key).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { notifyConfigChanged } from "../../../lib/data/config-version";
import { invalidateLiveChatReads, liveChatReads, READ_CACHE_TTL_MS, type ReadScope } from "../../../lib/livechat-cache/livechat-reads";
import { BOT_MANAGEMENT_SCOPE_PARAM } from "../../../lib/livechat/scopes";
import { parseScopes } from "../../../lib/livechat/scopes";
import { DEMO_ACCOUNTS, DEMO_CLIENT_ID, type Emulator } from "../../emulator";
import type { TestProvider } from "../../helpers/database";
import { startAuthWorld, startEmulatorForAuth, type AuthWorld } from "./world";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulatorForAuth();
});
afterAll(async () => {
  await emulator?.close();
});
afterEach(() => {
  vi.useRealTimers();
  emulator.faults.clear();
});

/** What GET /bots asks LiveChat for (lib/bots/manage-bots.ts `listBots`). */
async function botsPageReads(scope: ReadScope) {
  const reads = liveChatReads(scope);
  return Promise.all([reads.listBots({ all: true, fields: ["groups", "job_title", "max_chats_count", "work_scheduler"] }), reads.listRoutingStatuses({})]);
}

const billed = (action: string) => emulator.requestCounts().byAction[action] ?? 0;

describe.each<TestProvider>(["sqlite", "postgresql"])("cached LiveChat reads on %s", (provider) => {
  let world: AuthWorld;
  let scope: ReadScope;

  beforeAll(async () => {
    world = await startAuthWorld(provider, emulator);
    const owner = await world.signIn(DEMO_ACCOUNTS.owner.email, { botManagement: true });
    const token = emulator.issueTokensFor(DEMO_ACCOUNTS.owner.email, DEMO_CLIENT_ID, { scopes: parseScopes(BOT_MANAGEMENT_SCOPE_PARAM) }).access_token;
    scope = { db: world.database.db, orgId: owner.orgId, api: { apiUrl: emulator.url, token } };
  });
  afterAll(async () => {
    await world?.close();
  });
  beforeEach(() => {
    invalidateLiveChatReads(scope.orgId);
    emulator.resetRequestCounts();
  });

  it("asks LiveChat once for two visits of the Bots page in a row, and once for visits at the same moment", async () => {
    const first = await botsPageReads(scope);
    const second = await botsPageReads(scope);
    expect(second).toEqual(first);
    await Promise.all([botsPageReads(scope), botsPageReads(scope), botsPageReads(scope)]);
    expect(billed("configuration:list_bots")).toBe(1);
    expect(billed("agent-web:list_routing_statuses")).toBe(1);
    expect(emulator.requestCounts().total).toBe(2);
  });

  it("asks again after 30 seconds", async () => {
    await botsPageReads(scope);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + READ_CACHE_TTL_MS - 1_000);
    await botsPageReads(scope);
    expect(billed("configuration:list_bots")).toBe(1);
    vi.setSystemTime(Date.now() + 2_000);
    await botsPageReads(scope);
    expect(billed("configuration:list_bots")).toBe(2);
  });

  it("asks again at once after a bot change, on every dashboard instance (the configVersion moved)", async () => {
    await botsPageReads(scope);
    await notifyConfigChanged(world.database.db, scope.orgId);
    await botsPageReads(scope);
    expect(billed("configuration:list_bots")).toBe(2);
    invalidateLiveChatReads(scope.orgId);
    await botsPageReads(scope);
    expect(billed("configuration:list_bots")).toBe(3);
  });

  it("keeps each member's authorization apart", async () => {
    await botsPageReads(scope);
    const adminToken = emulator.issueTokensFor(DEMO_ACCOUNTS.administrator.email, DEMO_CLIENT_ID).access_token;
    await botsPageReads({ ...scope, api: { ...scope.api, token: adminToken } });
    expect(billed("configuration:list_bots")).toBe(2);
  });

  it("never keeps a failure, and hands out copies", async () => {
    emulator.faults.serverErrors({ count: 1, surfaces: ["configuration"], actions: ["list_groups"], type: "service_unavailable" });
    await expect(liveChatReads(scope).listGroups()).rejects.toMatchObject({ name: "LiveChatError" });
    const groups = await liveChatReads(scope).listGroups();
    expect(groups.map((group) => group.name)).toEqual(["General", "Sales"]);
    groups[0]!.name = "Changed by a caller";
    expect((await liveChatReads(scope).listGroups())[0]!.name).toBe("General");
    expect(emulator.requestLog({ action: "list_groups" }).map((entry) => entry.status).slice(-2)).toEqual([503, 200]);
  });
});
