import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildAhoCorasick } from "@/lib/rules/aho-corasick";

function occurrences(patterns: string[], text: string): string[] {
  const found: string[] = [];
  buildAhoCorasick(patterns).scan(text, (p, end) => found.push(`${p}@${end}`));
  return found.sort();
}

function naive(patterns: string[], text: string): string[] {
  const found: string[] = [];
  patterns.forEach((pattern, p) => {
    for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + 1)) found.push(`${p}@${at + pattern.length}`);
  });
  return found.sort();
}

describe("Aho–Corasick", () => {
  it("reports overlapping and nested occurrences", () => {
    expect(occurrences(["he", "she", "his", "hers"], "ushers")).toEqual(["0@4", "1@4", "3@6"]);
  });

  it("finds exactly what indexOf finds, for any patterns and text", () => {
    const alphabet = fc.constantFrom("a", "b", "c", "é", "😀");
    const str = (min: number, max: number) => fc.array(alphabet, { minLength: min, maxLength: max }).map((a) => a.join(""));
    fc.assert(
      fc.property(fc.uniqueArray(str(1, 4), { maxLength: 12 }), str(0, 40), (patterns, text) => {
        expect(occurrences(patterns, text)).toEqual(naive(patterns, text));
      }),
      { numRuns: 500 },
    );
  });

  it("rejects empty and duplicate patterns", () => {
    expect(() => buildAhoCorasick([""])).toThrow(/non-empty/);
    expect(() => buildAhoCorasick(["a", "a"])).toThrow(/Duplicate/);
  });
});
