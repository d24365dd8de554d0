// The dashboard counts every LiveChat request it makes for an organization (livechat-api.md 10.1):
// the bots API and the groups picker against the emulator over HTTP, with a real SQLite database,
// then a flush of the web app's buffer; the counts per action match what the emulator would bill,
// a token refresh is counted too, LiveChat's `Deprecation` header is kept as a notice (10.2), and
// "Register again" on the Worker page registers the webhooks and shows its requests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as botRoute from "@/app/api/orgs/[orgId]/bots/[botId]/route";
import * as botsRoute from "@/app/api/orgs/[orgId]/bots/route";
import * as groupsRoute from "@/app/api/orgs/[orgId]/groups/route";
import * as webhooksRoute from "@/app/api/orgs/[orgId]/worker/webhooks/route";
import * as workerRoute from "@/app/api/orgs/[orgId]/worker/route";
import { getDb } from "@/lib/db";
import { utcDay, type RequestCountBuffer } from "@/lib/data/request-counts";
import { webRequestCounts } from "@/lib/data/web-request-meter";
import type { WebhookIntakeView, WorkerStatusView } from "@/lib/swr/use-worker-status";
import { buildDemoSeed, DEMO_ACCOUNTS, DEMO_ORGANIZATION_ID } from "../../emulator";
import { startRouteWorld, type Member, type RouteWorld } from "../bots/support/route-world";

let world: RouteWorld;
let owner: Member;
let agent: Member;

beforeAll(async () => {
  world = await startRouteWorld(buildDemoSeed());
  owner = await world.signIn(DEMO_ACCOUNTS.owner.email, { botManagement: true });
  agent = await world.signIn(DEMO_ACCOUNTS.agent.email);
});
afterAll(async () => {
  const holder = globalThis as { __botdeskRequestCounts?: RequestCountBuffer };
  await holder.__botdeskRequestCounts?.stop();
  delete holder.__botdeskRequestCounts;
  await world?.close();
});

type Counts = Record<string, { count: number; failed: number }>;

/** What the database holds for the organization today, after writing what the buffer has. */
async function storedCounts(orgId: string): Promise<Counts> {
  await webRequestCounts().flush();
  const rows = await getDb().liveChatRequestCount.findMany({ where: { orgId } });
  expect(rows.every((row) => row.day === utcDay(new Date()))).toBe(true);
  return Object.fromEntries(rows.map((row) => [row.action, { count: row.count, failed: row.failed }]));
}

/** The requests a call added, by action. */
async function countedDuring(orgId: string, call: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = await storedCounts(orgId);
  await call();
  const after = await storedCounts(orgId);
  const added: Record<string, number> = {};
  for (const [action, { count }] of Object.entries(after)) {
    const delta = count - (before[action]?.count ?? 0);
    if (delta > 0) added[action] = delta;
  }
  return added;
}

/** What the emulator would bill the organization for during a call, by action without its surface. */
async function billedDuring(call: () => Promise<unknown>): Promise<Record<string, number>> {
  world.emulator.resetRequestCounts();
  await call();
  const billed = world.emulator.requestCounts({ organizationId: DEMO_ORGANIZATION_ID }).byAction;
  return Object.fromEntries(Object.entries(billed).map(([key, count]) => [key.slice(key.indexOf(":") + 1), count]));
}

describe("metering the dashboard's LiveChat requests", () => {
  it("counts the bots list under the organization, as LiveChat bills it: list_bots and list_routing_statuses", async () => {
    let status = 0;
    const billed = await billedDuring(async () => {
      const counted = await countedDuring(owner.orgId, async () => {
        status = (await world.call(botsRoute.GET, "GET", owner)).status;
      });
      expect(counted).toEqual({ list_bots: 1, list_routing_statuses: 1 });
    });
    expect(status).toBe(200);
    expect(billed).toEqual({ list_bots: 1, list_routing_statuses: 1 });
  });

  it("counts the groups picker, and a bot created and deleted", async () => {
    expect(await countedDuring(owner.orgId, () => world.call(groupsRoute.GET, "GET", owner))).toEqual({ list_groups: 1 });
    let botId = "";
    const created = await countedDuring(owner.orgId, async () => {
      const answer = await world.call<{ bot: { id: string } }>(botsRoute.POST, "POST", owner, { body: { name: "Metered helper" } });
      expect(answer.status).toBe(201);
      botId = answer.body.bot.id;
    });
    expect(created).toEqual({ create_bot: 1 });
    const deleted = await countedDuring(owner.orgId, async () => {
      expect((await world.call(botRoute.DELETE, "DELETE", owner, { params: { botId } })).status).toBe(204);
    });
    expect(deleted).toEqual({ delete_bot: 1 });
  });

  it("counts the token refresh that comes before a call when the access token is about to expire", async () => {
    await getDb().credential.updateMany({ where: { userId: owner.userId, orgId: owner.orgId }, data: { accessTokenExpiresAt: new Date(Date.now() + 60_000) } });
    const counted = await countedDuring(owner.orgId, () => world.call(groupsRoute.GET, "GET", owner));
    expect(counted).toEqual({ refresh_token: 1, list_groups: 1 });
  });

  it("keeps LiveChat's Deprecation header as a notice the Worker page shows", async () => {
    world.emulator.setApiNotices({ deprecation: "@1798675200" });
    try {
      await world.call(botsRoute.GET, "GET", owner);
    } finally {
      world.emulator.setApiNotices({});
    }
    await webRequestCounts().flush();
    const page = await world.call<WorkerStatusView>(workerRoute.GET, "GET", agent);
    expect(page.status).toBe(200);
    expect(page.body.notices).toEqual([expect.objectContaining({ header: "Deprecation", value: "@1798675200" })]);
    expect(["list_bots", "list_routing_statuses"]).toContain(page.body.notices[0]!.action);
  });

  it("registers the webhooks again for an owner, counted under the organization; a normal agent gets 403", async () => {
    expect((await world.call(webhooksRoute.POST, "POST", agent)).status).toBe(403);
    let answer: { status: number; body: { webhooks: WebhookIntakeView } } | undefined;
    const counted = await countedDuring(owner.orgId, async () => {
      answer = await world.call<{ webhooks: WebhookIntakeView }>(webhooksRoute.POST, "POST", owner);
    });
    expect(answer?.status).toBe(200);
    expect(answer?.body.webhooks).toMatchObject({ state: "registered", intake: "webhooks", lastError: null, lastDeliveryAt: null });
    expect(counted.register_webhook).toBeGreaterThan(0);
    const page = await world.call<WorkerStatusView>(workerRoute.GET, "GET", agent);
    expect(page.body.webhooks).toMatchObject({ state: "registered", intake: "webhooks" });
    expect(page.body.requests.today.byAction).toContainEqual(expect.objectContaining({ action: "register_webhook", count: counted.register_webhook }));
  });
});
