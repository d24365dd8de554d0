// Rule statistics and the unmatched-message list on SQLite and PostgreSQL, from Activity rows with
// backdated timestamps: firings in the last 24 h and 7 days and the last one per rule (a failed
// action counts, a suppressed or missed message does not), and the customer messages no rule
// matched, grouped by text, newest first, without another organization's rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as statsRoute from "@/app/api/orgs/[orgId]/stats/rules/route";
import type { RuleStats } from "@/lib/data/rule-stats";
import type { TestProvider } from "../../helpers/database";
import { ago, containsRule, DAY, HOUR, MINUTE, seedActivity, startInsightsWorld, type InsightsWorld } from "./support";

describe.each<TestProvider>(["sqlite", "postgresql"])("rule statistics on %s", (provider) => {
  let world: InsightsWorld;
  let refundRuleId: string;
  let quietRuleId: string;
  let secondBotId: string;
  const now = Date.now();

  beforeAll(async () => {
    world = await startInsightsWorld(provider);
    const { a, b } = world.f;
    const db = world.database.db;
    const refund = await db.rule.create({ data: { orgId: a.orgId, botId: a.botId, position: 1, name: "Refunds", definition: containsRule("refund") } });
    const quiet = await db.rule.create({ data: { orgId: a.orgId, botId: a.botId, position: 2, name: "Never used", enabled: false, definition: containsRule("fax") } });
    const second = await db.bot.create({ data: { orgId: a.orgId, livechatBotId: "a-second-bot", name: "Returns Helper" } });
    refundRuleId = refund.id;
    quietRuleId = quiet.id;
    secondBotId = second.id;
    const fired = (createdAt: Date, outcome = "replied") =>
      seedActivity(world.database, { orgId: a.orgId, botId: a.botId, outcome, ruleId: refund.id, ruleName: "Refunds", messageText: "refund please", createdAt });
    await fired(ago(5 * MINUTE, now));
    await fired(ago(3 * HOUR, now), "handed_over");
    await fired(ago(23 * HOUR, now), "failed");
    await fired(ago(2 * DAY, now), "tagged");
    await fired(ago(6 * DAY, now));
    await fired(ago(8 * DAY, now)); // counts for "last fired" only if nothing newer; not in 7 d
    // Matched but held back, or never evaluated: not a firing.
    await fired(ago(MINUTE, now), "suppressed");
    await fired(ago(2 * MINUTE, now), "missed");
    // The rule fixture of org A fired once, 30 days ago.
    await seedActivity(world.database, { orgId: a.orgId, botId: a.botId, outcome: "replied", ruleId: a.ruleId, ruleName: "Rule a", messageText: "hello", createdAt: ago(30 * DAY, now) });

    const unmatched = (text: string, createdAt: Date, outcome = "no_match", botId = a.botId) =>
      seedActivity(world.database, { orgId: a.orgId, botId, outcome, messageText: text, createdAt, detail: outcome === "replied" ? "Fallback reply." : null });
    await unmatched("Do you ship to Norway?", ago(50 * MINUTE, now));
    await unmatched("Do you ship to Norway?", ago(10 * MINUTE, now), "replied"); // a fallback reply is still unmatched
    await unmatched("Do you ship to Norway?", ago(2 * HOUR, now));
    await unmatched("Can I pay by invoice?", ago(20 * MINUTE, now), "handed_over");
    await unmatched("Where is the manual?", ago(30 * MINUTE, now), "no_match", second.id);
    await unmatched("Too old to matter", ago(9 * DAY, now));
    await unmatched("Arrived while nobody listened", ago(MINUTE, now), "missed");
    await seedActivity(world.database, { orgId: b.orgId, botId: b.botId, outcome: "no_match", messageText: "B's secret question", createdAt: ago(MINUTE, now) });
    await seedActivity(world.database, { orgId: b.orgId, botId: b.botId, outcome: "replied", ruleId: b.ruleId, ruleName: "Rule b", messageText: "x", createdAt: ago(MINUTE, now) });
  });
  afterAll(async () => {
    await world?.close();
  });

  const stats = (query = "", cookie = world.f.a.agent.cookie) => world.get<RuleStats>(statsRoute.GET, { cookie, orgId: world.f.a.orgId, query });

  it("counts each rule's firings in the last 24 hours and 7 days, and when it last fired", async () => {
    const answer = await stats();
    expect(answer.status).toBe(200);
    const byId = new Map(answer.body.rules.map((rule) => [rule.ruleId, rule]));
    expect(byId.get(refundRuleId)).toMatchObject({ ruleName: "Refunds", botName: "Bot a", fired24h: 3, fired7d: 5, isEnabled: true });
    expect(byId.get(refundRuleId)?.lastFiredAt).toBe(ago(5 * MINUTE, now).toISOString());
    expect(byId.get(world.f.a.ruleId)).toMatchObject({ fired24h: 0, fired7d: 0, lastFiredAt: ago(30 * DAY, now).toISOString() });
    expect(byId.get(quietRuleId)).toMatchObject({ ruleName: "Never used", isEnabled: false, fired24h: 0, fired7d: 0, lastFiredAt: null });
  });

  it("lists only this organization's rules, in bot and position order", async () => {
    const answer = await stats();
    expect(answer.body.rules.map((rule) => rule.ruleName)).toEqual(["Rule a", "Refunds", "Never used"]);
    expect(answer.body.rules.some((rule) => rule.ruleId === world.f.b.ruleId)).toBe(false);
  });

  it("lists the messages nothing matched, grouped by text with a count, newest first", async () => {
    const answer = await stats();
    expect(answer.body.unmatched.map(({ messageText, count, botName }) => ({ messageText, count, botName }))).toEqual([
      { messageText: "Do you ship to Norway?", count: 3, botName: "Bot a" },
      { messageText: "Can I pay by invoice?", count: 1, botName: "Bot a" },
      { messageText: "Where is the manual?", count: 1, botName: "Returns Helper" },
    ]);
    expect(answer.body.unmatched[0]?.lastSeenAt).toBe(ago(10 * MINUTE, now).toISOString());
    expect(JSON.stringify(answer.body)).not.toContain("B's secret question");
  });

  it("narrows both lists to one bot", async () => {
    const answer = await stats(`bot=${secondBotId}`);
    expect(answer.body.rules).toEqual([]);
    expect(answer.body.unmatched.map((message) => message.messageText)).toEqual(["Where is the manual?"]);
    const foreign = await stats(`bot=${world.f.b.botId}`);
    expect(foreign.body).toEqual({ rules: [], unmatched: [] });
  });

  it("answers 404 to a member of another organization", async () => {
    expect((await stats("", world.f.b.owner.cookie)).status).toBe(404);
  });
});
