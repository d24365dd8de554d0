// The rules JSON API (`/api/orgs/[orgId]/bots/[botId]/rules…`, `/rule-settings`, `/test-console`),
// called as Next.js calls the route handlers, with a real database and users signed in through
// the emulator: every endpoint, every kind of bad input (refused naming rule and field, nothing
// saved), reorder, import atomicity, export round trip, and the worker's config version.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as settingsRoute from "@/app/api/orgs/[orgId]/bots/[botId]/rule-settings/route";
import * as duplicateRoute from "@/app/api/orgs/[orgId]/bots/[botId]/rules/[ruleId]/duplicate/route";
import * as ruleRoute from "@/app/api/orgs/[orgId]/bots/[botId]/rules/[ruleId]/route";
import * as exportRoute from "@/app/api/orgs/[orgId]/bots/[botId]/rules/export/route";
import * as importRoute from "@/app/api/orgs/[orgId]/bots/[botId]/rules/import/route";
import * as reorderRoute from "@/app/api/orgs/[orgId]/bots/[botId]/rules/reorder/route";
import * as rulesRoute from "@/app/api/orgs/[orgId]/bots/[botId]/rules/route";
import * as consoleRoute from "@/app/api/orgs/[orgId]/bots/[botId]/test-console/route";
import { getDb } from "@/lib/db";
import { compileBot, evaluate } from "@/lib/rules";
import type { RuleView } from "@/lib/rules-service/rule-view";
import type { TestConsoleResult } from "@/lib/rules-service/test-console";
import { buildDemoSeed, DEMO_ACCOUNTS } from "../../emulator";
import { startRouteWorld, type Member, type RouteWorld } from "../bots/support/route-world";

let world: RouteWorld;
let owner: Member;
let agent: Member;
let botId: string;
let otherBotId: string;

type ErrorAnswer = {
  error: { code: string; message: string; field?: string; details?: { errors: Array<{ ruleIndex?: number; ruleName?: string; field: string; message: string }> } };
};

beforeAll(async () => {
  world = await startRouteWorld(buildDemoSeed());
  owner = await world.signIn(DEMO_ACCOUNTS.owner.email, { botManagement: true });
  agent = await world.signIn(DEMO_ACCOUNTS.agent.email);
  const db = getDb();
  botId = (await db.bot.create({ data: { orgId: owner.orgId, livechatBotId: "bot-orders", name: "Order Helper" } })).id;
  otherBotId = (await db.bot.create({ data: { orgId: owner.orgId, livechatBotId: "bot-copy", name: "Copy target" } })).id;
});
afterAll(async () => {
  await world?.close();
});

const refunds = {
  name: "Refunds",
  definition: {
    trigger: { type: "any_of", keywords: ["refund", "money back"] },
    actions: { reply: "Hi {{customer.first_name|there}}, {{bot.name}} here: refunds take 5 days.", tags: ["refund"] },
  },
};
const greeting = {
  name: "Greeting",
  definition: { trigger: { type: "starts_with", keyword: "hello" }, conditions: { firstMessageOnly: true }, actions: { reply: "Hello! How can I help?" } },
};
const orderStatus = {
  name: "Order status",
  definition: { trigger: { type: "regex", pattern: "order\\s*#?\\d{4,}" }, actions: { reply: "Let me hand you to our team.", transferToGroupId: 1 } },
};

const version = async () => (await getDb().organization.findUniqueOrThrow({ where: { id: owner.orgId } })).configVersion;
const storedRules = (id = botId) => getDb().rule.findMany({ where: { botId: id }, orderBy: { position: "asc" } });
const call = <T>(handler: Parameters<RouteWorld["call"]>[0], method: string, options: Parameters<RouteWorld["call"]>[3] = {}, member = owner) =>
  world.call<T>(handler, method, member, { ...options, params: { botId, ...options.params } });
const list = async () => (await call<{ rules: RuleView[] }>(rulesRoute.GET, "GET")).body.rules;

/** Asserts the call was refused with 422 naming `field`, and changed neither rules nor config version. */
async function expectRefused(run: () => Promise<{ status: number; body: unknown }>, expected: { field: string; message: RegExp; ruleIndex?: number; ruleName?: string }) {
  const [rulesBefore, versionBefore, settingsBefore] = [await storedRules(), await version(), (await getDb().bot.findUniqueOrThrow({ where: { id: botId } })).ruleSettings];
  const answer = await run();
  const body = answer.body as ErrorAnswer;
  expect(answer.status).toBe(422);
  expect(body.error.code).toBe("validation");
  expect(body.error.details?.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: expected.field, message: expect.stringMatching(expected.message) })]));
  if (expected.ruleIndex !== undefined) {
    expect(body.error.details?.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleIndex: expected.ruleIndex, ruleName: expected.ruleName, field: expected.field })]),
    );
    expect(body.error.message).toContain(`Rule ${expected.ruleIndex + 1} “${expected.ruleName}”`);
  }
  expect(body.error.message).toContain(expected.field);
  expect(await storedRules()).toEqual(rulesBefore);
  expect(await version()).toBe(versionBefore);
  expect((await getDb().bot.findUniqueOrThrow({ where: { id: botId } })).ruleSettings).toBe(settingsBefore);
  return body;
}

describe("creating, reading and changing rules", () => {
  it("starts empty, creates rules at the end of the list and bumps the config version each time", async () => {
    expect((await call<{ bot: { name: string }; rules: RuleView[] }>(rulesRoute.GET, "GET")).body).toEqual({ bot: { id: botId, name: "Order Helper" }, rules: [] });
    for (const [index, input] of [refunds, greeting, orderStatus].entries()) {
      const before = await version();
      const answer = await call<{ rule: RuleView }>(rulesRoute.POST, "POST", { body: input });
      expect(answer.status).toBe(201);
      expect(answer.body.rule).toMatchObject({ name: input.name, enabled: true, position: index, botId });
      expect(await version()).toBe(before + 1);
    }
    const rules = await list();
    expect(rules.map((rule) => [rule.name, rule.position])).toEqual([["Refunds", 0], ["Greeting", 1], ["Order status", 2]]);
    // Stored with defaults filled in, so the worker and the editor read the same definition.
    expect(rules[0]!.definition).toMatchObject({ trigger: { wholeWord: true, caseSensitive: false }, limits: { kind: "none" } });
    const audit = await getDb().auditLog.findMany({ where: { orgId: owner.orgId, action: "rule.create" } });
    expect(audit.map((entry) => entry.targetName)).toEqual(["Refunds", "Greeting", "Order status"]);
    expect(JSON.parse(audit[0]!.changes!)).toMatchObject({ before: null, after: { name: "Refunds", position: 0 } });
  });

  it("reads one rule, and answers 404 for a rule of another bot", async () => {
    const [first] = await list();
    const answer = await call<{ rule: RuleView }>(ruleRoute.GET, "GET", { params: { ruleId: first!.id } });
    expect(answer.body.rule).toMatchObject({ id: first!.id, name: "Refunds", warnings: [] });
    const elsewhere = await call<ErrorAnswer>(ruleRoute.GET, "GET", { params: { botId: otherBotId, ruleId: first!.id } });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error).toMatchObject({ code: "not_found", message: "Rule not found" });
  });

  it("lists lint warnings with each rule", async () => {
    const answer = await call<{ rule: RuleView }>(rulesRoute.POST, "POST", {
      body: { name: "Refund again", definition: { trigger: { type: "contains", keyword: "refund" }, actions: { reply: "Again" } } },
    });
    const rules = await list();
    const again = rules.find((rule) => rule.id === answer.body.rule.id)!;
    expect(again.warnings.map((warning) => warning.code)).toContain("unreachable");
    expect(again.warnings[0]!.message).toContain("Refunds");
    await call(ruleRoute.DELETE, "DELETE", { params: { ruleId: again.id } });
  });

  it("updates the fields sent, validates the whole rule, and records before and after", async () => {
    const greetingRule = (await list())[1]!;
    const before = await version();
    const off = await call<{ rule: RuleView }>(ruleRoute.PATCH, "PATCH", { params: { ruleId: greetingRule.id }, body: { enabled: false } });
    expect(off.status).toBe(200);
    expect(off.body.rule).toMatchObject({ enabled: false, name: "Greeting", position: 1 });
    expect(await version()).toBe(before + 1);
    const renamed = await call<{ rule: RuleView }>(ruleRoute.PATCH, "PATCH", { params: { ruleId: greetingRule.id }, body: { name: "Hello", enabled: true } });
    expect(renamed.body.rule).toMatchObject({ enabled: true, name: "Hello" });
    const audit = await getDb().auditLog.findFirstOrThrow({ where: { action: "rule.update", targetName: "Hello" } });
    expect(JSON.parse(audit.changes!)).toMatchObject({ before: { name: "Greeting", enabled: false }, after: { name: "Hello", enabled: true } });
  });

  it("duplicates a rule right below the original", async () => {
    const [first] = await list();
    const answer = await call<{ rule: RuleView }>(duplicateRoute.POST, "POST", { params: { ruleId: first!.id } });
    expect(answer.status).toBe(201);
    expect(answer.body.rule).toMatchObject({ name: "Refunds (copy)", position: 1 });
    expect((await list()).map((rule) => rule.name)).toEqual(["Refunds", "Refunds (copy)", "Hello", "Order status"]);
  });

  it("deletes a rule and closes the gap in the positions", async () => {
    const copy = (await list())[1]!;
    const before = await version();
    const answer = await call(ruleRoute.DELETE, "DELETE", { params: { ruleId: copy.id } });
    expect(answer.status).toBe(204);
    expect((await storedRules()).map((rule) => [rule.name, rule.position])).toEqual([["Refunds", 0], ["Hello", 1], ["Order status", 2]]);
    expect(await version()).toBe(before + 1);
    expect((await call(ruleRoute.DELETE, "DELETE", { params: { ruleId: copy.id } })).status).toBe(404);
    expect(await getDb().auditLog.count({ where: { action: "rule.delete", targetId: copy.id } })).toBe(1);
  });
});

describe("bad input is refused naming the field, and nothing is saved", () => {
  const withTrigger = (trigger: unknown) => ({ name: "Bad", definition: { trigger, actions: { reply: "Hi" } } });

  it("refuses a regular expression with a backreference, saying why", async () => {
    const body = await expectRefused(() => call(rulesRoute.POST, "POST", { body: withTrigger({ type: "regex", pattern: "(a)\\1" }) }), {
      field: "definition.trigger.pattern",
      message: /backreference/i,
    });
    expect(body.error.field).toBe("definition.trigger.pattern");
  });

  it("refuses lookaround and patterns that do not compile", async () => {
    await expectRefused(() => call(rulesRoute.POST, "POST", { body: withTrigger({ type: "regex", pattern: "refund(?=now)" }) }), {
      field: "definition.trigger.pattern",
      message: /look/i,
    });
    await expectRefused(() => call(rulesRoute.POST, "POST", { body: withTrigger({ type: "regex", pattern: "order(" }) }), {
      field: "definition.trigger.pattern",
      message: /./,
    });
  });

  it("refuses an empty trigger", async () => {
    await expectRefused(() => call(rulesRoute.POST, "POST", { body: withTrigger({ type: "contains", keyword: "   " }) }), {
      field: "definition.trigger.keyword",
      message: /Add a keyword/,
    });
    await expectRefused(() => call(rulesRoute.POST, "POST", { body: withTrigger({ type: "any_of", keywords: [] }) }), {
      field: "definition.trigger.keywords",
      message: /at least one keyword/,
    });
  });

  it("refuses an unknown template variable, suggesting the right one", async () => {
    await expectRefused(
      () => call(rulesRoute.POST, "POST", { body: { name: "Typo", definition: { trigger: { type: "contains", keyword: "hours" }, actions: { reply: "Hi {{customer.nmae}}" } } } }),
      { field: "definition.actions.reply", message: /Unknown template variable \{\{customer\.nmae\}\}.*customer\.name/ },
    );
  });

  it("refuses a reply longer than LiveChat accepts", async () => {
    const reply = "é".repeat(8 * 1024 + 1); // 16 KB + 2 bytes of UTF-8
    await expectRefused(
      () => call(rulesRoute.POST, "POST", { body: { name: "Long", definition: { trigger: { type: "contains", keyword: "hours" }, actions: { reply } } } }),
      { field: "definition.actions.reply", message: /16/ },
    );
  });

  it("refuses a bad change to an existing rule and keeps the rule as it was", async () => {
    const [first] = await list();
    await expectRefused(() => call(ruleRoute.PATCH, "PATCH", { params: { ruleId: first!.id }, body: { name: "  " } }), { field: "name", message: /required/ });
    await expectRefused(
      () => call(ruleRoute.PATCH, "PATCH", { params: { ruleId: first!.id }, body: { definition: { ...refunds.definition, limits: { kind: "cooldown", seconds: 0 } } } }),
      { field: "definition.limits.seconds", message: /at least 1 second/ },
    );
  });

  it("answers 400 to a body that is not JSON and 422 to unknown fields", async () => {
    expect((await call<ErrorAnswer>(rulesRoute.POST, "POST", { rawBody: "{not json" })).status).toBe(400);
    const [first] = await list();
    const unknown = await call<ErrorAnswer>(ruleRoute.PATCH, "PATCH", { params: { ruleId: first!.id }, body: { position: 4 } });
    expect(unknown.status).toBe(422);
  });
});

describe("reordering", () => {
  it("puts the rules in the order given and answers the new list", async () => {
    const ids = (await list()).map((rule) => rule.id);
    const reversed = [...ids].reverse();
    const before = await version();
    const answer = await call<{ rules: RuleView[] }>(reorderRoute.PUT, "PUT", { body: { ruleIds: reversed } });
    expect(answer.status).toBe(200);
    expect(answer.body.rules.map((rule) => rule.id)).toEqual(reversed);
    expect((await storedRules()).map((rule) => [rule.id, rule.position])).toEqual(reversed.map((id, position) => [id, position]));
    expect(await version()).toBe(before + 1);
    const audit = await getDb().auditLog.findFirstOrThrow({ where: { action: "rule.reorder" }, orderBy: { createdAt: "desc" } });
    // A summary (how many rules moved, and which), never the whole id lists: it stays small at 10,000 rules.
    const byId = new Map((await list()).map((rule) => [rule.id, rule.name]));
    expect(JSON.parse(audit.changes!)).toEqual({
      before: null,
      after: null,
      summary: {
        added: { count: 0, names: [] },
        changed: { count: 0, names: [] },
        moved: { count: 2, names: [byId.get(reversed[0]!), byId.get(reversed[1]!)] },
        removed: { count: 0, names: [] },
        unchanged: 1,
      },
    });
    await call(reorderRoute.PUT, "PUT", { body: { ruleIds: ids } });
  });

  it("refuses a list that leaves out, repeats or invents a rule, and changes nothing", async () => {
    const ids = (await list()).map((rule) => rule.id);
    const rulesBefore = await storedRules();
    const versionBefore = await version();
    for (const ruleIds of [ids.slice(1), [...ids, ids[0]!], [...ids.slice(1), "someone-elses"], [ids[0]!, ids[0]!, ids[1]!]]) {
      const answer = await call<ErrorAnswer>(reorderRoute.PUT, "PUT", { body: { ruleIds } });
      expect(answer.status).toBe(409);
      expect(answer.body.error.message).toContain("Reload");
    }
    expect((await call(reorderRoute.PUT, "PUT", { body: { ruleIds: "nope" } })).status).toBe(422);
    expect(await storedRules()).toEqual(rulesBefore);
    expect(await version()).toBe(versionBefore);
  });
});

describe("rule settings", () => {
  it("answers the defaults, replaces them, and refuses bad values naming the field", async () => {
    expect((await call(settingsRoute.GET, "GET")).body).toEqual({ settings: { maxRepliesPerChat: 5 } });
    const settings = { fallbackReply: "Sorry {{customer.name|}}, I did not get that.", handoverAfterUnmatched: { count: 3, groupId: 1 }, maxRepliesPerChat: 4 };
    const before = await version();
    const answer = await call(settingsRoute.PUT, "PUT", { body: settings });
    expect(answer).toMatchObject({ status: 200, body: { settings } });
    expect(await version()).toBe(before + 1);
    expect((await call(settingsRoute.GET, "GET")).body).toEqual({ settings });
    await expectRefused(() => call(settingsRoute.PUT, "PUT", { body: { ...settings, fallbackReply: "{{bot.nam}}" } }), { field: "fallbackReply", message: /Unknown template variable/ });
    await expectRefused(() => call(settingsRoute.PUT, "PUT", { body: { ...settings, handoverAfterUnmatched: { count: 0, groupId: 1 } } }), {
      field: "handoverAfterUnmatched.count",
      message: /at least 1/,
    });
    await expectRefused(() => call(settingsRoute.PUT, "PUT", { body: { maxRepliesPerChat: 1000 } }), { field: "maxRepliesPerChat", message: /at most 100/ });
    expect(await getDb().auditLog.count({ where: { action: "rule_settings.update", targetId: botId } })).toBe(1);
  });
});

describe("export and import", () => {
  it("exports a versioned file as a download, which imports into another bot unchanged", async () => {
    const answer = await world.call(exportRoute.GET, "GET", owner, { params: { botId } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-disposition")).toBe('attachment; filename="order-helper-rules-v1.json"');
    expect(answer.headers.get("content-type")).toContain("application/json");
    const file = answer.body as { version: number; bot: { name: string }; rules: Array<{ name: string }>; settings: unknown };
    expect(file).toMatchObject({ version: 1, bot: { name: "Order Helper" }, settings: { maxRepliesPerChat: 4 } });
    expect(file.rules.map((rule) => rule.name)).toEqual(["Refunds", "Hello", "Order status"]);

    const before = await version();
    const imported = await call<{ rules: RuleView[] }>(importRoute.POST, "POST", { params: { botId: otherBotId }, body: file });
    expect(imported.status).toBe(200);
    expect(await version()).toBe(before + 1);
    const again = await world.call(exportRoute.GET, "GET", owner, { params: { botId: otherBotId } });
    expect({ ...(again.body as object), exportedAt: null, bot: null }).toEqual({ ...file, exportedAt: null, bot: null });
    expect(await getDb().auditLog.count({ where: { action: "rule.import", targetId: otherBotId } })).toBe(1);
  });

  it("replaces all of the bot's rules and settings on import", async () => {
    const file = { version: 1, rules: [greeting] };
    const answer = await call<{ rules: RuleView[] }>(importRoute.POST, "POST", { params: { botId: otherBotId }, body: file });
    expect(answer.body.rules.map((rule) => [rule.name, rule.position])).toEqual([["Greeting", 0]]);
    expect((await storedRules(otherBotId)).map((rule) => rule.name)).toEqual(["Greeting"]);
    expect((await call(settingsRoute.GET, "GET", { params: { botId: otherBotId } })).body).toEqual({ settings: { maxRepliesPerChat: 5 } });
  });

  it("refuses a file with an invalid rule, reporting each rule by index, name and field, and imports nothing", async () => {
    const file = {
      version: 1,
      rules: [refunds, { name: "Echo", definition: { trigger: { type: "regex", pattern: "(\\w+) \\1" }, actions: { reply: "x" } } }, { name: "Bad var", definition: { trigger: { type: "contains", keyword: "hi" }, actions: { reply: "{{customer.phone}}" } } }],
    };
    const body = await expectRefused(() => call(importRoute.POST, "POST", { body: file }), { field: "definition.trigger.pattern", message: /backreference/i, ruleIndex: 1, ruleName: "Echo" });
    expect(body.error.details?.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleIndex: 2, ruleName: "Bad var", field: "definition.actions.reply", message: expect.stringContaining("{{customer.phone}}") })]),
    );
    expect(body.error.message).toContain("and 1 more problem");
  });

  it("refuses a file of another version, or no rules file at all", async () => {
    const wrong = await expectRefused(() => call(importRoute.POST, "POST", { body: { version: 2, rules: [] } }), { field: "version", message: /Unsupported rules file version 2/ });
    expect(wrong.error.message).toContain("version 1");
    await expectRefused(() => call(importRoute.POST, "POST", { body: { rules: [] } }), { field: "version", message: /no "version"/ });
    await expectRefused(() => call(importRoute.POST, "POST", { body: [1, 2] }), { field: "", message: /not a rules file/ });
  });
});

describe("the test console", () => {
  const consoleCall = (body: unknown, member = owner) => call<TestConsoleResult>(consoleRoute.POST, "POST", { body }, member);

  it("answers what the worker's engine decides on the saved rules, with the exact reply and every rule's reason", async () => {
    const answer = await consoleCall({ text: "Hello, I want my MONEY back!", customer: { name: "Jane Doe" }, isFirstCustomerMessage: false });
    expect(answer.status).toBe(200);
    const result = answer.body;
    expect(result).toMatchObject({
      outcome: "rule",
      ruleName: "Refunds",
      reply: "Hi Jane, Order Helper here: refunds take 5 days.",
      tags: ["refund"],
      matchedText: "MONEY back",
      source: "saved",
    });
    expect(result.trace.map((entry) => [entry.ruleName, entry.status])).toEqual([
      ["Refunds", "fired"],
      ["Hello", "shadowed"],
      ["Order status", "shadowed"],
    ]);
    expect(result.trace[1]).toMatchObject({ wouldHaveFired: false, wouldHaveBeen: "condition_failed", failedCondition: "first_message" });

    // The same evaluation, computed here from the stored rows the way the worker does.
    const bot = await getDb().bot.findUniqueOrThrow({ where: { id: botId }, include: { rules: { orderBy: { position: "asc" } } } });
    const compiled = compileBot({
      bot: { id: bot.id, name: bot.name },
      settings: JSON.parse(bot.ruleSettings) as never,
      rules: bot.rules.map((rule) => ({ id: rule.id, name: rule.name, enabled: rule.enabled, position: rule.position, definition: JSON.parse(rule.definition) as never })),
    });
    const expected = evaluate(compiled, {
      text: "Hello, I want my MONEY back!",
      isFirstCustomerMessage: false,
      now: new Date(result.evaluatedAt),
      customer: { name: "Jane Doe" },
      chat: { botReplies: 0, unmatchedCount: 0, handedOver: false, ruleFirings: {} },
    });
    expect(result.reply).toBe(expected.actions.reply);
    expect(result.matchedSpan).toEqual(expected.matchedSpan);
    expect(result.trace).toEqual(JSON.parse(JSON.stringify(expected.trace)));
  });

  it("takes context: first message, chat state, and a wall-clock time in a time zone", async () => {
    const first = await consoleCall({ text: "hello there", isFirstCustomerMessage: true, time: { date: "2026-03-02", time: "09:30", timeZone: "Europe/Warsaw" } });
    expect(first.body).toMatchObject({ outcome: "rule", ruleName: "Hello", reply: "Hello! How can I help?", matchedSpan: { start: 0, end: 5 }, evaluatedAt: "2026-03-02T08:30:00.000Z" });
    const fallback = await consoleCall({ text: "what is the weather", time: { at: "2026-07-01T12:00:00+02:00" } });
    expect(fallback.body).toMatchObject({ outcome: "fallback", reply: "Sorry , I did not get that.", evaluatedAt: "2026-07-01T10:00:00.000Z" });
    const capped = await consoleCall({ text: "refund", chat: { botReplies: 4 } });
    expect(capped.body).toMatchObject({ outcome: "suppressed", suppressedReason: "reply_cap_reached", reply: null });
    const handover = await consoleCall({ text: "where is order #12345" });
    expect(handover.body).toMatchObject({ outcome: "rule", ruleName: "Order status", transferToGroupId: 1, matchedText: "order #12345" });
  });

  it("runs draft rules and settings without saving them", async () => {
    const rulesBefore = await storedRules();
    const versionBefore = await version();
    const answer = await consoleCall({
      text: "do you ship to Kraków?",
      rules: [{ name: "Shipping draft", definition: { trigger: { type: "contains", keyword: "krakow" }, actions: { reply: "Yes, {{customer.name|friend}}!" } } }],
      settings: {},
    });
    expect(answer.body).toMatchObject({ outcome: "rule", ruleName: "Shipping draft", reply: "Yes, friend!", matchedText: "Kraków", source: "draft" });
    expect(await storedRules()).toEqual(rulesBefore);
    expect(await version()).toBe(versionBefore);
  });

  it("refuses input it cannot run, naming the field", async () => {
    const missing = await call<ErrorAnswer>(consoleRoute.POST, "POST", { body: { isFirstCustomerMessage: true } });
    expect(missing.status).toBe(422);
    expect(missing.body.error.field).toBe("text");
    const zone = await call<ErrorAnswer>(consoleRoute.POST, "POST", { body: { text: "hi", time: { date: "2026-03-02", time: "25:00" } } });
    expect(zone.status).toBe(422);
  });
});

describe("a normal agent", () => {
  it("reads rules, settings and the export, and may use the test console, but changes nothing", async () => {
    expect((await call(rulesRoute.GET, "GET", {}, agent)).status).toBe(200);
    expect((await call(settingsRoute.GET, "GET", {}, agent)).status).toBe(200);
    expect((await call(exportRoute.GET, "GET", {}, agent)).status).toBe(200);
    expect((await call<TestConsoleResult>(consoleRoute.POST, "POST", { body: { text: "refund" } }, agent)).body.ruleName).toBe("Refunds");
    const [first] = await list();
    const versionBefore = await version();
    for (const [handler, method, options] of [
      [rulesRoute.POST, "POST", { body: refunds }],
      [ruleRoute.PATCH, "PATCH", { params: { ruleId: first!.id }, body: { enabled: false } }],
      [ruleRoute.DELETE, "DELETE", { params: { ruleId: first!.id } }],
      [duplicateRoute.POST, "POST", { params: { ruleId: first!.id } }],
      [reorderRoute.PUT, "PUT", { body: { ruleIds: [] } }],
      [importRoute.POST, "POST", { body: { version: 1, rules: [] } }],
      [settingsRoute.PUT, "PUT", { body: {} }],
    ] as const) {
      const answer = await call<ErrorAnswer>(handler, method, options, agent);
      expect({ method, status: answer.status, code: answer.body.error.code }).toEqual({ method, status: 403, code: "forbidden" });
    }
    expect(await version()).toBe(versionBefore);
  });
});
