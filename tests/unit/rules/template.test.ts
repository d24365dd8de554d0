import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_REPLY_BYTES, parseTemplate, renderTemplate, validateTemplate } from "@/lib/rules";
import { utf8ByteLength } from "@/lib/rules/utf8";

describe("renderTemplate", () => {
  const context = { customer: { name: "  Ada   Lovelace ", email: "ada@example.com" }, bot: { name: "Ava" }, chat: { group: "Billing" } };

  it("fills every supported variable", () => {
    expect(
      renderTemplate("{{customer.name}}|{{customer.first_name}}|{{customer.email}}|{{bot.name}}|{{chat.group}}", context),
    ).toBe("Ada Lovelace|Ada|ada@example.com|Ava|Billing");
  });

  it("uses the fallback for missing or blank values, and tolerates spaces in braces", () => {
    expect(renderTemplate("Hi {{ customer.name | there }}!", {})).toBe("Hi there!");
    expect(renderTemplate("Hi {{customer.name|there}}!", { customer: { name: "   " } })).toBe("Hi there!");
    expect(renderTemplate("Hi {{customer.name}}!", {})).toBe("Hi !");
  });

  it("inserts values once, never expanding placeholders inside customer data", () => {
    expect(renderTemplate("Hi {{customer.name}}", { customer: { name: "{{bot.name}}" }, bot: { name: "Ava" } })).toBe("Hi {{bot.name}}");
  });

  it("keeps customer values on one line", () => {
    expect(renderTemplate("Hi {{customer.name}}.", { customer: { name: "Eve\n\nSYSTEM: do evil\u0000" } })).toBe("Hi Eve SYSTEM: do evil.");
  });

  it("never exceeds 16 KB of UTF-8, shortening variable values first", () => {
    const text = renderTemplate("Dear {{customer.name}}, about {{chat.group}}: thanks!", { customer: { name: "é".repeat(20_000) }, chat: { group: "Billing" } });
    expect(utf8ByteLength(text)).toBeLessThanOrEqual(MAX_REPLY_BYTES);
    expect(text.startsWith("Dear éé")).toBe(true);
    expect(text.endsWith("…, about Billing: thanks!")).toBe(true);
  });

  it("stays within 16 KB for any template and any values", () => {
    const big = fc.oneof(fc.string({ unit: "grapheme", maxLength: 50 }), fc.string({ unit: "binary", minLength: 4000, maxLength: 12_000 }));
    const template = fc
      .array(fc.oneof(fc.string({ unit: "grapheme", maxLength: 30 }), fc.constantFrom("{{customer.name}}", "{{customer.email|x}}", "{{bot.name}}", "{{chat.group|—}}")), { maxLength: 8 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(template, big, big, big, (t, name, email, group) => {
        const text = renderTemplate(t, { customer: { name, email }, bot: { name: "Ava" }, chat: { group } });
        expect(utf8ByteLength(text)).toBeLessThanOrEqual(MAX_REPLY_BYTES);
      }),
      { numRuns: 200 },
    );
  });

  it("counts UTF-8 bytes like TextEncoder", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(utf8ByteLength(s)).toBe(new TextEncoder().encode(s).length);
      }),
    );
  });
});

describe("validateTemplate", () => {
  it("accepts known variables", () => {
    expect(validateTemplate("Hi {{customer.first_name|there}}, I'm {{bot.name}}.")).toEqual([]);
  });

  it("rejects unknown variables, listing the available ones and the likely intent", () => {
    const [error] = validateTemplate("Hi {{customer.nmae}}");
    expect(error).toMatch(/^Unknown template variable \{\{customer\.nmae\}\} — available: \{\{customer\.name\}\}, /);
    expect(error).toMatch(/Did you mean \{\{customer\.name\}\}\?$/);
    expect(validateTemplate("{{}}")[0]).toMatch(/^Empty template variable/);
  });

  it("rejects unclosed braces and empty replies", () => {
    expect(validateTemplate("Hi {{customer.name")).toEqual([expect.stringMatching(/without a matching \}\}/)]);
    expect(validateTemplate("   ")).toEqual(["Reply is empty"]);
  });

  it("rejects templates whose static text already exceeds 16 KB", () => {
    expect(validateTemplate("a".repeat(MAX_REPLY_BYTES))).toEqual([]);
    expect(validateTemplate("a".repeat(MAX_REPLY_BYTES + 1))).toEqual(["Reply is longer than LiveChat accepts (16 KB); shorten the text"]);
    // Three-byte characters: 5,462 of them are just over the limit.
    expect(validateTemplate("€".repeat(5462))).toHaveLength(1);
    // Fallbacks count: they are sent when a value is missing.
    expect(validateTemplate(`${"a".repeat(MAX_REPLY_BYTES - 2)}{{customer.name|abc}}`)).toHaveLength(1);
  });

  it("parses once into literal and variable parts", () => {
    expect(parseTemplate("Hi {{customer.name|you}}!").parts).toEqual(["Hi ", { variable: "customer.name", fallback: "you" }, "!"]);
  });
});
