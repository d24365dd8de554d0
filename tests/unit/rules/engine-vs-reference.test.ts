// The compiled engine (Aho–Corasick + regex prefilter) must agree exactly with the naive
// reference loop — same outcome, same spans, same trace — on random rule sets and messages.
// A tiny alphabet makes keywords overlap, nest and collide with word boundaries constantly.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, normalizeText, type RuleRecord } from "@/lib/rules";
import { buildReferenceMatcher } from "@/lib/rules/reference-matcher";
import { compile, NOW } from "./helpers";

const keywordChar = fc.constantFrom("a", "b", "c", "é", "É", "B", " ", "-", "?", "ß", "s", "ﬁ", "'");
const keyword = fc
  .array(keywordChar, { minLength: 1, maxLength: 5 })
  .map((chars) => chars.join(""))
  .filter((k) => normalizeText(k.trim()) !== "");
const patterns = [
  "a+b", "^ab", "b$", "(ab|ba)c?", "[abc]{2}", "é", "\\bab\\b", "a.c", "x*", "ab?c", "c'est", "\\w+-\\w+",
  "ß", "ss", "(?i)AB", "abc|bca|cab", "(a|b)+c", "\\bbab", "s+ab", "(?:ab){2,}", "[^ ]+\\?",
  "(abc)*b", "x(bab)?c", "(abc|bca)+", "ab(c|ss)*a", "é?abc", "ABC", "(?:ss|ß)ab",
];
const options = { caseSensitive: fc.boolean(), accentSensitive: fc.boolean() };
const trigger = fc.oneof(
  fc.record({ type: fc.constant("exact" as const), keyword, ...options }),
  fc.record({ type: fc.constant("contains" as const), keyword, wholeWord: fc.boolean(), ...options }),
  fc.record({ type: fc.constant("starts_with" as const), keyword, wholeWord: fc.boolean(), ...options }),
  fc.record({ type: fc.constant("any_of" as const), keywords: fc.array(keyword, { minLength: 1, maxLength: 4 }), wholeWord: fc.boolean(), ...options }),
  fc.record({ type: fc.constant("all_of" as const), keywords: fc.array(keyword, { minLength: 1, maxLength: 3 }), wholeWord: fc.boolean(), ...options }),
  fc.record({ type: fc.constant("regex" as const), pattern: fc.constantFrom(...patterns), ...options }),
);
const limits = fc.constantFrom({ kind: "none" as const }, { kind: "once_per_chat" as const }, { kind: "cooldown" as const, seconds: 60 });
const ruleRecord = fc.record({
  trigger,
  firstMessageOnly: fc.boolean(),
  groupIds: fc.option(fc.subarray([1, 2], { minLength: 1 }), { nil: undefined }),
  limits,
  reply: fc.option(fc.constantFrom("Hi {{customer.name|there}}", "Sure."), { nil: undefined }),
  enabled: fc.boolean(),
});
const rules = fc.array(ruleRecord, { maxLength: 14 }).map((list) =>
  list.map(
    (r, i): RuleRecord => ({
      id: `rule-${i}`,
      name: `Rule ${i}`,
      enabled: r.enabled || i % 3 === 0,
      position: i,
      definition: {
        trigger: r.trigger,
        conditions: { firstMessageOnly: r.firstMessageOnly, groupIds: r.groupIds },
        actions: r.reply === undefined ? { tags: ["t"] } : { reply: r.reply },
        limits: r.limits,
      },
    }),
  ),
);
const messageChar = fc.constantFrom("a", "b", "c", "é", "e\u0301", "A", "B", "C", "É", " ", "  ", "-", "?", "!", "ß", "SS", "ﬁ", "'", "😀", "\n", "_", "x");
const text = fc.array(messageChar, { maxLength: 24 }).map((chars) => chars.join(""));

describe("compiled engine vs naive reference", () => {
  it("agrees on outcome, spans and trace for random rule sets and messages", () => {
    fc.assert(
      fc.property(
        rules,
        fc.array(text, { minLength: 1, maxLength: 6 }),
        fc.record({
          maxRepliesPerChat: fc.integer({ min: 1, max: 4 }),
          fallback: fc.boolean(),
          handover: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        }),
        fc.record({
          botReplies: fc.integer({ min: 0, max: 5 }),
          unmatchedCount: fc.integer({ min: 0, max: 3 }),
          handedOver: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
          firedAgo: fc.dictionary(fc.constantFrom("rule-0", "rule-1", "rule-2", "rule-3"), fc.integer({ min: 0, max: 120 })),
          isFirst: fc.boolean(),
          groupId: fc.constantFrom(1, 2, undefined),
        }),
        (ruleSet, messages, s, state) => {
          const bot = compile(ruleSet, {
            maxRepliesPerChat: s.maxRepliesPerChat,
            fallbackReply: s.fallback ? "Sorry?" : undefined,
            handoverAfterUnmatched: s.handover === undefined ? undefined : { count: s.handover, groupId: 9 },
          });
          expect(bot.problems).toEqual([]);
          const reference = buildReferenceMatcher(bot);
          const ruleFirings = Object.fromEntries(
            Object.entries(state.firedAgo).map(([id, seconds]) => [id, new Date(NOW.getTime() - seconds * 1000).toISOString()]),
          );
          for (const messageText of messages) {
            const input = {
              text: messageText,
              isFirstCustomerMessage: state.isFirst,
              groupId: state.groupId,
              now: NOW,
              customer: { name: "Zoë" },
              chat: { botReplies: state.botReplies, unmatchedCount: state.unmatchedCount, handedOver: state.handedOver, ruleFirings },
            };
            expect(evaluate(bot, input)).toEqual(reference.evaluate(input));
          }
        },
      ),
      { numRuns: 400 },
    );
  }, 30_000); // many property runs: a generous timeout for a loaded CI machine
});
