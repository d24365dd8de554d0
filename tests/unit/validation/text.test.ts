// What may be stored as free text (lib/validation/text.ts): one pass that names the character and
// where it is, the visible-character test for names, and LiveChat's names made storable.
import { describe, expect, it } from "vitest";
import { hasVisibleCharacter, storableFromLiveChat, textProblem } from "@/lib/validation/text";

describe("textProblem", () => {
  it("accepts ordinary text in any script, emoji (surrogate pairs, ZWJ sequences) and bidi marks", () => {
    for (const text of ["Order Helper", "Zażółć gęślą jaźń", "مساعد الطلبات", "שלום", "注文ヘルパー", "👩‍💻 Helper 🇵🇱", "a\u200eb\u200fc", "x\u00a0y", ""]) {
      expect({ text, problem: textProblem(text) }).toEqual({ text, problem: undefined });
    }
  });

  it.each<[string, string, RegExp]>([
    ["NUL", "ab\u0000c", /^Contains a NUL character \(U\+0000\) at character 3; remove it$/],
    ["a lone high surrogate", "ab\ud83d", /unpaired UTF-16 surrogate, U\+D83D\) at character 3/],
    ["a lone low surrogate", "\ude00ab", /unpaired UTF-16 surrogate, U\+DE00\) at character 1/],
    ["a reversed pair", "\ude00\ud83d", /unpaired UTF-16 surrogate, U\+DE00\)/],
    ["a bell", "a\u0007", /control character U\+0007 at character 2/],
    ["DEL", "a\u007f", /control character U\+007F/],
    ["a C1 control", "a\u0085b", /control character U\+0085/],
    ["a line break in one line", "a\nb", /control character U\+000A .*single line/],
    ["a line separator in one line", "a\u2028b", /control character U\+2028/],
    ...["\u202a", "\u202b", "\u202c", "\u202d", "\u202e"].map((char): [string, string, RegExp] => [
      `bidi ${char.codePointAt(0)!.toString(16)}`,
      `x${char}y`,
      /bidirectional embedding or override control U\+202[A-E] at character 2/,
    ]),
    ...["\u2066", "\u2067", "\u2068", "\u2069"].map((char): [string, string, RegExp] => [`bidi ${char.codePointAt(0)!.toString(16)}`, `x${char}y`, /bidirectional isolate control U\+206[6-9]/]),
  ])("refuses %s", (_label, text, message) => {
    expect(textProblem(text)).toMatch(message);
  });

  it("allows line breaks and tabs only where several lines are allowed, and nothing else", () => {
    expect(textProblem("Hi!\r\n\tWe are open.\u2028Bye", { multiline: true })).toBeUndefined();
    expect(textProblem("Hi\u0000", { multiline: true })).toMatch(/NUL/);
    expect(textProblem("Hi\u000b", { multiline: true })).toMatch(/U\+000B.*only line breaks and tabs/);
    expect(textProblem("Hi\u202e", { multiline: true })).toMatch(/U\+202E/);
  });

  it("is one linear pass: a megabyte of text is checked in milliseconds", () => {
    const text = "Zażółć 👩‍💻 ".repeat(100_000);
    const started = performance.now();
    expect(textProblem(text, { multiline: true })).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("hasVisibleCharacter", () => {
  it("is false for whitespace and zero-width characters alone", () => {
    for (const text of ["", "   ", "\u200b", "\u200b\u200c\u200d\u2060\ufeff", "\u3164", "\u115f\u1160", "\u2800", "\u00ad", "\u180e", "\ufe0f", "\u3000\u00a0"]) {
      expect({ text, visible: hasVisibleCharacter(text) }).toEqual({ text, visible: false });
    }
  });

  it("is true once anything shows", () => {
    for (const text of ["a", " \u200b.", "👩‍💻", "ـ", "\u200bx\u200b"]) expect(hasVisibleCharacter(text)).toBe(true);
  });
});

describe("storableFromLiveChat", () => {
  it("keeps clean names as they are, drops what cannot be stored and mends broken surrogates", () => {
    expect(storableFromLiveChat("Olivia 👩‍💻")).toBe("Olivia 👩‍💻");
    expect(storableFromLiveChat("Ol\u0000iv\u202eia\u0007")).toBe("Olivia");
    expect(storableFromLiveChat("Olivia \ud83d")).toBe("Olivia \ufffd");
    expect(textProblem(storableFromLiveChat("\ude00\u2066x\u0085"))).toBeUndefined();
  });
});
