import fc from "fast-check";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { checkRegexPattern, evaluate } from "@/lib/rules";
import { requiredLiterals } from "@/lib/rules/regex-prefilter";
import { compile, message, rule } from "./helpers";

describe("checkRegexPattern", () => {
  it("rejects backreferences, saying why", () => {
    expect(checkRegexPattern("(a)\\1")).toBe(
      "Regular expression uses a backreference (\\1), which LiveChat bots don't support because it can take exponential time; rewrite without it.",
    );
    expect(checkRegexPattern("(?<x>a)\\k<x>")).toMatch(/named backreference/);
  });

  it.each([
    ["foo(?=bar)", /lookahead \(\(\?=…\)\).*backtracking/],
    ["foo(?!bar)", /negative lookahead/],
    ["(?<=a)b", /lookbehind/],
    ["(?<!a)b", /negative lookbehind/],
    ["(?>ab)", /atomic group/],
    ["a++", /possessive quantifier \(\+\+\)/],
    ["a{2}+", /possessive quantifier \(\}\+\)/],
  ])("rejects %s", (pattern, message) => {
    expect(checkRegexPattern(pattern)).toMatch(message);
  });

  it("explains plain syntax errors and empty patterns", () => {
    expect(checkRegexPattern("(order")).toBe("Regular expression is invalid: missing closing ): `(order`");
    expect(checkRegexPattern("[a-")).toMatch(/^Regular expression is invalid: missing closing \]/);
    expect(checkRegexPattern("  ")).toBe("Add a regular expression");
    expect(checkRegexPattern("a".repeat(1001))).toMatch(/longer than 1000/);
  });

  it("accepts ordinary patterns, including look-alike text inside character classes", () => {
    for (const pattern of ["order\\s*#?\\d{4,}", "[(?=]", "\\(\\?=", "(?P<id>\\d+)", "(?i)refund", "(a+)+$", "x{2}?", "\\+\\+"]) {
      expect(checkRegexPattern(pattern), pattern).toBeUndefined();
    }
  });
});

describe("regex prefilter", () => {
  it("extracts the literals a match must contain", () => {
    expect(requiredLiterals("\\b(order|invoice)\\s*#?\\d{4,}", true)?.sort()).toEqual(["invoice", "order"]);
    expect(requiredLiterals("colou?r", false)?.sort()).toEqual(["color", "colour"]);
    expect(requiredLiterals("Refund.*Card", true)).toEqual(["refund"]);
    expect(requiredLiterals("a*", true)).toBeUndefined();
    expect(requiredLiterals("(?i)refund", false)).toBeUndefined();
  });

  // Random patterns over a tiny alphabet: whenever the regex matches, one literal must be present.
  const atom = fc.constantFrom("a", "b", "c", "ab", "abc", "bca", ".", "[ab]", "\\w", "\\b", "x", "\\.");
  const regexArb = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      atom,
      fc.tuple(tie("node"), tie("node")).map(([x, y]) => x + y),
      fc.tuple(tie("node"), tie("node")).map(([x, y]) => `(${x}|${y})`),
      fc.tuple(tie("node"), fc.constantFrom("*", "+", "?", "{2}", "{1,3}", "{0,2}")).map(([x, q]) => `(?:${x})${q}`),
    ),
  })).node;

  it("never filters out a message the regex matches", () => {
    fc.assert(
      fc.property(regexArb, fc.stringMatching(/^[abcx. ]{0,20}$/), fc.boolean(), (pattern, text, isCaseInsensitive) => {
        const literals = requiredLiterals(pattern, isCaseInsensitive);
        if (!literals) return;
        const source = isCaseInsensitive ? `(?i:${pattern})` : pattern;
        if (!RE2JS.compile(source).test(text)) return;
        const haystack = isCaseInsensitive ? text.toLowerCase() : text;
        expect(literals.some((l) => haystack.includes(l))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  }, 30_000); // many property runs: a generous timeout for a loaded CI machine
});

describe("adversarial input", () => {
  // Patterns that take exponential time on backtracking engines. re2js runs them in linear time,
  // so validation accepts them; here they must also give the right answers on 10 KB inputs.
  const patterns: Record<string, string> = {
    nested: "(a+)+$",
    alternation: "(a|a)*b",
    overlapping: "(a|aa)+$",
    repeatedDotStar: "(.*a){12}",
    wordsToEnd: "(\\w+\\s?)*z$",
    anchoredNested: "^(a+)+b",
    doubled: "(x+x+)+y",
    classStar: "([a-z]+)*[0-9]",
    starStar: "(a*)*c",
    groupStar: "((ab)*)*c",
    lazyCommas: "(.*?,){11}P",
    emailish: "^([a-z0-9._%-]+)+@",
  };
  const bot = compile(Object.entries(patterns).map(([id, pattern]) => rule({ trigger: { type: "regex", pattern }, actions: { tags: [id] } }, { id })));
  const matchedRules = (text: string) =>
    evaluate(bot, message(text))
      .trace.filter((entry) => entry.matchedSpan !== undefined)
      .map((entry) => entry.ruleId)
      .sort();

  it("accepts every pattern", () => {
    for (const pattern of Object.values(patterns)) expect(checkRegexPattern(pattern), pattern).toBeUndefined();
    expect(bot.problems).toEqual([]);
  });

  it("answers correctly on 10 KB inputs crafted to make backtracking explode", () => {
    const started = performance.now();
    expect(matchedRules(`${"a".repeat(10_000)}!`)).toEqual(["repeatedDotStar"]);
    expect(matchedRules("a".repeat(10_000))).toEqual(["nested", "overlapping", "repeatedDotStar"].sort());
    // "ab" alone satisfies (a|a)*b and ^(a+)+b; the trailing "c" completes the starred groups.
    expect(matchedRules(`${"ab".repeat(5_000)}c`)).toEqual(["alternation", "anchoredNested", "groupStar", "repeatedDotStar", "starStar"]);
    expect(matchedRules(`${"x".repeat(10_000)}`)).toEqual([]);
    expect(matchedRules(`${"word ".repeat(2_000)}!`)).toEqual([]);
    expect(matchedRules(`${"a,".repeat(5_000)}`)).toEqual(["repeatedDotStar"]);
    // Generous sanity bound, not a benchmark (the bench measures): a backtracking engine would
    // not finish these inputs at all, re2js takes milliseconds. 5 s allows for a loaded CI box.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
