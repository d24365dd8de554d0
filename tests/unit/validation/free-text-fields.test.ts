// Every stored free-text field reachable from the API and the server actions refuses NUL, broken
// surrogates, bidi overrides and isolates and control characters, naming the field; names refuse
// text with nothing visible; replies and templates keep their line breaks and tabs.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { AdoptBotSchema, BotInputSchema, BotParamsSchema, BotPatchSchema } from "@/lib/validation/bot";
import { ActivitySearchParamsSchema } from "@/lib/validation/activity";
import { TakeOverConnectionInputSchema } from "@/lib/validation/organization";
import { BotRuleSettingsSchema, validateRuleInput, validateRulesImport } from "@/lib/validation/rule";
import { ReorderRulesSchema, RuleParamsSchema, validateTestConsoleDrafts } from "@/lib/validation/rules-api";

const rule = (definition: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  name: "Refunds",
  definition: { trigger: { type: "contains", keyword: "refund" }, actions: { reply: "Hi {{customer.name|there}}" }, ...definition },
  ...extra,
});

/** A field: how to put text around a value in it, and the field name errors must carry. */
interface FieldCase {
  field: string;
  /** A name: must show something (`exactly` puts the value in alone). */
  exactly?: (value: string) => Array<{ field: string; message: string }>;
  isMultiline?: boolean;
  errorsFor(value: string): Array<{ field: string; message: string }>;
}

function zodErrors(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message }));
}

function ruleErrors(input: unknown) {
  const result = validateRuleInput(input);
  return result.ok ? [] : result.errors;
}

const botName = (value: string) => zodErrors(BotInputSchema, { name: value });
const botPatchName = (value: string) => zodErrors(BotPatchSchema, { name: value });
const jobTitle = (value: string) => zodErrors(BotPatchSchema, { jobTitle: value });
const ruleName = (value: string) => ruleErrors(rule({}, { name: value }));
const tag = (value: string) => ruleErrors(rule({ actions: { tags: [value] } }));

const FIELDS: FieldCase[] = [
  { field: "name", exactly: botName, errorsFor: (value) => botName(`Order${value}Helper`) },
  { field: "name", exactly: botPatchName, errorsFor: (value) => botPatchName(`Order${value}Helper`) },
  { field: "jobTitle", exactly: jobTitle, errorsFor: (value) => zodErrors(BotInputSchema, { name: "Bot", jobTitle: `Agent${value}one` }) },
  { field: "jobTitle", exactly: jobTitle, errorsFor: (value) => jobTitle(`Agent${value}one`) },
  { field: "avatarUrl", errorsFor: (value) => zodErrors(BotInputSchema, { name: "Bot", avatarUrl: `https://cdn.example/${value}.png` }) },
  { field: "livechatBotId", errorsFor: (value) => zodErrors(AdoptBotSchema, { livechatBotId: `bot${value}1` }) },
  { field: "name", exactly: ruleName, errorsFor: (value) => ruleName(`Re${value}funds`) },
  { field: "definition.trigger.keyword", errorsFor: (value) => ruleErrors(rule({ trigger: { type: "contains", keyword: `re${value}fund` } })) },
  { field: "definition.trigger.keywords.1", errorsFor: (value) => ruleErrors(rule({ trigger: { type: "any_of", keywords: ["refund", `money${value}back`] } })) },
  { field: "definition.trigger.pattern", errorsFor: (value) => ruleErrors(rule({ trigger: { type: "regex", pattern: `order${value}\\d+` } })) },
  { field: "definition.actions.reply", isMultiline: true, errorsFor: (value) => ruleErrors(rule({ actions: { reply: `Hi${value}there` } })) },
  { field: "definition.actions.tags.0", exactly: tag, errorsFor: (value) => tag(`vip${value}1`) },
  { field: "fallbackReply", isMultiline: true, errorsFor: (value) => zodErrors(BotRuleSettingsSchema, { fallbackReply: `Sorry${value}again` }) },
];

const BAD: Array<{ label: string; value: string; message: RegExp; isLineBreak?: boolean }> = [
  { label: "NUL", value: "\u0000", message: /NUL character \(U\+0000\)/ },
  { label: "an unpaired surrogate", value: "\ud800", message: /unpaired UTF-16 surrogate/ },
  { label: "a right-to-left override", value: "\u202e", message: /bidirectional embedding or override control U\+202E/ },
  { label: "a left-to-right isolate", value: "\u2066", message: /bidirectional isolate control U\+2066/ },
  { label: "a bell", value: "\u0007", message: /control character U\+0007/ },
  { label: "a line break", value: "\n", message: /control character U\+000A/, isLineBreak: true },
  { label: "a tab", value: "\t", message: /control character U\+0009/, isLineBreak: true },
];

describe.each(FIELDS)("$field", (fieldCase) => {
  it.each(BAD)("refuses $label, naming the field", ({ value, message, isLineBreak }) => {
    const errors = fieldCase.errorsFor(value);
    if (isLineBreak && fieldCase.isMultiline) expect(errors).toEqual([]);
    else expect(errors).toEqual([{ field: fieldCase.field, message: expect.stringMatching(message) }]);
  });

  it("accepts text in other scripts and emoji", () => {
    expect(fieldCase.errorsFor("Zażółć👩‍💻مساعد")).toEqual([]);
  });
});

describe("names", () => {
  const NAMES = FIELDS.filter((fieldCase) => fieldCase.exactly);

  it.each(["\u200b", "\u200b\u200d\ufeff\u200b", "\u3164", "\u2800", " \u200b \u00ad "])("refuse %j: nothing visible", (value) => {
    for (const fieldCase of NAMES) {
      expect({ field: fieldCase.field, errors: fieldCase.exactly!(value) }).toEqual({
        field: fieldCase.field,
        errors: [{ field: fieldCase.field, message: expect.stringMatching(/visible/) }],
      });
    }
  });

  it("keep zero-width joiners inside a visible name (emoji, Persian)", () => {
    expect(botName("👩‍💻 Helper")).toEqual([]);
    expect(ruleName("می‌خواهم")).toEqual([]);
  });

  it("still clear an empty job title, and still call an empty bot name missing", () => {
    expect(BotPatchSchema.parse({ jobTitle: "  " })).toEqual({ jobTitle: null });
    expect(botName("   ")).toEqual([{ field: "name", message: "Give the bot a name" }]);
  });
});

describe("replies", () => {
  it("keep line breaks and tabs, and refuse one that shows nothing", () => {
    expect(ruleErrors(rule({ actions: { reply: "Hello!\r\n\tWe are open 9–17." } }))).toEqual([]);
    expect(ruleErrors(rule({ actions: { reply: "\u200b\u200b" } }))).toEqual([{ field: "definition.actions.reply", message: "Reply has no visible characters" }]);
  });
});

describe("ids that reach the database", () => {
  it("refuse NUL and the like as not found, before any query", () => {
    expect(BotParamsSchema.safeParse({ orgId: "org", botId: "bot\u0000" }).success).toBe(false);
    expect(RuleParamsSchema.safeParse({ orgId: "org\ud800", botId: "bot", ruleId: "r" }).success).toBe(false);
    expect(ReorderRulesSchema.safeParse({ ruleIds: ["a", "b\u0000"] }).success).toBe(false);
    expect(TakeOverConnectionInputSchema.safeParse({ orgId: "org", expectedCredentialId: "c\u202e" }).success).toBe(false);
    expect(ActivitySearchParamsSchema.safeParse({ bot: "b\u0000" }).success).toBe(false);
    const cursor = btoa(`2026-01-01T00:00:00.000Z|id\u0000`).replace(/=+$/, "");
    expect(ActivitySearchParamsSchema.safeParse({ cursor }).success).toBe(false);
    expect(ActivitySearchParamsSchema.safeParse({ cursor: btoa("2026-01-01T00:00:00.000Z|cm8q2x0k40001") }).success).toBe(true);
  });
});

describe("rules files and test console drafts", () => {
  it("refuse the same text, naming rule and field", () => {
    const file = { version: 1, rules: [rule(), rule({}, { name: "Echo\u0000" })], settings: { fallbackReply: "Sorry\u202e" } };
    const checked = validateRulesImport(file);
    expect(checked.ok ? [] : checked.errors).toEqual([
      { field: "settings.fallbackReply", message: expect.stringMatching(/U\+202E/) },
      { ruleIndex: 1, field: "name", message: expect.stringMatching(/NUL/) },
    ]);
    const drafts = validateTestConsoleDrafts({ rules: [rule({ trigger: { type: "contains", keyword: "a\u2066b" } }, { name: "Draft" })] });
    expect(drafts.ok ? [] : drafts.errors).toEqual([{ ruleIndex: 0, ruleName: "Draft", field: "definition.trigger.keyword", message: expect.stringMatching(/U\+2066/) }]);
  });
});
