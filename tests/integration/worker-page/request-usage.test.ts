// The Worker page's request figures on SQLite and PostgreSQL (lib/data/request-usage.ts), at a fixed
// "now": requests today and this month by action, most first, with failed ones and totals; the
// estimated cost at a given price, the month projected at its daily rate so far, and the cost per
// answered message; last month's rows and another organization's never counted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRequestUsage } from "@/lib/data/request-usage";
import type { TestProvider } from "../../helpers/database";
import { seedCount, seedOutcome, startWorkerPageWorld, type WorkerPageWorld } from "./support";

/** Midnight starting 11 April: exactly 10 days of April have passed; April has 30. */
const NOW = new Date("2026-04-11T00:00:00.000Z");
const PRICE = 0.5;

describe.each<TestProvider>(["sqlite", "postgresql"])("request usage on %s", (provider) => {
  let world: WorkerPageWorld;
  const usage = (orgId: string, options: { now?: Date; price?: number } = {}) =>
    getRequestUsage(world.database.db, { orgId, pricePer1000Usd: options.price ?? PRICE, now: options.now ?? NOW });

  beforeAll(async () => {
    world = await startWorkerPageWorld(provider);
    const { a, b } = world.f;
    const counts = [
      { day: "2026-04-11", action: "list_chats", count: 30, failed: 2 },
      { day: "2026-04-11", action: "send_event", count: 10, failed: 0 },
      { day: "2026-04-11", action: "get_chat", count: 10, failed: 1 },
      { day: "2026-04-10", action: "send_event", count: 45, failed: 1 },
      { day: "2026-04-01", action: "list_chats", count: 100, failed: 0 },
      { day: "2026-04-01", action: "update_bot", count: 5, failed: 5 },
      { day: "2026-03-31", action: "list_chats", count: 999, failed: 0 }, // last month
    ];
    for (const row of counts) await seedCount(world.database, { orgId: a.orgId, ...row });
    await seedCount(world.database, { orgId: b.orgId, day: "2026-04-11", action: "list_chats", count: 5000, failed: 17 });
    await seedCount(world.database, { orgId: b.orgId, day: "2026-04-11", action: "create_bot", count: 3 });

    const outcomes = [
      ["replied", "2026-04-01T00:00:00.000Z"],
      ["replied", "2026-04-10T12:00:00.000Z"],
      ["handed_over", "2026-04-10T23:59:59.000Z"],
      ["replied", "2026-04-05T08:00:00.000Z"],
      ["no_match", "2026-04-05T08:01:00.000Z"],
      ["suppressed", "2026-04-05T08:02:00.000Z"],
      ["failed", "2026-04-06T08:00:00.000Z"],
      ["tagged", "2026-04-06T08:01:00.000Z"],
      ["replied", "2026-03-31T23:59:59.000Z"], // last month
    ] as const;
    for (const [outcome, at] of outcomes) await seedOutcome(world.database, { orgId: a.orgId, outcome, createdAt: new Date(at) });
    await seedOutcome(world.database, { orgId: b.orgId, outcome: "replied", createdAt: new Date("2026-04-10T00:00:00.000Z") });
  });
  afterAll(async () => {
    await world?.close();
  });

  it("counts today's requests by action, most first (ties by name), with failed ones and the total", async () => {
    const { today } = await usage(world.f.a.orgId);
    expect(today).toEqual({
      from: "2026-04-11",
      byAction: [
        { action: "list_chats", count: 30, failed: 2 },
        { action: "get_chat", count: 10, failed: 1 },
        { action: "send_event", count: 10, failed: 0 },
      ],
      total: 50,
      failed: 3,
      estimatedCostUsd: 0.025,
    });
  });

  it("sums this month's days by action, leaving last month out", async () => {
    const { month } = await usage(world.f.a.orgId);
    expect(month).toMatchObject({
      from: "2026-04-01",
      byAction: [
        { action: "list_chats", count: 130, failed: 2 },
        { action: "send_event", count: 55, failed: 1 },
        { action: "get_chat", count: 10, failed: 1 },
        { action: "update_bot", count: 5, failed: 5 },
      ],
      total: 200,
      failed: 9,
    });
  });

  it("estimates the cost at the given price and projects the month at its daily rate so far", async () => {
    const result = await usage(world.f.a.orgId);
    expect(result.pricePer1000Usd).toBe(PRICE);
    // 200 requests × $0.50 / 1,000; 200 in 10 days → 20 a day → 600 in April's 30 days.
    expect(result.month).toMatchObject({ estimatedCostUsd: 0.1, projectedTotal: 600, projectedCostUsd: 0.3 });
  });

  it("divides the month's cost by the messages a bot replied to or handed over this month", async () => {
    const { month } = await usage(world.f.a.orgId);
    // Three replies and one hand-over in April; no_match, suppressed, failed, tagged and March's reply do not count.
    expect(month.answeredMessages).toBe(4);
    expect(month.costPerAnsweredMessageUsd).toBe(0.025);
  });

  it("says there is no cost per answered message when nothing was answered", async () => {
    const { month } = await usage(world.f.a.orgId, { now: new Date("2026-06-03T00:00:00.000Z") });
    expect(month).toMatchObject({ total: 0, estimatedCostUsd: 0, projectedTotal: 0, answeredMessages: 0, costPerAnsweredMessageUsd: null });
  });

  it("keeps float noise out of the money: whole micro-dollars", async () => {
    const b = await usage(world.f.b.orgId, { price: 0.27 });
    expect(b.today.estimatedCostUsd).toBe(1.35081); // 5,003 × 0.27 / 1,000
    const org = await world.database.db.organization.create({ data: { livechatOrganizationId: "c-livechat-org", name: "Organization c" } });
    await seedCount(world.database, { orgId: org.id, day: "2026-04-11", action: "list_bots", count: 3 });
    const c = await usage(org.id, { price: 0.27 });
    expect(c.today.estimatedCostUsd).toBe(0.00081);
  });

  it("does not extrapolate the first hours of a month: the rate is taken over at least one day", async () => {
    await seedCount(world.database, { orgId: world.f.a.orgId, day: "2026-05-01", action: "list_chats", count: 40 });
    const { month } = await usage(world.f.a.orgId, { now: new Date("2026-05-01T06:00:00.000Z") });
    expect(month).toMatchObject({ total: 40, projectedTotal: 40 * 31 });
  });

  it("never counts another organization's requests or answers", async () => {
    const a = await usage(world.f.a.orgId);
    expect(a.today.byAction.map((row) => row.action)).not.toContain("create_bot");
    expect(a.today.total).toBe(50);
    const b = await usage(world.f.b.orgId);
    expect(b.month).toMatchObject({ total: 5003, failed: 17, answeredMessages: 1 });
  });
});
