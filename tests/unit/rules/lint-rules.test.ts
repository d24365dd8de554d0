import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lintRules, normalizeText, type RuleRecord } from "@/lib/rules";
import { lintRulesStepwise } from "@/lib/rules/lint-rules";
import { MAX_SHADOW_STEPS } from "@/lib/rules/shadow-index";
import { rule } from "./helpers";
import { referenceLintRules } from "./reference-lint";

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

// ── The index-based linter against the pairwise one it replaced ─────────────────────────────────
// referenceLintRules (reference-lint.ts) is the O(n²) linter as it was: it compares every rule with
// every earlier one. lintRules must report exactly the same warnings (same earlier rule named, same
// order) on any rule set: a tiny alphabet and a small vocabulary make keywords nest, repeat and
// meet word boundaries constantly, so most generated sets have unreachable rules and duplicates.

const letter = fc.constantFrom("a", "b", "a", "b", "é", "B", " ", "-", "?", "ß", "s", "'", "😀", "退");
const word = fc.constantFrom("refund", "Refund", "refunds", "order", "border", "money back", "cafe", "café", "hi", "ok", "price", "pricing plans", "a-b", "退款");
const keyword = fc
  .oneof(
    fc.array(letter, { minLength: 1, maxLength: 3 }).map((chars) => chars.join("")),
    fc.array(word, { minLength: 1, maxLength: 2 }).map((words) => words.join(" ")),
  )
  .filter((k) => normalizeText(k.trim()) !== "");
// Mostly the defaults (insensitive, whole words, no conditions, no limit), so rules cover each other often.
const mostly = <T,>(usual: T, ...others: T[]) => fc.oneof({ weight: 4, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constantFrom(...others) });
const matchOptions = { caseSensitive: mostly(false, true), accentSensitive: mostly(false, true) };
const wholeWord = mostly(true, false);
const anyTrigger = fc.oneof(
  fc.record({ type: fc.constant("exact" as const), keyword, ...matchOptions }),
  fc.record({ type: fc.constant("contains" as const), keyword, wholeWord, ...matchOptions }),
  fc.record({ type: fc.constant("starts_with" as const), keyword, wholeWord, ...matchOptions }),
  fc.record({ type: fc.constant("any_of" as const), keywords: fc.array(keyword, { minLength: 1, maxLength: 4 }), wholeWord, ...matchOptions }),
  fc.record({ type: fc.constant("all_of" as const), keywords: fc.array(keyword, { minLength: 1, maxLength: 3 }), wholeWord, ...matchOptions }),
  fc.record({ type: fc.constant("regex" as const), pattern: fc.constantFrom("refund", "ab+", "(refund)?", "x*", "order\\s*\\d+"), ...matchOptions }),
);
const generatedRule = fc.record({
  trigger: anyTrigger,
  conditions: mostly(undefined, { firstMessageOnly: true }, { groupIds: [1] }, { groupIds: [2] }, { firstMessageOnly: false, groupIds: [1] }),
  limits: mostly({ kind: "none" as const }, { kind: "once_per_chat" as const }, { kind: "cooldown" as const, seconds: 60 }),
  hasReply: fc.boolean(),
  isEnabled: mostly(true, false),
  isInvalid: fc.oneof({ weight: 19, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  position: fc.nat({ max: 40 }),
});
const generatedRules = fc.array(generatedRule, { minLength: 2, maxLength: 40, size: "medium" }).map((list) =>
  list.map(
    (r, i): RuleRecord => ({
      id: `rule-${i}`,
      name: `Rule ${i}`,
      enabled: r.isEnabled,
      position: r.position, // ties and any order: lint sorts by position, then by input order
      definition: r.isInvalid
        ? { trigger: { type: "contains", keyword: "" }, actions: { tags: ["t"] } }
        : { trigger: r.trigger, ...(r.conditions ? { conditions: r.conditions } : {}), actions: r.hasReply ? { reply: "Sure." } : { tags: ["t"] }, limits: r.limits },
    }),
  ),
);

/** Rule sets like the bench's: a support vocabulary, most rules without limits, some conditions. */
function supportRules(count: number, seed: number): RuleRecord[] {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) >>> 0) / 4294967296);
  const words = "refund return order shipping delivery tracking invoice payment card cancel account password price warranty broken missing size stock hours help agent".split(" ");
  const phrase = () => Array.from({ length: 1 + Math.floor(random() * 3) }, () => words[Math.floor(random() * words.length)]!).join(" ");
  return Array.from({ length: count }, (_, i): RuleRecord => {
    const x = random();
    const trigger =
      x < 0.45
        ? { type: "contains" as const, keyword: phrase(), wholeWord: random() < 0.9 }
        : x < 0.65
          ? { type: "any_of" as const, keywords: [phrase(), phrase(), phrase()] }
          : x < 0.75
            ? { type: "exact" as const, keyword: phrase() }
            : x < 0.85
              ? { type: "starts_with" as const, keyword: phrase() }
              : x < 0.95
                ? { type: "all_of" as const, keywords: [phrase(), phrase()] }
                : { type: "regex" as const, pattern: `\\b${words[Math.floor(random() * words.length)]}\\s*\\d{${1 + Math.floor(random() * 4)},8}` };
    const definition = {
      trigger,
      actions: random() < 0.8 ? { reply: `Answer ${i}` } : { tags: ["t"] },
      limits: random() < 0.7 ? { kind: "none" as const } : { kind: "once_per_chat" as const },
      ...(random() < 0.2 ? { conditions: { groupIds: [Math.floor(random() * 3)] } } : {}),
    };
    return { id: `r${i}`, name: `Rule ${i}`, enabled: random() < 0.95, position: i, definition };
  });
}

describe("lintRules: same findings as the pairwise linter", () => {
  it("agrees on random rule sets with nested, repeated and differently normalized keywords", () => {
    fc.assert(
      fc.property(generatedRules, (records) => {
        expect(lintRules(records)).toEqual(referenceLintRules(records));
      }),
      { numRuns: Number(process.env.LINT_PROPERTY_RUNS ?? 400) },
    );
  }, 60_000);

  it("agrees on large rule sets written from a support vocabulary", () => {
    for (const seed of [1, 2]) {
      const records = supportRules(600, seed);
      const expected = referenceLintRules(records);
      expect(Object.values(expected).flat().filter((w) => w.code === "unreachable").length).toBeGreaterThan(100);
      expect(lintRules(records)).toEqual(expected);
    }
  }, 30_000);

  it("answers the same when linting in steps", async () => {
    const records = supportRules(500, 3);
    let pauses = 0;
    const stepwise = await lintRulesStepwise(records, { pause: async () => void pauses++ });
    expect(stepwise).toEqual(lintRules(records));
    expect(pauses).toBeGreaterThan(2);
  });

  it("lints 10,000 rules in linear time (the pairwise linter took minutes)", () => {
    const records = supportRules(10_000, 4);
    const started = performance.now();
    const warnings = lintRules(records);
    // Generous for a loaded 2-core machine; `npm run bench:rules` prints the real number.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(Object.keys(warnings).length).toBeGreaterThan(1_000);
  }, 30_000);

  it("gives up on one rule after MAX_SHADOW_STEPS, on purpose: the documented miss", () => {
    // Every earlier rule shares one keyword with the last rule but none covers both of its clauses,
    // and they alternate, so the intersection advances one rule per step. The covering rule comes
    // after 2 × 300 of them: the pairwise linter finds it, the index stops looking first.
    const tagRule = (id: string, position: number, keywords: string[]): RuleRecord => rule({ trigger: { type: "any_of", keywords }, actions: { tags: ["t"] } }, { id, name: id, position });
    const distractors = (n: number) =>
      Array.from({ length: n }, (_, i) => [tagRule(`a${i}`, 2 * i, ["alpha", `x${i}`]), tagRule(`b${i}`, 2 * i + 1, ["beta", `y${i}`])]).flat();
    const build = (n: number) => [...distractors(n), tagRule("cover", 2 * n, ["alpha", "beta"]), tagRule("late", 2 * n + 1, ["beta", "alpha"])];
    const few = build(100);
    expect(codes(lintRules(few), "late")).toContain("unreachable");
    expect(lintRules(few)).toEqual(referenceLintRules(few));
    const many = build(300);
    expect(2 * 300).toBeGreaterThan(MAX_SHADOW_STEPS);
    expect(codes(referenceLintRules(many), "late")).toContain("unreachable");
    expect(codes(lintRules(many), "late")).not.toContain("unreachable");
  }, 30_000);
});
