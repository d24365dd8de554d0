// The rules service on both databases: positions stay 0..n-1 through creates (also concurrent
// ones), duplicates, deletes and reorders; rules never cross organizations or bots; an import
// replaces everything in one transaction; every change bumps the config version once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillRuleWarnings, createRuleForBot, deleteRuleOfBot, duplicateRuleOfBot, listRules, reorderRulesOfBot, type RulesContext } from "@/lib/rules-service/manage-rules";
import { exportRules, importRules } from "@/lib/rules-service/rules-file";
import { parseRuleWarnings } from "@/lib/data/rules";
import { lintRules } from "@/lib/rules";
import { toRuleRecord } from "@/lib/rules-service/rule-view";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../helpers/database";

const rule = (name: string, keyword = name.toLowerCase()) => ({ name, definition: { trigger: { type: "contains", keyword }, actions: { reply: `About ${keyword}` } } });

describe.each<TestProvider>(["sqlite", "postgresql"])("the rules service on %s", (provider) => {
  let database: TestDatabase;
  let ctx: RulesContext;
  let other: RulesContext;
  let botId: string;
  let otherOrgBotId: string;

  const positions = async () => (await database.db.rule.findMany({ where: { botId }, orderBy: { position: "asc" } })).map((r) => [r.name, r.position]);
  const version = async () => (await database.db.organization.findUniqueOrThrow({ where: { id: ctx.orgId } })).configVersion;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    const org = await database.db.organization.create({ data: { livechatOrganizationId: "org-a", name: "A" } });
    const orgB = await database.db.organization.create({ data: { livechatOrganizationId: "org-b", name: "B" } });
    ctx = { db: database.db, orgId: org.id, actorUserId: null };
    other = { db: database.db, orgId: orgB.id, actorUserId: null };
    botId = (await database.db.bot.create({ data: { orgId: org.id, livechatBotId: "a-bot", name: "A bot" } })).id;
    otherOrgBotId = (await database.db.bot.create({ data: { orgId: orgB.id, livechatBotId: "b-bot", name: "B bot" } })).id;
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("gives concurrent creates distinct positions at the end of the list", async () => {
    const before = await version();
    await Promise.all(["One", "Two", "Three", "Four", "Five"].map((name) => createRuleForBot(ctx, botId, rule(name))));
    const stored = await positions();
    expect(stored.map(([, position]) => position)).toEqual([0, 1, 2, 3, 4]);
    expect(await version()).toBe(before + 5);
  });

  it("stores the warnings of the rules as they end up, also when changes race", async () => {
    // Each change lints before its transaction; the ones that lose the race find the rules changed
    // and plan and lint again inside it, so what is stored always matches the stored rules.
    const { rules: before } = await listRules(ctx, botId);
    const racing = await Promise.all(["Refund A", "Refund B", "Refund C"].map((name) => createRuleForBot(ctx, botId, rule(name, "refund"))));
    const stored = await database.db.rule.findMany({ where: { botId }, orderBy: { position: "asc" } });
    const warnings = parseRuleWarnings((await database.db.bot.findUniqueOrThrow({ where: { id: botId } })).ruleWarnings);
    expect(warnings).toEqual(lintRules(stored.map(toRuleRecord)));
    expect(Object.keys(warnings)).toHaveLength(2); // the two later "refund" rules are unreachable
    for (const created of racing) await deleteRuleOfBot(ctx, botId, created.id);
    expect((await listRules(ctx, botId)).rules.map((r) => r.id)).toEqual(before.map((r) => r.id));
    expect((await database.db.bot.findUniqueOrThrow({ where: { id: botId } })).ruleWarnings).toBe("{}");
  });

  it("backfills the warnings of rules saved before warnings were stored", async () => {
    const definition = JSON.stringify({ trigger: { type: "contains", keyword: "refund" }, actions: { reply: "x" } });
    const old = await database.db.bot.create({ data: { orgId: ctx.orgId, livechatBotId: "old-bot", name: "Old bot" } });
    for (const position of [0, 1]) await database.db.rule.create({ data: { orgId: ctx.orgId, botId: old.id, position, name: `Old ${position}`, definition } });
    expect((await listRules(ctx, old.id)).rules.flatMap((r) => r.warnings)).toEqual([]); // nothing stored yet
    const versionBefore = await version();
    expect(await backfillRuleWarnings(database.db)).toMatchObject({ skipped: 0 });
    const { rules } = await listRules(ctx, old.id);
    expect(rules[1]!.warnings).toEqual([expect.objectContaining({ code: "unreachable", relatedRuleId: rules[0]!.id })]);
    expect(await version()).toBe(versionBefore);
    await database.db.bot.delete({ where: { id: old.id } });
  });

  it("keeps positions dense through duplicate, delete and reorder", async () => {
    const { rules } = await listRules(ctx, botId);
    const copy = await duplicateRuleOfBot(ctx, botId, rules[1]!.id);
    expect(copy.position).toBe(2);
    await deleteRuleOfBot(ctx, botId, rules[0]!.id);
    const now = (await listRules(ctx, botId)).rules;
    expect(now.map((r) => r.position)).toEqual([0, 1, 2, 3, 4]);
    const reversed = now.map((r) => r.id).reverse();
    await reorderRulesOfBot(ctx, botId, reversed);
    expect((await listRules(ctx, botId)).rules.map((r) => r.id)).toEqual(reversed);
    expect((await positions()).map(([, position]) => position)).toEqual([0, 1, 2, 3, 4]);
  });

  it("never touches another organization's bot or rules", async () => {
    const [first] = (await listRules(ctx, botId)).rules;
    await expect(createRuleForBot(ctx, otherOrgBotId, rule("Sneaky"))).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteRuleOfBot(other, botId, first!.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(reorderRulesOfBot(other, botId, [first!.id])).rejects.toMatchObject({ code: "not_found" });
    expect(await database.db.rule.count({ where: { botId: otherOrgBotId } })).toBe(0);
    expect(await database.db.rule.count({ where: { orgId: other.orgId } })).toBe(0);
  });

  it("imports in one transaction: the exported file round-trips, an invalid one changes nothing", async () => {
    const file = await exportRules(ctx, botId);
    const before = await database.db.rule.findMany({ where: { botId }, orderBy: { position: "asc" } });
    const versionBefore = await version();
    const bad = { ...file, rules: [...file.rules, { name: "Bad", definition: { trigger: { type: "regex", pattern: "(?<=x)y" }, actions: { reply: "x" } } }] };
    await expect(importRules(ctx, botId, bad)).rejects.toMatchObject({ code: "validation", details: { errors: [expect.objectContaining({ ruleIndex: file.rules.length, ruleName: "Bad" })] } });
    expect(await database.db.rule.findMany({ where: { botId }, orderBy: { position: "asc" } })).toEqual(before);
    expect(await version()).toBe(versionBefore);

    await importRules(ctx, botId, { ...file, rules: [rule("Only")] });
    expect(await positions()).toEqual([["Only", 0]]);
    await importRules(ctx, botId, file);
    const again = await exportRules(ctx, botId, new Date(file.exportedAt));
    expect(again).toEqual(file);
    expect(await version()).toBe(versionBefore + 2);
  });
});
