import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyEvaluation, evaluate, type ChatRuleState, type EvaluateInput } from "@/lib/rules";
import { compile, contains, freshChat, message, NOW, rule } from "./helpers";

const statuses = (result: { trace: ReadonlyArray<{ ruleId: string; status: string }> }) =>
  Object.fromEntries(result.trace.map((entry) => [entry.ruleId, entry.status]));

describe("ordering", () => {
  it("fires the first enabled matching rule and traces every other rule", () => {
    const bot = compile([
      rule(contains("refund"), { id: "off", enabled: false, position: 0 }),
      rule(contains("shipping"), { id: "other", position: 1 }),
      rule(contains("refund", "First refund answer"), { id: "first", position: 2 }),
      rule(contains("refund policy", "Second"), { id: "second", position: 3 }),
      rule(contains("invoice"), { id: "unrelated", position: 4 }),
    ]);
    const result = evaluate(bot, message("What is your refund policy?"));
    expect(result).toMatchObject({ outcome: "rule", ruleId: "first", ruleName: "first", actions: { reply: "First refund answer", tags: [] } });
    expect(statuses(result)).toEqual({ off: "disabled", other: "no_match", first: "fired", second: "shadowed", unrelated: "shadowed" });
    const second = result.trace.find((e) => e.ruleId === "second");
    expect(second).toMatchObject({ wouldHaveFired: true, matchedSpan: { start: 13, end: 26 } });
    expect(result.trace.find((e) => e.ruleId === "unrelated")).toMatchObject({ wouldHaveFired: false, wouldHaveBeen: "no_match" });
  });

  it("orders by position, not by input order", () => {
    const bot = compile([rule(contains("hi", "late"), { id: "late", position: 10 }), rule(contains("hi", "early"), { id: "early", position: 1 })]);
    expect(evaluate(bot, message("hi")).ruleId).toBe("early");
    expect(evaluate(bot, message("hi")).trace.map((e) => e.ruleId)).toEqual(["early", "late"]);
  });

  it("combines a reply with a handover and tags", () => {
    const bot = compile([rule({ trigger: { type: "contains", keyword: "human" }, actions: { reply: "Connecting you", transferToGroupId: 3, tags: ["handover", "vip"] } })]);
    expect(evaluate(bot, message("a human please")).actions).toEqual({ reply: "Connecting you", transferToGroupId: 3, tags: ["handover", "vip"] });
  });

  it("renders templates with the customer, bot and group", () => {
    const bot = compile([rule(contains("hello", "Hi {{customer.first_name|there}}, {{bot.name}} from {{chat.group|support}} here"))]);
    expect(evaluate(bot, message("hello", { customer: { name: "Marie Curie" }, groupName: "Sales" })).actions.reply).toBe("Hi Marie, Ava from Sales here");
    expect(evaluate(bot, message("hello")).actions.reply).toBe("Hi there, Ava from support here");
  });

  it("marks stored rules that no longer validate as invalid instead of failing the bot", () => {
    const broken = { id: "broken", name: "broken", enabled: true, position: 0, definition: { trigger: { type: "regex", pattern: "(a)\\1" }, actions: { reply: "x" } } } as const;
    const bot = compile([broken, rule(contains("a"), { id: "ok" })]);
    expect(bot.problems).toHaveLength(1);
    const result = evaluate(bot, message("a"));
    expect(result.ruleId).toBe("ok");
    expect(result.trace[0]).toMatchObject({ ruleId: "broken", status: "invalid", error: expect.stringContaining("backreference") });
  });
});

describe("conditions", () => {
  it("first customer message only", () => {
    const bot = compile([rule(contains("hello", "Welcome!", { conditions: { firstMessageOnly: true } }), { id: "welcome" })]);
    expect(evaluate(bot, message("hello", { isFirstCustomerMessage: true })).outcome).toBe("rule");
    const later = evaluate(bot, message("hello", { isFirstCustomerMessage: false }));
    expect(later.outcome).toBe("no_match");
    expect(later.isUnmatched).toBe(true);
    expect(later.trace[0]).toMatchObject({ status: "condition_failed", failedCondition: "first_message" });
  });

  it("chat groups", () => {
    const bot = compile([rule(contains("price", "Sales answer", { conditions: { groupIds: [2, 5] } }))]);
    expect(evaluate(bot, message("price?", { groupId: 5 })).outcome).toBe("rule");
    expect(evaluate(bot, message("price?", { groupId: 1 })).trace[0]).toMatchObject({ failedCondition: "group" });
    expect(evaluate(bot, message("price?")).trace[0]).toMatchObject({ failedCondition: "group" });
  });

  it("customer email domain, including subdomains and the negated form", () => {
    const is = compile([rule(contains("invoice", "B2B", { conditions: { customer: { emailDomain: { op: "is", domains: ["@Acme.com"] } } } }))]);
    const isNot = compile([rule(contains("invoice", "B2C", { conditions: { customer: { emailDomain: { op: "is_not", domains: ["acme.com"] } } } }))]);
    const at = (email?: string) => message("invoice", { customer: { email } });
    expect(evaluate(is, at("jo@acme.com")).outcome).toBe("rule");
    expect(evaluate(is, at("jo@EU.ACME.COM")).outcome).toBe("rule");
    expect(evaluate(is, at("jo@notacme.com")).trace[0]).toMatchObject({ failedCondition: "email_domain" });
    expect(evaluate(is, at(undefined)).outcome).toBe("no_match");
    expect(evaluate(isNot, at("jo@acme.com")).outcome).toBe("no_match");
    expect(evaluate(isNot, at("jo@gmail.com")).outcome).toBe("rule");
    expect(evaluate(isNot, at(undefined)).outcome).toBe("rule");
  });

  it("a later rule fires when an earlier one's condition fails", () => {
    const bot = compile([
      rule(contains("hours", "We're open", { conditions: { groupIds: [1] } }), { id: "g1" }),
      rule(contains("hours", "Generic"), { id: "any" }),
    ]);
    const result = evaluate(bot, message("hours?", { groupId: 2 }));
    expect(result.ruleId).toBe("any");
    expect(statuses(result)).toEqual({ g1: "condition_failed", any: "fired" });
  });
});

describe("limits", () => {
  const fire = (state: ChatRuleState, input: EvaluateInput, bot: ReturnType<typeof compile>) => {
    const result = evaluate(bot, { ...input, chat: state });
    return { result, next: applyEvaluation(state, result, input.now) };
  };

  it("once per chat", () => {
    const bot = compile([rule(contains("hello", "Hi!", { limits: { kind: "once_per_chat" } }), { id: "hi" })]);
    const first = fire(freshChat(), message("hello"), bot);
    expect(first.result.outcome).toBe("rule");
    expect(first.next.ruleFirings).toEqual({ hi: NOW.toISOString() });
    const second = fire(first.next, message("hello again", { now: new Date(NOW.getTime() + 86_400_000) }), bot);
    expect(second.result).toMatchObject({ outcome: "suppressed", suppressedReason: "once_per_chat", isUnmatched: false });
    expect(second.result.trace[0]!.status).toBe("once_per_chat");
  });

  it("cooldown per chat, with the time it ends", () => {
    const bot = compile([rule(contains("status", "Checking", { limits: { kind: "cooldown", seconds: 600 } }), { id: "st" })]);
    const chat = freshChat({ ruleFirings: { st: NOW.toISOString() } });
    const soon = evaluate(bot, message("status?", { chat, now: new Date(NOW.getTime() + 599_000) }));
    expect(soon).toMatchObject({ outcome: "suppressed", suppressedReason: "cooldown" });
    expect(soon.trace[0]).toMatchObject({ status: "cooldown", cooldownEndsAt: new Date(NOW.getTime() + 600_000).toISOString() });
    expect(evaluate(bot, message("status?", { chat, now: new Date(NOW.getTime() + 600_000) })).outcome).toBe("rule");
  });

  it("keeps rule ids that look like object internals as plain data", () => {
    for (const id of ["constructor", "__proto__", "toString"]) {
      const bot = compile([rule(contains("hello", "Hi!", { limits: { kind: "once_per_chat" } }), { id })]);
      const first = fire(freshChat(), message("hello"), bot);
      expect(first.result.outcome).toBe("rule");
      expect(Object.keys(first.next.ruleFirings)).toEqual([id]);
      expect(fire(first.next, message("hello"), bot).result.suppressedReason).toBe("once_per_chat");
    }
  });

  it("falls through to the next rule when the first is held back by its limit", () => {
    const bot = compile([
      rule(contains("help", "Specific", { limits: { kind: "once_per_chat" } }), { id: "once" }),
      rule(contains("help", "General"), { id: "general" }),
    ]);
    const result = evaluate(bot, message("help", { chat: freshChat({ ruleFirings: { once: NOW.toISOString() } }) }));
    expect(result.ruleId).toBe("general");
  });

  it("caps bot replies per chat, but still lets reply-less rules tag", () => {
    const bot = compile(
      [rule(contains("price", "It's 10€"), { id: "reply" }), rule({ trigger: { type: "contains", keyword: "price" }, actions: { tags: ["pricing"] } }, { id: "tag" })],
      { maxRepliesPerChat: 2, fallbackReply: "Sorry?" },
    );
    const capped = freshChat({ botReplies: 2 });
    const result = evaluate(bot, message("price", { chat: capped }));
    expect(result).toMatchObject({ outcome: "rule", ruleId: "tag", actions: { tags: ["pricing"] } });
    expect(result.actions.reply).toBeUndefined();
    expect(statuses(result)).toEqual({ reply: "reply_cap_reached", tag: "fired" });
    expect(evaluate(bot, message("something else", { chat: capped }))).toMatchObject({ outcome: "suppressed", suppressedReason: "reply_cap_reached" });
  });

  it("defaults the reply cap to 5", () => {
    const bot = compile([rule(contains("ping", "pong"))]);
    expect(bot.settings.maxRepliesPerChat).toBe(5);
    expect(evaluate(bot, message("ping", { chat: freshChat({ botReplies: 4 }) })).outcome).toBe("rule");
    expect(evaluate(bot, message("ping", { chat: freshChat({ botReplies: 5 }) })).suppressedReason).toBe("reply_cap_reached");
  });

  it("two bots answering each other stop at the cap", () => {
    // Each bot answers anything; each sees the other's replies as customer messages.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }), (capA, capB) => {
        const echo = [rule({ trigger: { type: "regex", pattern: "." }, actions: { reply: "ok {{customer.name}}" } })];
        const bots = [compile(echo, { maxRepliesPerChat: capA, fallbackReply: "?" }), compile(echo, { maxRepliesPerChat: capB, fallbackReply: "?" })];
        const states = [freshChat(), freshChat()];
        let text = "hello";
        let turns = 0;
        for (let i = 0; i < 100; i++) {
          const who = i % 2;
          const result = evaluate(bots[who]!, message(text, { chat: states[who]! }));
          states[who] = applyEvaluation(states[who]!, result, NOW);
          if (!result.actions.reply) break;
          text = result.actions.reply;
          turns++;
        }
        expect(states[0]!.botReplies).toBeLessThanOrEqual(capA);
        expect(states[1]!.botReplies).toBeLessThanOrEqual(capB);
        expect(turns).toBeLessThanOrEqual(2 * Math.min(capA, capB) + 1);
      }),
    );
  });
});

describe("fallback and unmatched handover", () => {
  const bot = compile([rule(contains("refund", "Refunds take 5 days"), { id: "refund" })], {
    fallbackReply: "Sorry {{customer.first_name|}}, I didn't get that",
    handoverAfterUnmatched: { count: 3, groupId: 7 },
  });

  it("replies with the fallback, then hands over after N consecutive unmatched messages", () => {
    let chat = freshChat();
    const outcomes: string[] = [];
    for (const text of ["blah", "hmm", "refund?", "what", "no", "still no", "anyone?"]) {
      const result = evaluate(bot, message(text, { chat, customer: { name: "Li Na" } }));
      outcomes.push(result.outcome);
      if (result.outcome === "fallback") expect(result.actions.reply).toBe("Sorry Li, I didn't get that");
      chat = applyEvaluation(chat, result, NOW);
    }
    // A rule firing resets the count; the handover silences the bot.
    expect(outcomes).toEqual(["fallback", "fallback", "rule", "fallback", "fallback", "handover_unmatched", "suppressed"]);
    expect(chat).toMatchObject({ handedOver: true, botReplies: 5, unmatchedCount: 3 });
  });

  it("stays silent in a handed-over chat, whatever matches", () => {
    const result = evaluate(bot, message("refund", { chat: freshChat({ handedOver: true }) }));
    expect(result).toMatchObject({ outcome: "suppressed", suppressedReason: "handed_over", actions: { tags: [] } });
    expect(result.trace[0]!.status).toBe("handed_over");
  });

  it("a transfer action hands the chat over", () => {
    const transfer = compile([rule({ trigger: { type: "contains", keyword: "agent" }, actions: { transferToGroupId: 2 } })]);
    const result = evaluate(transfer, message("agent please"));
    const next = applyEvaluation(freshChat(), result, NOW);
    expect(next).toMatchObject({ handedOver: true, botReplies: 0 });
    expect(evaluate(transfer, message("agent", { chat: next })).suppressedReason).toBe("handed_over");
  });

  it("reports no_match with no fallback configured", () => {
    const plain = compile([rule(contains("refund"))]);
    const result = evaluate(plain, message("hello"));
    expect(result).toMatchObject({ outcome: "no_match", isUnmatched: true, actions: { tags: [] } });
    expect(applyEvaluation(freshChat(), result, NOW).unmatchedCount).toBe(1);
  });
});

describe("evaluations are plain data", () => {
  it("serializes with the full trace and is deterministic", () => {
    const bot = compile([rule(contains("a")), rule(contains("b"))]);
    const input = message("b");
    const json = JSON.parse(JSON.stringify(evaluate(bot, input)));
    expect(json.trace).toHaveLength(2);
    expect(json).toEqual(JSON.parse(JSON.stringify(evaluate(bot, input))));
    expect({ ...evaluate(bot, input) }.trace).toHaveLength(2);
    expect(structuredClone(evaluate(bot, input)).trace).toHaveLength(2);
  });

  it("does not mutate the chat state it is given", () => {
    const bot = compile([rule(contains("hi"))]);
    const chat = freshChat();
    const frozen = structuredClone(chat);
    const result = evaluate(bot, message("hi", { chat }));
    applyEvaluation(chat, result, NOW);
    expect(chat).toEqual(frozen);
  });
});
