import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "@/lib/rules";
import { compile, message, rule } from "./helpers";

type Trigger = Parameters<typeof rule>[0]["trigger"];

/** The highlighted text when `trigger` fires on `text`, or null when it doesn't. */
function matched(trigger: Trigger, text: string): string | null {
  const bot = compile([rule({ trigger, actions: { tags: ["t"] } })]);
  const result = evaluate(bot, message(text));
  if (result.outcome !== "rule" || !result.matchedSpan) return null;
  return text.slice(result.matchedSpan.start, result.matchedSpan.end);
}

describe("exact", () => {
  const trigger: Trigger = { type: "exact", keyword: "Opening hours" };
  it("matches the whole message, ignoring case, accents, spacing and surrounding punctuation", () => {
    expect(matched(trigger, "opening hours")).toBe("opening hours");
    expect(matched(trigger, "  OPÉNING   hours?! ")).toBe("OPÉNING   hours");
    expect(matched(trigger, "¿opening hours? 🙂")).toBe("opening hours");
  });
  it("does not match when other words are present", () => {
    expect(matched(trigger, "what are your opening hours")).toBeNull();
    expect(matched(trigger, "opening hours today")).toBeNull();
  });
});

describe("contains", () => {
  it("matches whole words by default", () => {
    const trigger: Trigger = { type: "contains", keyword: "order" };
    expect(matched(trigger, "Where is my ORDER?")).toBe("ORDER");
    expect(matched(trigger, "I want to place a border")).toBeNull();
    expect(matched(trigger, "orders")).toBeNull();
    expect(matched(trigger, "order_id")).toBeNull();
  });
  it("matches inside words when substring matching is chosen", () => {
    expect(matched({ type: "contains", keyword: "order", wholeWord: false }, "a border")).toBe("order");
  });
  it("matches multi-word phrases across extra whitespace and line breaks", () => {
    expect(matched({ type: "contains", keyword: "refund policy" }, "your refund\n\n  policy please")).toBe("refund\n\n  policy");
  });
  it("respects case and accent sensitivity when asked", () => {
    expect(matched({ type: "contains", keyword: "API", caseSensitive: true }, "the api is down")).toBeNull();
    expect(matched({ type: "contains", keyword: "API", caseSensitive: true }, "the API is down")).toBe("API");
    expect(matched({ type: "contains", keyword: "résumé", accentSensitive: true }, "my resume")).toBeNull();
    expect(matched({ type: "contains", keyword: "résumé", accentSensitive: true }, "my RÉSUMÉ")).toBe("RÉSUMÉ");
    expect(matched({ type: "contains", keyword: "cafe", accentSensitive: true }, "café")).toBeNull();
  });
  it("finds keywords in scripts without spaces between words", () => {
    expect(matched({ type: "contains", keyword: "退款" }, "我想申请退款可以吗")).toBe("退款");
  });
  it("treats keywords that start or end with punctuation sensibly", () => {
    expect(matched({ type: "contains", keyword: "c++" }, "do you teach C++?")).toBe("C++");
    expect(matched({ type: "contains", keyword: "#help" }, "please #help")).toBe("#help");
  });
});

describe("starts_with", () => {
  const trigger: Trigger = { type: "starts_with", keyword: "hello" };
  it("matches at the start, after leading punctuation", () => {
    expect(matched(trigger, "Hello there")).toBe("Hello");
    expect(matched(trigger, "— hello!")).toBe("hello");
  });
  it("does not match later in the message or inside a longer word", () => {
    expect(matched(trigger, "well hello")).toBeNull();
    expect(matched(trigger, "helloooo")).toBeNull();
    expect(matched({ type: "starts_with", keyword: "hello", wholeWord: false }, "helloooo")).toBe("hello");
  });
});

describe("any_of / all_of", () => {
  it("any_of reports the leftmost keyword found", () => {
    expect(matched({ type: "any_of", keywords: ["price", "cost", "how much"] }, "How much does it cost?")).toBe("How much");
    expect(matched({ type: "any_of", keywords: ["price", "cost"] }, "nothing")).toBeNull();
  });
  it("all_of needs every keyword, in any order, and spans all of them", () => {
    const trigger: Trigger = { type: "all_of", keywords: ["cancel", "subscription"] };
    const bot = compile([rule({ trigger, actions: { tags: ["t"] } })]);
    const text = "My subscription — I want to cancel it";
    const result = evaluate(bot, message(text));
    expect(result.outcome).toBe("rule");
    expect(result.matchedSpans?.map((s) => text.slice(s.start, s.end))).toEqual(["subscription", "cancel"]);
    expect(result.matchedSpan).toEqual({ start: 3, end: text.indexOf("cancel") + 6 });
    expect(matched(trigger, "cancel my order")).toBeNull();
  });
});

describe("regex", () => {
  it("runs on normalized text, case-insensitively by default", () => {
    expect(matched({ type: "regex", pattern: "order\\s*#?\\d{4,}" }, "ORDER   #12345 is late")).toBe("ORDER   #12345");
    expect(matched({ type: "regex", pattern: "Order", caseSensitive: true }, "order")).toBeNull();
    expect(matched({ type: "regex", pattern: "café" }, "CAFE")).toBe("CAFE");
  });
  it("reports spans in the original text after emoji and accents", () => {
    expect(matched({ type: "regex", pattern: "\\d+ items?" }, "🎉🎉 Crème: 3 items")).toBe("3 items");
  });
});

// ── Properties ────────────────────────────────────────────────────────────────────────────────

const ACCENTS: Record<string, string[]> = {
  a: ["a", "á", "à", "â", "ä", "A", "Á"],
  e: ["e", "é", "è", "ê", "E", "É", "e\u0301"],
  i: ["i", "í", "ï", "I", "Î"],
  o: ["o", "ó", "ô", "ö", "O", "Ö"],
  u: ["u", "ú", "ü", "U", "Ü"],
  c: ["c", "ç", "C", "Ç"],
  n: ["n", "ñ", "N", "Ñ"],
};
const letter = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz");
const word = fc.array(letter, { minLength: 1, maxLength: 8 }).map((l) => l.join(""));
const whitespace = fc.constantFrom(" ", "  ", "\t", "\n", " \u00a0 ", "\u2003");
const punctuation = fc.constantFrom("", ",", ".", "!", "?", ":)", "…");

/** Re-spell `keyword` with random case and accents and random whitespace between its words. */
const disguise = (keyword: string) =>
  fc
    .tuple(
      fc.array(fc.nat(), { minLength: keyword.length, maxLength: keyword.length }),
      fc.array(whitespace, { minLength: keyword.length, maxLength: keyword.length }),
    )
    .map(([choices, spaces]) =>
      [...keyword]
        .map((c, i) => {
          if (c === " ") return spaces[i]!;
          const variants = ACCENTS[c] ?? [c, c.toUpperCase()];
          return variants[choices[i]! % variants.length]!;
        })
        .join(""),
    );

describe("matching properties", () => {
  it("finds a keyword inserted anywhere, however it is spelled", () => {
    const keyword = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(" "));
    fc.assert(
      fc.property(
        keyword.chain((k) => fc.tuple(fc.constant(k), disguise(k))),
        fc.array(word, { maxLength: 12 }),
        fc.nat(),
        punctuation,
        ([keyword, spelled], words, at, punct) => {
          const position = at % (words.length + 1);
          const before = words.slice(0, position).join(" ");
          const after = words.slice(position).join(" ");
          const text = `${before}${before ? " " : ""}${spelled}${punct} ${after}`;
          const found = matched({ type: "contains", keyword }, text);
          expect(found).not.toBeNull();
          // The span is a spelling of the keyword (possibly an earlier occurrence of it).
          expect(matched({ type: "exact", keyword }, found!)).not.toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  }, 30_000); // many property runs: a generous timeout for a loaded CI machine

  it("never matches a whole-word keyword inside a longer word", () => {
    fc.assert(
      fc.property(word, word, word, fc.array(word, { maxLength: 5 }), (keyword, prefix, suffix, others) => {
        fc.pre(!others.includes(keyword));
        const glued = `${prefix}${keyword}${suffix}`;
        const text = [...others, glued, ...others].join(" ");
        fc.pre(!` ${text} `.includes(` ${keyword} `));
        expect(matched({ type: "contains", keyword }, text)).toBeNull();
        expect(matched({ type: "contains", keyword, wholeWord: false }, text)).not.toBeNull();
      }),
    );
  });
});
