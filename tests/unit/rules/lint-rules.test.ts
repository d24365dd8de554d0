import { describe, expect, it } from "vitest";
import { lintRules, type RuleRecord } from "@/lib/rules";
import { rule } from "./helpers";

type Trigger = RuleRecord["definition"]["trigger"];
const tag = (trigger: Trigger, extra: Partial<RuleRecord["definition"]> = {}) => ({ trigger, actions: { tags: ["t"] }, ...extra });
const codes = (warnings: ReturnType<typeof lintRules>, id: string) => (warnings[id] ?? []).map((w) => w.code);

describe("lintRules: rules that can never fire", () => {
  it("flags an identical trigger later in the list", () => {
    const warnings = lintRules([rule(tag({ type: "contains", keyword: "Refund" }), { id: "a", name: "Refunds" }), rule(tag({ type: "contains", keyword: "refund" }), { id: "b" })]);
    expect(warnings.b).toEqual([
      {
        code: "unreachable",
        message: 'Never fires: earlier rule "Refunds" matches every message this rule matches and always fires first; move this rule above it or narrow the earlier rule',
        relatedRuleId: "a",
      },
    ]);
    expect(warnings.a).toBeUndefined();
  });

  it("flags a later phrase containing an earlier keyword, but not the reverse", () => {
    const warnings = lintRules([rule(tag({ type: "contains", keyword: "refund" }), { id: "short" }), rule(tag({ type: "contains", keyword: "refund policy" }), { id: "long" })]);
    expect(codes(warnings, "long")).toEqual(["unreachable"]);
    const reversed = lintRules([rule(tag({ type: "contains", keyword: "refund policy" }), { id: "long" }), rule(tag({ type: "contains", keyword: "refund" }), { id: "short" })]);
    expect(reversed).toEqual({});
  });

  it("respects word boundaries when deciding coverage", () => {
    const warnings = lintRules([rule(tag({ type: "contains", keyword: "order" }), { id: "order" }), rule(tag({ type: "contains", keyword: "border" }), { id: "border" })]);
    expect(warnings).toEqual({});
    const substring = lintRules([rule(tag({ type: "contains", keyword: "order", wholeWord: false }), { id: "order" }), rule(tag({ type: "contains", keyword: "border" }), { id: "border" })]);
    expect(codes(substring, "border")).toEqual(["unreachable"]);
  });

  it("flags rules covered by an earlier any-of list", () => {
    const warnings = lintRules([
      rule(tag({ type: "any_of", keywords: ["price", "cost", "pricing"] }), { id: "any" }),
      rule(tag({ type: "exact", keyword: "price?" }), { id: "exact" }),
      rule(tag({ type: "any_of", keywords: ["cost", "total cost"] }), { id: "sub" }),
      rule(tag({ type: "all_of", keywords: ["shipping", "cost"] }), { id: "all" }),
      rule(tag({ type: "starts_with", keyword: "pricing plans" }), { id: "starts" }),
      rule(tag({ type: "any_of", keywords: ["cost", "invoice"] }), { id: "partly" }),
    ]);
    for (const id of ["exact", "sub", "all", "starts"]) expect(codes(warnings, id)).toContain("unreachable");
    expect(codes(warnings, "partly")).not.toContain("unreachable");
  });

  it("does not flag when the earlier rule can be held back", () => {
    const later = rule(tag({ type: "contains", keyword: "refund" }), { id: "later", position: 2 });
    const cases = [
      tag({ type: "contains", keyword: "refund" }, { conditions: { firstMessageOnly: true } }),
      tag({ type: "contains", keyword: "refund" }, { limits: { kind: "once_per_chat" } }),
      { trigger: { type: "contains" as const, keyword: "refund" }, actions: { reply: "capped" } },
    ];
    for (const definition of cases) {
      expect(codes(lintRules([rule(definition, { id: "earlier", position: 1 }), later]), "later")).toEqual(["duplicate_pattern"]);
    }
    expect(lintRules([rule(tag({ type: "contains", keyword: "refund" }), { id: "earlier", enabled: false, position: 1 }), later])).toEqual({
      later: [expect.objectContaining({ code: "duplicate_pattern" })],
    });
  });

  it("flags when both rules share the same conditions, and respects sensitivity", () => {
    const conditions = { groupIds: [1] };
    const same = lintRules([rule(tag({ type: "contains", keyword: "refund" }, { conditions }), { id: "a" }), rule(tag({ type: "contains", keyword: "refund" }, { conditions }), { id: "b" })]);
    expect(codes(same, "b")).toEqual(["unreachable"]);
    const stricter = lintRules([rule(tag({ type: "contains", keyword: "API", caseSensitive: true }), { id: "a" }), rule(tag({ type: "contains", keyword: "api" }), { id: "b" })]);
    expect(codes(stricter, "b")).not.toContain("unreachable");
    const looser = lintRules([rule(tag({ type: "contains", keyword: "api" }), { id: "a" }), rule(tag({ type: "contains", keyword: "API", caseSensitive: true }), { id: "b" })]);
    expect(codes(looser, "b")).toContain("unreachable");
  });

  it("flags an identical regex, not a different one", () => {
    const warnings = lintRules([
      rule(tag({ type: "regex", pattern: "order\\s*\\d+" }), { id: "a" }),
      rule(tag({ type: "regex", pattern: "order\\s*\\d+" }), { id: "b" }),
      rule(tag({ type: "regex", pattern: "order\\s*\\d{5}" }), { id: "c" }),
    ]);
    expect(codes(warnings, "b")).toEqual(["unreachable"]);
    expect(warnings.c).toBeUndefined();
  });
});

describe("lintRules: risky patterns", () => {
  it("warns about short contains keywords", () => {
    const warnings = lintRules([rule(tag({ type: "contains", keyword: "hi", wholeWord: false }), { id: "hi" }), rule(tag({ type: "any_of", keywords: ["ok", "okay"] }), { id: "ok" })]);
    expect(warnings.hi).toEqual([{ code: "short_keyword", message: expect.stringContaining('matches inside other words (e.g. "hi" in "this")') }]);
    expect(warnings.ok).toEqual([{ code: "short_keyword", message: expect.stringContaining('Keyword "ok" is shorter than 3 characters') }]);
    expect(lintRules([rule(tag({ type: "exact", keyword: "hi" }))])).toEqual({});
    expect(lintRules([rule(tag({ type: "contains", keyword: "退款" }))])).toEqual({});
  });

  it("warns about regexes that match the empty string", () => {
    const warnings = lintRules([rule(tag({ type: "regex", pattern: "(refund)?" }), { id: "opt" }), rule(tag({ type: "regex", pattern: "refund" }), { id: "ok" })]);
    expect(codes(warnings, "opt")).toEqual(["regex_matches_empty"]);
    expect(warnings.ok).toBeUndefined();
  });

  it("warns about patterns duplicated across rules or within one", () => {
    const warnings = lintRules([
      rule(tag({ type: "contains", keyword: "refund" }, { conditions: { groupIds: [1] } }), { id: "a", name: "Group 1 refunds" }),
      rule(tag({ type: "any_of", keywords: ["Refund", "money back", "money  back"] }), { id: "b" }),
    ]);
    expect(warnings.b).toEqual([
      { code: "duplicate_pattern", message: 'Keyword "Refund" is also used by earlier rule "Group 1 refunds"', relatedRuleId: "a" },
      { code: "duplicate_pattern", message: 'Keyword "money  back" is listed twice in this rule' },
    ]);
  });

  it("reports stored rules that no longer validate", () => {
    const warnings = lintRules([{ id: "x", name: "x", enabled: true, position: 0, definition: { trigger: { type: "contains", keyword: "" }, actions: { tags: ["t"] } } }]);
    expect(codes(warnings, "x")).toEqual(["invalid_definition"]);
  });
});
