import { describe, expect, it } from "vitest";
import { RuleDefinitionSchema, RulesExportSchema, validateRuleInput, validateRulesImport } from "@/lib/validation/rule";

const validRule = { name: "Refunds", definition: { trigger: { type: "contains", keyword: "refund" }, actions: { reply: "Hi {{customer.name|there}}" } } };

function errorsOf(result: ReturnType<typeof validateRuleInput> | ReturnType<typeof validateRulesImport>) {
  if (result.ok) throw new Error("expected validation errors");
  return result.errors;
}

describe("validateRuleInput", () => {
  it("accepts a minimal rule and fills in defaults", () => {
    const result = validateRuleInput(validRule);
    expect(result).toEqual({
      ok: true,
      value: {
        name: "Refunds",
        enabled: true,
        definition: {
          trigger: { type: "contains", keyword: "refund", wholeWord: true, caseSensitive: false, accentSensitive: false },
          conditions: { firstMessageOnly: false },
          actions: { reply: "Hi {{customer.name|there}}", tags: [] },
          limits: { kind: "none" },
        },
      },
    });
  });

  it("explains rejected regular expressions on the pattern field", () => {
    const errors = errorsOf(validateRuleInput({ ...validRule, definition: { ...validRule.definition, trigger: { type: "regex", pattern: "(\\w+) \\1" } } }));
    expect(errors).toEqual([
      {
        field: "definition.trigger.pattern",
        message: "Regular expression uses a backreference (\\1), which LiveChat bots don't support because it can take exponential time; rewrite without it.",
      },
    ]);
  });

  it("names the field for template, keyword, action and name problems", () => {
    const input = {
      name: "x".repeat(101),
      definition: { trigger: { type: "any_of", keywords: [] }, actions: { reply: "Hi {{customer.nmae}}" } },
    };
    const errors = errorsOf(validateRuleInput(input));
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: "name", message: "Keep the name under 100 characters" },
        { field: "definition.trigger.keywords", message: "Add at least one keyword" },
        { field: "definition.actions.reply", message: expect.stringMatching(/^Unknown template variable \{\{customer\.nmae\}\} — available: /) },
      ]),
    );
    expect(errorsOf(validateRuleInput({ ...validRule, definition: { ...validRule.definition, actions: {} } }))).toEqual([
      { field: "definition.actions", message: "Add at least one action: a reply, a handover to a group or a tag" },
    ]);
    expect(errorsOf(validateRuleInput({ ...validRule, definition: { ...validRule.definition, actions: { reply: "x".repeat(17_000) } } }))).toEqual([
      { field: "definition.actions.reply", message: "Reply is longer than LiveChat accepts (16 KB); shorten the text" },
    ]);
    expect(errorsOf(validateRuleInput({ ...validRule, definition: { ...validRule.definition, trigger: { type: "contains", keyword: "   " } } }))).toEqual([
      { field: "definition.trigger.keyword", message: "Add a keyword" },
    ]);
    expect(errorsOf(validateRuleInput({ ...validRule, definition: { ...validRule.definition, trigger: { type: "contains", keyword: "\u200B" } } }))).toEqual([
      { field: "definition.trigger.keyword", message: "Keyword has no visible characters" },
    ]);
  });

  it("checks conditions and limits", () => {
    const errors = errorsOf(
      validateRuleInput({
        ...validRule,
        definition: {
          ...validRule.definition,
          conditions: { groupIds: [], businessHours: { timeZone: "Mars/Olympus", schedule: [{ days: ["mon"], from: "09:00", to: "09:00" }] }, customer: { emailDomain: { domains: ["not a domain"] } } },
          limits: { kind: "cooldown", seconds: 0 },
        },
      }),
    );
    expect(errors.map((e) => e.field).sort()).toEqual(
      [
        "definition.conditions.groupIds",
        "definition.conditions.businessHours.timeZone",
        "definition.conditions.businessHours.schedule.0.to",
        "definition.conditions.customer.emailDomain.domains.0",
        "definition.limits.seconds",
      ].sort(),
    );
  });

  it("reports unknown trigger types, missing and unknown fields clearly", () => {
    expect(errorsOf(validateRuleInput({ ...validRule, definition: { ...validRule.definition, trigger: { type: "fuzzy" } } }))).toEqual([
      { field: "definition.trigger.type", message: "Choose a trigger type: exact, contains, starts_with, any_of, all_of or regex" },
    ]);
    expect(errorsOf(validateRuleInput({ definition: validRule.definition }))).toEqual([{ field: "name", message: "This field is required" }]);
    expect(errorsOf(validateRuleInput({ ...validRule, definition: { ...validRule.definition, trigger: { type: "contains", keyword: "a b c", caseSensitve: true } } }))[0]).toMatchObject({
      field: "definition.trigger",
      message: expect.stringContaining("caseSensitve"),
    });
  });

  it("lets the schema be used directly at other boundaries", () => {
    expect(RuleDefinitionSchema.safeParse({ trigger: { type: "regex", pattern: "a(?=b)" }, actions: { tags: ["x"] } }).success).toBe(false);
  });
});

describe("validateRulesImport", () => {
  const file = (rules: unknown[], extra: Record<string, unknown> = {}) => ({ version: 1, bot: { name: "Support bot" }, settings: {}, rules, ...extra });

  it("parses a valid file with defaults", () => {
    const result = validateRulesImport(file([validRule, { ...validRule, name: "Second", enabled: false }]));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.settings.maxRepliesPerChat).toBe(5);
      expect(result.value.rules.map((r) => [r.name, r.enabled])).toEqual([["Refunds", true], ["Second", false]]);
    }
  });

  it("round-trips an export", () => {
    const exported = RulesExportSchema.parse(file([validRule], { settings: { fallbackReply: "Sorry", handoverAfterUnmatched: { count: 2, groupId: 3 } } }));
    expect(validateRulesImport(JSON.parse(JSON.stringify(exported)))).toEqual({ ok: true, value: exported });
  });

  it("rejects other versions and non-files with a clear message", () => {
    expect(errorsOf(validateRulesImport(file([], { version: 2 })))).toEqual([{ field: "version", message: "Unsupported rules file version 2; this app reads version 1." }]);
    expect(errorsOf(validateRulesImport({ rules: [] }))[0]!.message).toMatch(/no "version"/);
    expect(errorsOf(validateRulesImport([]))[0]!.message).toMatch(/not a rules file/);
  });

  it("reports every error of every rule, with its index, name and field", () => {
    const errors = errorsOf(
      validateRulesImport(
        file(
          [
            validRule,
            { name: "Orders", definition: { trigger: { type: "regex", pattern: "(?<=#)\\d+" }, actions: { reply: "Order {{order.id}}" } } },
            { name: "Empty", definition: { trigger: { type: "all_of", keywords: [] }, actions: { tags: ["a"] } } },
          ],
          { settings: { fallbackReply: "Hi {{custom.name}}", maxRepliesPerChat: 0 } },
        ),
      ),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: "settings.fallbackReply", message: expect.stringContaining("{{custom.name}}") },
        { field: "settings.maxRepliesPerChat", message: "Allow at least 1 reply per chat" },
        { ruleIndex: 1, ruleName: "Orders", field: "definition.trigger.pattern", message: expect.stringContaining("lookbehind") },
        { ruleIndex: 1, ruleName: "Orders", field: "definition.actions.reply", message: expect.stringContaining("Unknown template variable {{order.id}}") },
        { ruleIndex: 2, ruleName: "Empty", field: "definition.trigger.keywords", message: "Add at least one keyword" },
      ]),
    );
    expect(errors).toHaveLength(5);
    expect(errors.some((e) => e.ruleIndex === 0)).toBe(false);
  });
});
