// The Activity feed API on SQLite and PostgreSQL: newest first, filters by bot, rule and outcome,
// keyset pages that neither skip nor repeat rows (also when rows share a timestamp), one entry with
// its trace (rows keep the deciding rule and counts for the others, older rows every rule), and
// nothing of another organization — by list, by id or by filter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as entryRoute from "@/app/api/orgs/[orgId]/activity/[activityId]/route";
import * as listRoute from "@/app/api/orgs/[orgId]/activity/route";
import type { ActivityDetail, ActivityPage } from "@/lib/data/activity";
import { compactTrace } from "@/lib/insights/activity-trace";
import { compileBot, evaluate } from "@/lib/rules";
import type { TestProvider } from "../../helpers/database";
import { ago, MINUTE, seedActivity, startInsightsWorld, type InsightsWorld } from "./support";

describe.each<TestProvider>(["sqlite", "postgresql"])("the Activity API on %s", (provider) => {
  let world: InsightsWorld;
  let otherBotId: string;
  let tracedId: string;
  let foreignId: string;
  const now = Date.now();

  beforeAll(async () => {
    world = await startInsightsWorld(provider);
    const { a, b } = world.f;
    const other = await world.database.db.bot.create({ data: { orgId: a.orgId, livechatBotId: "a-second-bot", name: "Returns Helper" } });
    otherBotId = other.id;
    // 25 rows of org A, one per minute; three share one timestamp to exercise the tie-breaker.
    for (let i = 0; i < 25; i += 1) {
      const createdAt = i >= 10 && i < 13 ? ago(10 * MINUTE, now) : ago(i * MINUTE, now);
      const isOther = i % 5 === 0;
      const row = await seedActivity(world.database, {
        orgId: a.orgId,
        botId: isOther ? otherBotId : a.botId,
        outcome: i % 3 === 0 ? "no_match" : "replied",
        ruleId: i % 3 === 0 ? null : a.ruleId,
        ruleName: i % 3 === 0 ? null : "Rule a",
        messageText: `Message number ${i}`,
        createdAt,
        trace: i === 1 ? { outcome: "rule", rules: [{ ruleId: a.ruleId, ruleName: "Rule a", position: 0, status: "fired", matchedSpan: { start: 0, end: 7 } }] } : undefined,
      });
      if (i === 1) tracedId = row.id;
    }
    const foreign = await seedActivity(world.database, { orgId: b.orgId, botId: b.botId, outcome: "replied", ruleId: b.ruleId, ruleName: "Rule b", messageText: "B's customer", createdAt: ago(0, now) });
    foreignId = foreign.id;
  });
  afterAll(async () => {
    await world?.close();
  });

  const list = (query = "", cookie = world.f.a.owner.cookie) => world.get<ActivityPage>(listRoute.GET, { cookie, orgId: world.f.a.orgId, query });

  it("lists the newest entries first with the bot's name, to every member", async () => {
    const answer = await list("", world.f.a.agent.cookie);
    expect(answer.status).toBe(200);
    expect(answer.body.items).toHaveLength(25);
    expect(answer.body.items[0]).toMatchObject({ messageText: "Message number 0", botName: "Returns Helper", outcome: "no_match", ruleName: null });
    expect(answer.body.items[1]).toMatchObject({ messageText: "Message number 1", botName: "Bot a", outcome: "replied", ruleName: "Rule a" });
    expect(answer.body.items.some((item) => item.messageText === "B's customer")).toBe(false);
    expect(answer.body.nextCursor).toBeNull();
  });

  it("pages back with a cursor without skipping or repeating rows that share a timestamp", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer: { status: number; body: ActivityPage } = await list(`limit=4${cursor ? `&cursor=${cursor}` : ""}`);
      expect(answer.status).toBe(200);
      seen.push(...answer.body.items.map((item) => item.messageText ?? ""));
      cursor = answer.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(7);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });

  it("filters by bot, by rule and by outcome, alone and together", async () => {
    const byBot = await list(`bot=${otherBotId}`);
    expect(byBot.body.items.map((item) => item.messageText)).toEqual([0, 5, 10, 15, 20].map((i) => `Message number ${i}`));
    const byRule = await list(`rule=${world.f.a.ruleId}`);
    expect(byRule.body.items).toHaveLength(16);
    expect(byRule.body.items.every((item) => item.ruleName === "Rule a")).toBe(true);
    const byOutcome = await list("outcome=no_match");
    expect(byOutcome.body.items).toHaveLength(9);
    const together = await list(`bot=${otherBotId}&outcome=replied`);
    expect(together.body.items.map((item) => item.messageText)).toEqual(["Message number 5", "Message number 10", "Message number 20"]);
  });

  it("never matches another organization's bot or rule through a filter", async () => {
    const answer = await list(`bot=${world.f.b.botId}`);
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([]);
    expect((await list(`rule=${world.f.b.ruleId}`)).body.items).toEqual([]);
  });

  it("refuses a cursor it did not make", async () => {
    const answer = await world.get<{ error: { code: string } }>(listRoute.GET, { cookie: world.f.a.owner.cookie, orgId: world.f.a.orgId, query: "cursor=bm9wZQ" });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe("validation");
  });

  it("opens one entry with the full trace of the rule evaluation", async () => {
    const answer = await world.get<{ activity: ActivityDetail }>(entryRoute.GET, {
      cookie: world.f.a.agent.cookie,
      orgId: world.f.a.orgId,
      params: { activityId: tracedId },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.activity).toMatchObject({
      id: tracedId,
      botName: "Bot a",
      ruleName: "Rule a",
      trace: { outcome: "rule", rules: [{ ruleName: "Rule a", status: "fired", matchedSpan: { start: 0, end: 7 } }] },
    });
  });

  it("keeps a row small at 200 rules: the fired rule's entry and counts for the others", async () => {
    // The trace the worker stores (activityFor → compactTrace) for a message to a 200-rule bot.
    const rules = Array.from({ length: 200 }, (_, i) => ({
      id: `rule-${String(i).padStart(3, "0")}-with-a-long-cuid-like-id`,
      name: `Rule about topic ${i} and what customers ask about it`,
      enabled: true,
      position: i,
      definition: { trigger: { type: "any_of" as const, keywords: [`topic${i}`, `subject ${i}`] }, actions: { reply: `About topic ${i}.` } },
    }));
    const evaluation = evaluate(compileBot({ bot: { id: "b", name: "Bot a" }, settings: {}, rules }), {
      text: "question about topic150 please",
      isFirstCustomerMessage: true,
      now: new Date(now),
      chat: { botReplies: 0, unmatchedCount: 0, handedOver: false, ruleFirings: {} },
    });
    const row = await seedActivity(world.database, {
      orgId: world.f.a.orgId,
      botId: world.f.a.botId,
      outcome: "replied",
      ruleId: evaluation.ruleId,
      ruleName: evaluation.ruleName,
      messageText: "question about topic150 please",
      createdAt: ago(30 * MINUTE, now),
      trace: compactTrace(evaluation),
    });
    const stored = await world.database.db.activity.findUniqueOrThrow({ where: { id: row.id } });
    expect(Buffer.byteLength(stored.trace!, "utf8")).toBeLessThan(4_096);
    expect(JSON.stringify(evaluation.trace).length).toBeGreaterThan(20_000); // what a row used to keep
    const answer = await world.get<{ activity: ActivityDetail }>(entryRoute.GET, { cookie: world.f.a.agent.cookie, orgId: world.f.a.orgId, params: { activityId: row.id } });
    expect(answer.body.activity.trace).toMatchObject({
      outcome: "rule",
      rules: [{ ruleName: "Rule about topic 150 and what customers ask about it", status: "fired", position: 150, matchedSpan: { start: 15, end: 23 } }],
      summary: { ruleCount: 200, others: { no_match: 150, shadowed: 49 } },
    });
    await world.database.db.activity.delete({ where: { id: row.id } });
  });

  it("answers 404 for another organization's entry, named under one's own organization", async () => {
    const answer = await world.get<{ error: { code: string } }>(entryRoute.GET, {
      cookie: world.f.a.owner.cookie,
      orgId: world.f.a.orgId,
      params: { activityId: foreignId },
    });
    expect(answer.status).toBe(404);
    expect(JSON.stringify(answer.body)).not.toContain("B's customer");
  });

  it("answers 404 to a member of another organization asking for this one's feed", async () => {
    const answer = await world.get(listRoute.GET, { cookie: world.f.b.owner.cookie, orgId: world.f.a.orgId });
    expect(answer.status).toBe(404);
  });
});
