// What an Activity row keeps of an evaluation (compactTrace, written by the worker's activityFor):
// the rule that decided the outcome and counts for the others, a few hundred bytes at 200 rules
// where the full trace was tens of kilobytes.
import { describe, expect, it } from "vitest";
import { compactTrace } from "@/lib/insights/activity-trace";
import { evaluate, type RuleRecord } from "@/lib/rules";
import { compile, freshChat, message, NOW } from "./helpers";

/** 200 rules: keyword rules on distinct topics, a few with conditions, a few turned off. */
function twoHundredRules(): RuleRecord[] {
  return Array.from({ length: 200 }, (_, i): RuleRecord => ({
    id: `cm8q2x0k4${String(i).padStart(4, "0")}xxxxxxxxxxx`,
    name: `Answer about topic number ${i} for customers who ask`,
    enabled: i % 17 !== 0,
    position: i,
    definition: {
      trigger: { type: "any_of", keywords: [`topic${i}`, `subject ${i}`] },
      conditions: i % 10 === 3 ? { firstMessageOnly: true } : { firstMessageOnly: false },
      actions: { reply: `About topic ${i}: see our help center.` },
      limits: i === 150 ? { kind: "cooldown", seconds: 600 } : { kind: "none" },
    },
  }));
}

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

describe("compactTrace", () => {
  const compiled = compile(twoHundredRules());

  it("keeps the fired rule's entry and counts the other 199 by status, under 4 KB", () => {
    const evaluation = evaluate(compiled, message("I have a question about topic120 and topic121"));
    const stored = compactTrace(evaluation);
    expect(stored.outcome).toBe("rule");
    expect(stored.rules).toEqual([expect.objectContaining({ ruleName: "Answer about topic number 120 for customers who ask", status: "fired", position: 120 })]);
    expect(stored.summary.ruleCount).toBe(200);
    // Rules after the one that fired are "shadowed" (their would-have-been outcome isn't kept).
    expect(stored.summary.others).toEqual({ no_match: expect.any(Number), disabled: 12, shadowed: expect.any(Number) });
    expect(Object.values(stored.summary.others).reduce((a, b) => a + b, 0)).toBe(199);
    expect(size(stored)).toBeLessThan(4_096);
    expect(size({ rules: evaluation.trace })).toBeGreaterThan(20_000); // what rows used to keep
  });

  it("keeps the rule that matched but was held back when none fired", () => {
    const evaluation = evaluate(compiled, message("topic150 again", { chat: freshChat({ ruleFirings: { [twoHundredRules()[150]!.id]: NOW.toISOString() } }) }));
    const stored = compactTrace(evaluation);
    expect(stored).toMatchObject({ outcome: "suppressed", suppressedReason: "cooldown", rules: [{ status: "cooldown", position: 150 }] });
    expect(stored.summary.others.cooldown).toBeUndefined();
  });

  it("keeps no entry when nothing matched, only the counts", () => {
    const stored = compactTrace(evaluate(compiled, message("what is the weather like")));
    expect(stored.rules).toEqual([]);
    expect(stored.summary).toEqual({ ruleCount: 200, others: { no_match: 188, disabled: 12 } });
  });

  it("keeps at most 8 matched spans of an all-of rule", () => {
    const keywords = Array.from({ length: 20 }, (_, i) => `kw${i}`);
    const allOf = compile([{ id: "a", name: "All", enabled: true, position: 0, definition: { trigger: { type: "all_of", keywords }, actions: { tags: ["t"] } } }]);
    const stored = compactTrace(evaluate(allOf, message(keywords.join(" "))));
    expect(stored.rules[0]?.matchedSpans).toHaveLength(8);
    expect(stored.rules[0]?.matchedSpan).toEqual({ start: 0, end: keywords.join(" ").length });
  });
});
