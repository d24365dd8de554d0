// The Worker page's API on SQLite and PostgreSQL: `GET /api/orgs/[orgId]/worker` answers how new
// chats reach the worker (webhooks or listing, the last delivery for this organization), this
// organization's LiveChat requests priced at LIVECHAT_PRICE_PER_1000_REQUESTS_USD, and LiveChat's
// recent version notices, to every member and never with another organization's numbers;
// `POST …/worker/webhooks` ("Register again") is refused to normal agents and other sites, and a
// failed attempt answers in the project's error shape and shows on the page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as webhooksRoute from "@/app/api/orgs/[orgId]/worker/webhooks/route";
import * as workerRoute from "@/app/api/orgs/[orgId]/worker/route";
import { utcDay } from "@/lib/data/request-counts";
import type { ErrorBody } from "@/lib/http/error-response";
import type { WebhookIntakeView, WorkerStatusView } from "@/lib/swr/use-worker-status";
import type { TestProvider } from "../../helpers/database";
import { snapshotDatabase } from "../../helpers/tenant-isolation/fixtures";
import {
  DEFAULT_WEBHOOK_URL,
  TEST_PRICE_PER_1000_USD,
  seedCount,
  seedNotice,
  seedOutcome,
  seedRegisteredInstallation,
  startWorkerPageWorld,
  type WorkerPageWorld,
} from "./support";

const DAY_MS = 86_400_000;

describe.each<TestProvider>(["sqlite", "postgresql"])("the Worker page API on %s", (provider) => {
  let world: WorkerPageWorld;
  const now = new Date();
  const today = utcDay(now);
  const lastMonth = utcDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)));

  beforeAll(async () => {
    world = await startWorkerPageWorld(provider);
    const { a, b } = world.f;
    await seedCount(world.database, { orgId: a.orgId, day: today, action: "list_chats", count: 12, failed: 1 });
    await seedCount(world.database, { orgId: a.orgId, day: today, action: "list_bots", count: 3 });
    await seedCount(world.database, { orgId: a.orgId, day: lastMonth, action: "list_chats", count: 500 });
    await seedCount(world.database, { orgId: b.orgId, day: today, action: "b_only_action", count: 777, failed: 7 });
    await seedOutcome(world.database, { orgId: a.orgId, outcome: "replied", createdAt: now });
    await seedOutcome(world.database, { orgId: a.orgId, outcome: "handed_over", createdAt: now });
    await seedOutcome(world.database, { orgId: b.orgId, outcome: "replied", createdAt: now });
    await seedNotice(world.database, { header: "Deprecation", value: "@1798675200", action: "list_chats", firstSeenAt: new Date(now.getTime() - 3 * DAY_MS), lastSeenAt: new Date(now.getTime() - DAY_MS) });
    await seedNotice(world.database, { header: "Legacy", value: "2026-01-31", action: "send_event", firstSeenAt: new Date(now.getTime() - 60 * DAY_MS), lastSeenAt: new Date(now.getTime() - 31 * DAY_MS) });
  });
  afterAll(async () => {
    await world?.close();
  });

  const page = async (cookie = world.f.a.agent.cookie) => {
    const answer = await world.call<WorkerStatusView>(workerRoute.GET, { cookie, orgId: world.f.a.orgId });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    return answer.body;
  };
  const registerAgain = (cookie: string, origin?: string) =>
    world.call<{ webhooks: WebhookIntakeView } | ErrorBody>(webhooksRoute.POST, { method: "POST", cookie, orgId: world.f.a.orgId, origin });

  it("keeps the workers and the connection, and says the worker lists chats while webhooks are not registered", async () => {
    const body = await page();
    expect(body).toHaveProperty("workers");
    expect(body).toHaveProperty("connection");
    expect(body.webhooks).toEqual({
      state: "not_registered",
      url: DEFAULT_WEBHOOK_URL,
      lastError: null,
      registeredAt: null,
      actions: [],
      lastDeliveryAt: null,
      intake: "listing",
    });
  });

  it("shows this organization's requests today and this month, priced at the configured price", async () => {
    const { requests } = await page();
    expect(requests.pricePer1000Usd).toBe(TEST_PRICE_PER_1000_USD);
    expect(requests.today).toEqual({
      from: today,
      byAction: [
        { action: "list_chats", count: 12, failed: 1 },
        { action: "list_bots", count: 3, failed: 0 },
      ],
      total: 15,
      failed: 1,
      estimatedCostUsd: 0.006, // 15 × $0.40 / 1,000
    });
    // Last month's 500 are not this month's.
    expect(requests.month).toMatchObject({ total: 15, failed: 1, estimatedCostUsd: 0.006, answeredMessages: 2, costPerAnsweredMessageUsd: 0.003 });
  });

  it("lists LiveChat's version notices of the last 30 days", async () => {
    const { notices } = await page();
    expect(notices).toEqual([
      { header: "Deprecation", value: "@1798675200", action: "list_chats", firstSeenAt: expect.any(String), lastSeenAt: expect.any(String) },
    ]);
  });

  it("never shows another organization's counts, and answers 404 to another organization's owner", async () => {
    const text = JSON.stringify(await page(world.f.a.owner.cookie));
    expect(text).not.toContain("b_only_action");
    expect(text).not.toContain(world.f.b.orgId);
    const other = await world.call<ErrorBody>(workerRoute.GET, { cookie: world.f.b.owner.cookie, orgId: world.f.a.orgId });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe("not_found");
  });

  it("refuses “Register again” to a normal agent and to another site, changing nothing", async () => {
    const before = await snapshotDatabase(world.database.db);
    const installationsBefore = await world.database.db.webhookInstallation.findMany();
    const agent = await registerAgain(world.f.a.agent.cookie);
    expect(agent.status).toBe(403);
    expect(agent.body).toEqual({ error: { code: "forbidden", message: expect.stringContaining("Only owners") } });
    const crossSite = await registerAgain(world.f.a.owner.cookie, "https://evil.example");
    expect(crossSite.status).toBe(403);
    const outsider = await registerAgain(world.f.b.owner.cookie);
    expect(outsider.status).toBe(404);
    expect(await snapshotDatabase(world.database.db)).toEqual(before);
    expect(await world.database.db.webhookInstallation.findMany()).toEqual(installationsBefore);
  });

  it("answers a failed “Register again” in the error shape, and the page then shows the failure in the same words", async () => {
    // LiveChat is a closed port here: the owner's attempt cannot reach it.
    const answer = await registerAgain(world.f.a.owner.cookie);
    expect(answer.status).toBe(503);
    const { error } = answer.body as ErrorBody;
    expect(error).toEqual(expect.objectContaining({ code: "unavailable", message: expect.any(String) }));
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const { webhooks } = await page();
    expect(webhooks).toMatchObject({ state: "failed", lastError: error.message, intake: "listing" });
  });

  it("says new chats arrive by webhooks once registered, with the last delivery for this organization only", async () => {
    const registeredAt = new Date(now.getTime() - 2 * 3_600_000);
    const delivered = new Date(now.getTime() - 60_000);
    await seedRegisteredInstallation(world.database, { url: DEFAULT_WEBHOOK_URL, registeredAt, actions: ["incoming_event", "incoming_chat"] });
    await world.database.db.organization.update({ where: { id: world.f.a.orgId }, data: { lastWebhookAt: delivered } });
    await world.database.db.organization.update({ where: { id: world.f.b.orgId }, data: { lastWebhookAt: now } });
    const { webhooks } = await page();
    expect(webhooks).toEqual({
      state: "registered",
      url: DEFAULT_WEBHOOK_URL,
      lastError: null,
      registeredAt: registeredAt.toISOString(),
      actions: ["incoming_chat", "incoming_event"],
      lastDeliveryAt: delivered.toISOString(),
      intake: "webhooks",
    });
  });
});
