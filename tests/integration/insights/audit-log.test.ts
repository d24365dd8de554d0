// The audit log API on SQLite and PostgreSQL, with entries written by the same recordAudit the bot,
// rule and connection changes call: who, what, when, the change as before/after lines per field,
// visible to every member (normal agents too), newest first, paged, and only this organization's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as auditRoute from "@/app/api/orgs/[orgId]/audit/route";
import { recordAudit, type AuditEntry } from "@/lib/data/audit-log";
import type { AuditPage } from "@/lib/data/audit-entries";
import type { TestProvider } from "../../helpers/database";
import { ago, MINUTE, startInsightsWorld, type InsightsWorld } from "./support";

describe.each<TestProvider>(["sqlite", "postgresql"])("the audit log on %s", (provider) => {
  let world: InsightsWorld;
  const now = Date.now();

  async function record(entry: Omit<AuditEntry, "orgId"> & { orgId?: string }, minutesAgo: number) {
    await recordAudit(world.database.db, { orgId: world.f.a.orgId, ...entry });
    // recordAudit stamps "now"; backdate the newest row so the order is the test's, not the clock's.
    const row = await world.database.db.auditLog.findFirstOrThrow({ where: { orgId: entry.orgId ?? world.f.a.orgId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    await world.database.db.auditLog.update({ where: { id: row.id }, data: { createdAt: ago(minutesAgo * MINUTE, now) } });
  }

  beforeAll(async () => {
    world = await startInsightsWorld(provider);
    const { a, b } = world.f;
    await record({ actorUserId: a.owner.userId, action: "bot.create", targetType: "bot", targetId: a.botId, targetName: "Order Helper", after: { name: "Order Helper", maxChatsCount: 6 } }, 30);
    await record(
      {
        actorUserId: a.owner.userId,
        action: "bot.update",
        targetType: "bot",
        targetId: a.botId,
        targetName: "Returns Helper",
        before: { name: "Order Helper", maxChatsCount: 6, jobTitle: "Assistant", groups: [{ id: 0, priority: "normal" }] },
        after: { name: "Returns Helper", maxChatsCount: 6, jobTitle: "Assistant", groups: [{ id: 0, priority: "first" }] },
      },
      20,
    );
    await record({ actorUserId: a.owner.userId, action: "rule.update", targetType: "rule", targetId: a.ruleId, targetName: "Refunds", before: { definition: { actions: { reply: "Old words" } } }, after: { definition: { actions: { reply: "New words" } } } }, 10);
    await record({ actorUserId: null, action: "bot.delete", targetType: "bot", targetId: "gone", targetName: "Legacy", before: { name: "Legacy", rules: 2 } }, 5);
    // An import as recorded before summaries: both whole rule sets. Shown as a summary too.
    const legacyRule = (name: string, reply: string) => ({ name, enabled: true, definition: { trigger: { type: "contains", keyword: name }, actions: { reply } } });
    await record(
      {
        actorUserId: a.owner.userId,
        action: "rule.import",
        targetType: "bot",
        targetId: a.botId,
        targetName: "Order Helper",
        before: { settings: { maxRepliesPerChat: 5 }, rules: [legacyRule("Refunds", "Old"), legacyRule("Hours", "9-5"), legacyRule("Fax", "No")] },
        after: { settings: { maxRepliesPerChat: 3 }, rules: [legacyRule("Hours", "9-5"), legacyRule("Refunds", "New"), legacyRule("Shipping", "2 days")] },
      },
      4,
    );
    // What imports and reorders record now: counts and names.
    const named = (count: number, names: string[]) => ({ count, names });
    await record(
      {
        actorUserId: a.owner.userId,
        action: "rule.import",
        targetType: "bot",
        targetId: a.botId,
        targetName: "Order Helper",
        before: { settings: { maxRepliesPerChat: 3 }, rules: 9_998 },
        after: { settings: { maxRepliesPerChat: 3 }, rules: 10_000 },
        summary: {
          added: named(40, Array.from({ length: 25 }, (_, i) => `New rule ${i}`)),
          changed: named(1, ["Refunds"]),
          moved: named(0, []),
          removed: named(38, ["Old 1", "Old 2"]),
          unchanged: 9_959,
        },
      },
      3,
    );
    await recordAudit(world.database.db, { orgId: b.orgId, actorUserId: b.owner.userId, action: "bot.create", targetType: "bot", targetId: b.botId, targetName: "B's bot" });
  });
  afterAll(async () => {
    await world?.close();
  });

  const audit = (query = "", cookie = world.f.a.agent.cookie) => world.get<AuditPage>(auditRoute.GET, { cookie, orgId: world.f.a.orgId, query });

  it("shows every member who did what to which bot or rule, newest first", async () => {
    const answer = await audit();
    expect(answer.status).toBe(200);
    expect(answer.body.entries.map((entry) => [entry.action, entry.targetName, entry.actor?.name ?? null])).toEqual([
      ["rule.import", "Order Helper", "a-owner"],
      ["rule.import", "Order Helper", "a-owner"],
      ["bot.delete", "Legacy", null],
      ["rule.update", "Refunds", "a-owner"],
      ["bot.update", "Returns Helper", "a-owner"],
      ["bot.create", "Order Helper", "a-owner"],
    ]);
    expect(answer.body.entries[3]?.createdAt).toBe(ago(10 * MINUTE, now).toISOString());
    expect(JSON.stringify(answer.body)).not.toContain("B's bot");
  });

  it("shows the change itself: only the fields that changed, before and after", async () => {
    const entries = (await audit()).body.entries;
    expect(entries.find((entry) => entry.action === "bot.update")?.changes).toEqual([
      { field: "name", before: "Order Helper", after: "Returns Helper" },
      { field: "groups", before: '[{"id":0,"priority":"normal"}]', after: '[{"id":0,"priority":"first"}]' },
    ]);
    expect(entries.find((entry) => entry.action === "rule.update")?.changes).toEqual([{ field: "definition.actions.reply", before: "Old words", after: "New words" }]);
    expect(entries.find((entry) => entry.action === "bot.create")?.changes).toEqual([
      { field: "name", before: null, after: "Order Helper" },
      { field: "maxChatsCount", before: null, after: "6" },
    ]);
    expect(entries.find((entry) => entry.action === "bot.delete")?.changes).toEqual([
      { field: "name", before: "Legacy", after: null },
      { field: "rules", before: "2", after: null },
    ]);
  });

  it("shows an import as counts and names of the rules added, changed, moved and removed", async () => {
    const [current, legacy] = (await audit()).body.entries.filter((entry) => entry.action === "rule.import");
    expect(current?.changes).toEqual([
      { field: "rules", before: "9998", after: "10000" },
      { field: "rules added (40)", before: null, after: expect.stringMatching(/^New rule 0, New rule 1, .* and \d+ more$/) },
      { field: "rules changed (1)", before: null, after: "Refunds" },
      { field: "rules removed (38)", before: "Old 1, Old 2 and 36 more", after: null },
    ]);
    for (const line of current!.changes) expect((line.after ?? line.before)!.length).toBeLessThanOrEqual(200);
    // The old format (both rule sets whole) reads the same way.
    expect(legacy?.changes).toEqual([
      { field: "settings.maxRepliesPerChat", before: "5", after: "3" },
      { field: "rules added (1)", before: null, after: "Shipping" },
      { field: "rules changed (1)", before: null, after: "Refunds" },
      { field: "rules removed (1)", before: "Fax", after: null },
    ]);
  });

  it("pages back with a cursor", async () => {
    const first = await audit("limit=5");
    expect(first.body.entries).toHaveLength(5);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await audit(`limit=5&cursor=${first.body.nextCursor}`);
    expect(second.body.entries.map((entry) => entry.action)).toEqual(["bot.create"]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("answers 404 to a member of another organization", async () => {
    expect((await audit("", world.f.b.owner.cookie)).status).toBe(404);
  });
});
