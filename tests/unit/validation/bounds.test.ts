// Bounded work per request, piece by piece: bodies are limited before they are parsed, templates and
// keyword lists are length-checked before they are parsed, the error list of any input is bounded,
// a rules file is checked within a time budget, and synchronous work can be stopped on a budget.
import { describe, expect, it } from "vitest";
import { toErrorBody } from "@/lib/http/error-response";
import { BodyTooLargeError, DEFAULT_BODY_LIMIT_BYTES, discardBody, readLimitedBody, RULES_IMPORT_BODY_LIMIT_BYTES } from "@/lib/http/limited-body";
import { readJsonBody } from "@/lib/http/read-json";
import { runWithinBudget, TimeBudgetExceededError } from "@/lib/http/time-budget";
import { validationError } from "@/lib/rules-service/validation-error";
import { parseTemplate } from "@/lib/rules/template";
import { MAX_REPORTED_ERRORS, validateRuleInput, validateRulesImport, type RuleValidationError } from "@/lib/validation/rule";
import { MAX_DRAFT_RULES, TestConsoleInputSchema } from "@/lib/validation/rules-api";

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

function streamOf(total: number, chunkSize: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const size = Math.min(chunkSize, total - pulled);
        if (size <= 0) return controller.close();
        pulled += size;
        controller.enqueue(new Uint8Array(size).fill(0x20));
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

const post = (init: { body?: BodyInit; headers?: Record<string, string> }) =>
  new Request("http://botdesk.test/api", { method: "POST", ...init, ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);

describe("body limits", () => {
  it("are 1 MiB by default and 10 MiB for a rules file", () => {
    expect(DEFAULT_BODY_LIMIT_BYTES).toBe(1_048_576);
    expect(RULES_IMPORT_BODY_LIMIT_BYTES).toBe(10_485_760);
  });

  it("refuse a declared length over the limit without reading a byte", async () => {
    const body = streamOf(2_000, 100);
    await expect(readJsonBody(post({ body: body.stream, headers: { "content-length": "2000" } }), { limitBytes: 1_000 })).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(body.pulled()).toBe(0);
  });

  it("cut a streamed body off at the limit, whatever it declares", async () => {
    for (const headers of [{}, { "content-length": "10" }] as Array<Record<string, string>>) {
      const body = streamOf(10 * 1024 * 1024, 16 * 1024);
      await expect(readLimitedBody(post({ body: body.stream, headers }), 64 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
      expect(body.pulled()).toBeLessThanOrEqual(64 * 1024 + 16 * 1024);
    }
    const dropped = streamOf(3 * 1024 * 1024, 64 * 1024);
    await expect(discardBody(post({ body: dropped.stream }))).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(dropped.pulled()).toBeLessThanOrEqual(DEFAULT_BODY_LIMIT_BYTES + 64 * 1024);
  });

  it("take a body of exactly the limit", async () => {
    const json = `{"text":"hi"}${" ".repeat(1_000 - 13)}`;
    expect(await readJsonBody(post({ body: json }), { limitBytes: 1_000 })).toEqual({ text: "hi" });
  });

  it("answer 413 payload_too_large in the one error shape", () => {
    expect(toErrorBody(new BodyTooLargeError(DEFAULT_BODY_LIMIT_BYTES))).toEqual({
      status: 413,
      body: {
        error: {
          code: "payload_too_large",
          message: "The request body is larger than 1 MB (1,048,576 bytes), the most this endpoint accepts.",
          reason: "body_too_large",
        },
      },
    });
  });

  it("refuse a body that is not UTF-8 or not JSON as bad requests", async () => {
    await expect(readJsonBody(post({ body: new Uint8Array([0x7b, 0xff, 0x7d]) }))).rejects.toMatchObject({ code: "bad_request", message: /not valid UTF-8/ });
    await expect(readJsonBody(post({ body: "{nope" }))).rejects.toMatchObject({ code: "bad_request" });
    expect(await readJsonBody(post({ body: "  " }))).toEqual({});
  });
});

describe("templates and keyword lists", () => {
  const withReply = (reply: string) => ({ name: "R", definition: { trigger: { type: "contains", keyword: "x" }, actions: { reply } } });

  it("refuse an over-long template before parsing it: one error, at once", () => {
    const { value, ms } = timed(() => validateRuleInput(withReply("{{x}}".repeat(1_900_000))));
    expect(value).toEqual({ ok: false, errors: [{ field: "definition.actions.reply", message: "Reply is longer than 32,768 characters as written; shorten the text" }] });
    expect(ms).toBeLessThan(200);
  });

  it("describe at most five unknown variables of a template, and count the rest", () => {
    const { value, ms } = timed(() => validateRuleInput(withReply("{{x}}".repeat(6_000))));
    const errors = value.ok ? [] : value.errors;
    expect(errors).toHaveLength(6);
    expect(errors[5]).toEqual({ field: "definition.actions.reply", message: "…and 5,995 more unknown template variables" });
    expect(ms).toBeLessThan(200);
    expect(parseTemplate("{{a}}{{b}}".repeat(50_000)).errors).toHaveLength(6);
  });

  it("refuse an over-long keyword list with one error, without checking the keywords", () => {
    const keywords = Array.from({ length: 100_000 }, () => "\u0000");
    const { value, ms } = timed(() => validateRuleInput({ name: "R", definition: { trigger: { type: "any_of", keywords }, actions: { reply: "x" } } }));
    expect(value).toEqual({ ok: false, errors: [{ field: "definition.trigger.keywords", message: "Use at most 500 keywords per rule" }] });
    expect(ms).toBeLessThan(200);
  });

  it("refuse an over-long keyword or pattern before looking inside it", () => {
    const long = "a".repeat(1_000_000);
    const keyword = validateRuleInput({ name: "R", definition: { trigger: { type: "contains", keyword: long }, actions: { reply: "x" } } });
    expect(keyword.ok ? [] : keyword.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^Keep keywords under 200 characters/)]);
    const pattern = validateRuleInput({ name: "R", definition: { trigger: { type: "regex", pattern: `(${long}` }, actions: { reply: "x" } } });
    expect(pattern.ok ? [] : pattern.errors).toEqual([{ field: "definition.trigger.pattern", message: "Regular expression is longer than 1000 characters" }]);
  });
});

describe("error lists", () => {
  it("name at most 20 problems and count the rest", () => {
    const errors: RuleValidationError[] = Array.from({ length: 1_000 }, (_, i) => ({ ruleIndex: i, field: "name", message: "Name is required" }));
    const body = toErrorBody(validationError(errors)).body.error;
    expect(MAX_REPORTED_ERRORS).toBe(20);
    expect(body.details?.errors).toHaveLength(20);
    expect(body.details?.moreErrors).toBe(980);
    expect(body.message).toBe("Rule 1, name: Name is required (and 999 more problems)");
  });

  it("of a rules file keep the first 20 and count every problem", () => {
    const rules = Array.from({ length: 10_000 }, () => ({ name: "\u0000", definition: { trigger: { type: "contains", keyword: "x" }, actions: { reply: "x" } } }));
    const { value, ms } = timed(() => validateRulesImport({ version: 1, rules }));
    if (value.ok) throw new Error("expected errors");
    expect(value.errors).toHaveLength(20);
    expect(value.errors.total).toBe(10_000);
    expect(toErrorBody(validationError(value.errors)).body.error).toMatchObject({ message: expect.stringMatching(/\(and 9,999 more problems\)$/), details: { moreErrors: 9_980 } });
    expect(ms).toBeLessThan(3_000);
  });

  it("of a rules file stop when checking takes longer than its budget, and say where", () => {
    let clock = 0;
    const rules = Array.from({ length: 5 }, (_, i) => ({ name: `R${i}`, definition: { trigger: { type: "contains", keyword: "x" }, actions: { reply: "x" } } }));
    const result = validateRulesImport({ version: 1, rules }, { budgetMs: 2_500, now: () => (clock += 1_000) });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          field: "rules",
          message: "Checking the file took longer than 2.5 s and stopped at rule 4 of 5; import fewer rules at a time or simplify their regular expressions",
        },
      ],
    });
  });
});

describe("the test console's input", () => {
  it(`takes at most ${MAX_DRAFT_RULES} draft rules, counted before any is looked at`, () => {
    const rules = Array.from({ length: 10_000 }, () => ({ name: "x".repeat(50), definition: { trigger: { type: "any_of", keywords: ["a"] } } }));
    const { value, ms } = timed(() => TestConsoleInputSchema.safeParse({ text: "hi", rules }));
    expect(value.error?.issues).toEqual([expect.objectContaining({ path: ["rules"], message: expect.stringMatching(/^Send at most 200 draft rules/) })]);
    expect(ms).toBeLessThan(100);
  });
});

describe("runWithinBudget", () => {
  it("answers what the work returns, and passes its errors on", () => {
    expect(runWithinBudget(() => 42, 100)).toBe(42);
    expect(() => runWithinBudget(() => JSON.parse("{"), 100)).toThrow(SyntaxError);
  });

  it("stops synchronous work that runs past the budget", () => {
    const started = performance.now();
    expect(() =>
      runWithinBudget(() => {
        for (;;) Math.sqrt(Math.random());
      }, 100),
    ).toThrow(TimeBudgetExceededError);
    expect(performance.now() - started).toBeLessThan(1_000);
    // The process goes on as before.
    expect(runWithinBudget(() => [1, 2, 3].map((n) => n * 2), 100)).toEqual([2, 4, 6]);
  });
});
