import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeText, normalizeWithOffsets } from "@/lib/rules";
import { toOriginalSpan } from "@/lib/rules/normalize-text";

describe("normalizeText", () => {
  it("folds case, strips accents and collapses whitespace by default", () => {
    expect(normalizeText("  Crème   BRÛLÉE\t\n please ")).toBe("creme brulee please");
  });

  it("keeps case or accents when the rule asks", () => {
    expect(normalizeText("Crème Brûlée", { caseSensitive: true })).toBe("Creme Brulee");
    expect(normalizeText("Crème Brûlée", { accentSensitive: true })).toBe("cre\u0300me bru\u0302le\u0301e");
    expect(normalizeText("Crème", { caseSensitive: true, accentSensitive: true })).toBe("Cre\u0300me");
  });

  it("treats precomposed and decomposed accents alike", () => {
    expect(normalizeText("caf\u00e9")).toBe(normalizeText("cafe\u0301"));
    expect(normalizeText("caf\u00e9", { accentSensitive: true })).toBe(normalizeText("cafe\u0301", { accentSensitive: true }));
  });

  it("folds letters without decomposable accents, ligatures and full-width forms", () => {
    expect(normalizeText("Straße Łódź Æsir ﬁnal ＲＥＦＵＮＤ")).toBe("strasse lodz aesir final refund");
  });

  it("drops invisible format characters and control characters", () => {
    expect(normalizeText("re\u200Bfund\u00AD now\u0007")).toBe("refund now");
  });

  it("unifies the Greek final sigma, which only differs by position", () => {
    expect(normalizeText("ΟΔΟΣ")).toBe(normalizeText("οδος"));
  });

  it("maps every normalized character back to the original text", () => {
    const original = "  Hé\u0301llo,   WORLD ß ";
    const normalized = normalizeWithOffsets(original);
    expect(normalized.text).toBe("hello, world ss");
    const at = normalized.text.indexOf("world");
    const world = toOriginalSpan(normalized, { start: at, end: at + 5 });
    expect(original.slice(world.start, world.end)).toBe("WORLD");
    const hello = toOriginalSpan(normalized, { start: 0, end: 5 });
    // The stray combining accent after "é" belongs to the highlighted word.
    expect(original.slice(hello.start, hello.end)).toBe("Hé\u0301llo");
  });

  it("is idempotent and never leaves leading, trailing or double spaces", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const once = normalizeText(text);
        expect(normalizeText(once)).toBe(once);
        expect(once).not.toMatch(/^ | $| {2}/);
        expect(once).not.toMatch(/[\t\n\r\u00a0\u2000-\u200b]/);
      }),
    );
  });

  it("ignores case for Latin text whatever the casing", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z0-9 àéîõüçñÀÉÎÕÜÇÑ]*$/), (text) => {
        expect(normalizeText(text.toUpperCase())).toBe(normalizeText(text.toLowerCase()));
      }),
    );
  });

  it("gives increasing, in-range offsets for any input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.boolean(), fc.boolean(), (text, caseSensitive, accentSensitive) => {
        const n = normalizeWithOffsets(text, { caseSensitive, accentSensitive });
        expect(n.originalStart).toHaveLength(n.text.length);
        expect(n.originalEnd).toHaveLength(n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          expect(n.originalStart[i]!).toBeLessThan(n.originalEnd[i]!);
          expect(n.originalEnd[i]!).toBeLessThanOrEqual(text.length);
          if (i > 0) expect(n.originalStart[i]!).toBeGreaterThanOrEqual(n.originalStart[i - 1]!);
        }
      }),
    );
  });
});
