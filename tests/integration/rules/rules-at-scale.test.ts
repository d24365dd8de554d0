// Large rule lists on SQLite and PostgreSQL. One bot's 10,000 rules must not stop the service for
// everyone: an import validates and lints before its transaction and writes in a few batched
// statements (it used to lint inside the transaction, quadratically: a 1,000-rule import failed on
// PostgreSQL's 5 s transaction timeout and a 10,000-rule one held SQLite's write lock for minutes);
// the lint warnings are stored with the rules and reads only read them; the audit entry of an
// import is a summary; a bot holds at most 10,000 rules.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseRuleWarnings } from "@/lib/data/rules";
import { describeChange, parseChanges } from "@/lib/insights/describe-change";
import { lintRules } from "@/lib/rules";
import * as lintModule from "@/lib/rules/lint-rules";
import { createRuleForBot, duplicateRuleOfBot, getRule, listRules, MAX_RULES_PER_BOT, reorderRulesOfBot, updateRuleOfBot, type RulesContext } from "@/lib/rules-service/manage-rules";
import { toRuleRecord } from "@/lib/rules-service/rule-view";
import { importRules } from "@/lib/rules-service/rules-file";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../../helpers/database";
import { spawnLeaseProbe, startReadProbe } from "./lease-probe";

const TOPICS = "refund return order shipping delivery tracking invoice payment card cancel account password price warranty broken missing size stock hours help".split(" ");

/** `count` rules as a rules file: topic phrases, so many rules shadow or repeat earlier ones. */
function rulesFile(count: number, variant = "") {
  const rules = Array.from({ length: count }, (_, i) => {
    const a = TOPICS[i % TOPICS.length]!;
    const b = TOPICS[Math.floor(i / TOPICS.length) % TOPICS.length]!;
    const trigger =
      i % 4 === 0
        ? { type: "contains", keyword: `${a} ${b}` }
        : i % 4 === 1
          ? { type: "any_of", keywords: [a, `${b} ${a} ${i}`] }
          : i % 4 === 2
            ? { type: "starts_with", keyword: `${b} ${i}` }
            : { type: "regex", pattern: `\\b${a}\\s*#?\\d{${1 + (i % 5)},8}` };
    return { name: `Rule ${i}${variant}`, enabled: i % 13 !== 0, definition: { trigger, actions: { reply: `About ${a} and ${b} (${i}).` } } };
  });
  return { version: 1, settings: { maxRepliesPerChat: 5 }, rules };
}

const storedWarnings = async (database: TestDatabase, botId: string) =>
  parseRuleWarnings((await database.db.bot.findUniqueOrThrow({ where: { id: botId }, select: { ruleWarnings: true } })).ruleWarnings);

describe.each<TestProvider>(["sqlite", "postgresql"])("rules at scale on %s", (provider) => {
  let database: TestDatabase;
  let ctx: RulesContext;
  let botId: string;
  let leaseOrgId: string;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    const org = await database.db.organization.create({ data: { livechatOrganizationId: "org-scale", name: "Scale" } });
    const other = await database.db.organization.create({ data: { livechatOrganizationId: "org-other", name: "Other" } });
    ctx = { db: database.db, orgId: org.id, actorUserId: null };
    leaseOrgId = other.id;
    botId = (await database.db.bot.create({ data: { orgId: org.id, livechatBotId: "scale-bot", name: "Scale bot" } })).id;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await database?.drop();
  });

  it("validates a large file in slices with the same answer: every problem, named by its place in the file", async () => {
    const file = rulesFile(1_000);
    file.rules[700]!.definition.trigger = { type: "regex", pattern: "(a)\\1" };
    (file.rules[999]!.definition.actions as { reply: string }).reply = "{{customer.phone}}";
    await expect(importRules(ctx, botId, file)).rejects.toMatchObject({
      code: "validation",
      details: {
        errors: [
          expect.objectContaining({ ruleIndex: 700, ruleName: "Rule 700", field: "definition.trigger.pattern" }),
          expect.objectContaining({ ruleIndex: 999, ruleName: "Rule 999", field: "definition.actions.reply" }),
        ],
      },
    });
    expect(await database.db.rule.count({ where: { botId } })).toBe(0);
  });

  it("imports 1,000 rules in one short transaction and stores their lint warnings with them", async () => {
    const answer = await importRules(ctx, botId, rulesFile(1_000));
    expect(answer.rules).toHaveLength(1_000);
    const stored = await database.db.rule.findMany({ where: { botId }, orderBy: { position: "asc" } });
    expect(stored.map((rule) => rule.position)).toEqual([...Array(1_000).keys()]);
    expect(stored.map((rule) => rule.name)).toEqual(rulesFile(1_000).rules.map((rule) => rule.name));
    // What was stored is what linting the stored rules gives, keyed by the rules' real ids.
    const warnings = await storedWarnings(database, botId);
    expect(Object.keys(warnings).length).toBeGreaterThan(100);
    expect(warnings).toEqual(lintRules(stored.map(toRuleRecord)));
    expect(answer.rules.find((rule) => rule.warnings.length > 0)?.warnings).toEqual(warnings[answer.rules.find((rule) => rule.warnings.length > 0)!.id]);
  });

  it("answers reads of 2,000 rules from the stored warnings, without linting", async () => {
    await importRules(ctx, botId, rulesFile(2_000));
    const expected = await storedWarnings(database, botId);
    const lint = vi.spyOn(lintModule, "lintRules");
    const stepwise = vi.spyOn(lintModule, "lintRulesStepwise");
    const { rules } = await listRules(ctx, botId);
    expect(rules).toHaveLength(2_000);
    expect(Object.fromEntries(rules.filter((rule) => rule.warnings.length > 0).map((rule) => [rule.id, rule.warnings]))).toEqual(expected);
    const flagged = rules.find((rule) => rule.warnings.some((warning) => warning.code === "unreachable"))!;
    expect((await getRule(ctx, botId, flagged.id)).warnings).toEqual(expected[flagged.id]);
    expect(lint).not.toHaveBeenCalled();
    expect(stepwise).not.toHaveBeenCalled();
    // A change lints (once, before its transaction), which also shows the spies see the calls.
    await updateRuleOfBot(ctx, botId, flagged.id, { definition: { trigger: { type: "contains", keyword: "only this rule" }, actions: { reply: "Mine." } } });
    expect(stepwise).toHaveBeenCalledTimes(1);
    expect((await getRule(ctx, botId, flagged.id)).warnings).toEqual([]);
    const stored = await database.db.rule.findMany({ where: { botId }, orderBy: { position: "asc" } });
    expect(await storedWarnings(database, botId)).toEqual(lintRules(stored.map(toRuleRecord)));
    lint.mockRestore();
    stepwise.mockRestore();
  });

  it("keeps the import's audit entry a summary: counts and names, not the rule sets", async () => {
    await importRules(ctx, botId, rulesFile(2_000));
    const changed = rulesFile(2_000);
    changed.rules[5]!.definition.actions.reply = "Changed words.";
    changed.rules.splice(10, 3); // removed
    changed.rules.push({ ...changed.rules[0]!, name: "Brand new rule" }); // added
    await importRules(ctx, botId, changed);
    const entry = await database.db.auditLog.findFirstOrThrow({ where: { orgId: ctx.orgId, action: "rule.import" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(entry.changes!.length).toBeLessThan(8_000);
    const changes = JSON.parse(entry.changes!) as { before: { rules: number }; after: { rules: number }; summary: Record<string, { count: number; names: string[] }> };
    expect(changes.before.rules).toBe(2_000);
    expect(changes.after.rules).toBe(1_998);
    expect(changes.summary.added).toEqual({ count: 1, names: ["Brand new rule"] });
    expect(changes.summary.changed).toEqual({ count: 1, names: ["Rule 5"] });
    expect(changes.summary.removed).toEqual({ count: 3, names: ["Rule 10", "Rule 11", "Rule 12"] });
    expect(describeChange(parseChanges(entry.changes))).toEqual([
      { field: "rules", before: "2000", after: "1998" },
      { field: "rules added (1)", before: null, after: "Brand new rule" },
      { field: "rules changed (1)", before: null, after: "Rule 5" },
      { field: "rules removed (3)", before: "Rule 10, Rule 11, Rule 12", after: null },
    ]);
  });

  it("imports 10,000 rules while another process renews its lease and this one answers health checks", async () => {
    const probe = spawnLeaseProbe(database.url, leaseOrgId);
    await probe.ready;
    const reader = startReadProbe(database.db);
    const answer = await importRules(ctx, botId, rulesFile(10_000));
    const reads = await reader.stop();
    const leases = await probe.stop();
    expect(answer.rules).toHaveLength(10_000);
    expect(await database.db.rule.count({ where: { botId } })).toBe(10_000);
    // Both kept working: no renewal failed (on SQLite a wait past the 5 s busy timeout fails) and
    // no health read failed. How long they waited depends on the machine: `npm run bench:rules`.
    expect(leases).toMatchObject({ failures: 0 });
    expect(leases.renewals).toBeGreaterThan(0);
    expect(reads).toMatchObject({ failures: 0 });
    expect(reads.reads).toBeGreaterThan(0);
  }, 120_000);

  it("refuses the 10,001st rule with a clear 422, by create or duplicate", async () => {
    expect(await database.db.rule.count({ where: { botId } })).toBe(MAX_RULES_PER_BOT);
    const message = /at most|the most a bot can have \(10,000\)/;
    await expect(createRuleForBot(ctx, botId, { name: "One more", definition: { trigger: { type: "contains", keyword: "more" }, actions: { reply: "x" } } })).rejects.toMatchObject({ code: "validation", status: 422, message: expect.stringMatching(message) });
    const first = await database.db.rule.findFirstOrThrow({ where: { botId }, orderBy: { position: "asc" } });
    await expect(duplicateRuleOfBot(ctx, botId, first.id)).rejects.toMatchObject({ code: "validation", message: expect.stringMatching(message) });
    expect(await database.db.rule.count({ where: { botId } })).toBe(MAX_RULES_PER_BOT);
  }, 60_000);

  it("reorders 10,000 rules in batched statements and re-lints the new order", async () => {
    const ids = (await database.db.rule.findMany({ where: { botId }, orderBy: { position: "asc" }, select: { id: true } })).map((rule) => rule.id);
    const reversed = [...ids].reverse();
    const answer = await reorderRulesOfBot(ctx, botId, reversed);
    expect(answer.map((rule) => rule.id)).toEqual(reversed);
    const stored = await database.db.rule.findMany({ where: { botId }, orderBy: { position: "asc" } });
    expect(stored.map((rule) => rule.id)).toEqual(reversed);
    expect(await storedWarnings(database, botId)).toEqual(lintRules(stored.map(toRuleRecord)));
    const entry = await database.db.auditLog.findFirstOrThrow({ where: { orgId: ctx.orgId, action: "rule.reorder" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(entry.changes!.length).toBeLessThan(4_000);
    expect(JSON.parse(entry.changes!).summary.moved.count).toBe(9_999);
  }, 120_000);
});
