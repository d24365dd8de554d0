// The test console is open to every member, so it is where a normal agent could freeze the dashboard
// (security review, finding 1). The inputs that did are refused now, at once and clearly: a 9.5 MB
// body of "{{x}}" (58 s before), 10,000 draft rules of 500 keywords (42 s before), and anything
// slower than the CPU budget stops and says so; six concurrent 250 MB bodies (finding 2, 2.3 GB
// before) are read 1 MiB each at most. A normal agent still uses it within those bounds.
// Route handlers are called as Next.js calls them; the engine does not depend on the database, so
// SQLite alone is used here (the body limits are checked on both in body-limits.test.ts).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const secret = vi.hoisted(() => {
  const value = "test-console-bounds-secret-0123456789abcdef";
  Object.assign(process.env, {
    // support/world.ts's APP_URL: requests come from the app's own origin.
    NEXTAUTH_URL: "http://127.0.0.1:3998",
    NEXTAUTH_SECRET: value,
    LIVECHAT_CLIENT_ID: "client",
    LIVECHAT_CLIENT_SECRET: "client-secret",
    LIVECHAT_ACCOUNTS_URL: "http://127.0.0.1:9",
    LIVECHAT_API_URL: "http://127.0.0.1:9",
    TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}`,
  });
  return value;
});

import * as consoleRoute from "../../../app/api/orgs/[orgId]/bots/[botId]/test-console/route";
import { webEnv } from "../../../lib/env";
import { DEFAULT_BODY_LIMIT_BYTES } from "../../../lib/http/limited-body";
import type { TestConsoleResult } from "../../../lib/rules-service/test-console";
import { createTestDatabase, type TestDatabase } from "../../helpers/database";
import { useAsDefaultDb } from "../../helpers/default-db";
import { seedTenantFixtures, snapshotDatabase, type MemberFixture, type TenantFixtures } from "../../helpers/tenant-isolation/fixtures";
import { callRoute, CountingBody, type Answer, type ErrorBody, type RouteHandler } from "./support/world";

const handler = consoleRoute.POST as unknown as RouteHandler;
const MB = 1024 * 1024;

let database: TestDatabase;
let f: TenantFixtures;

const draft = (name: string, definition: Record<string, unknown>) => ({ name, definition });
const refunds = draft("Refunds", { trigger: { type: "any_of", keywords: ["refund", "money back"] }, actions: { reply: "Hi {{customer.first_name|there}}, refunds take 5 days." } });

function asMember(member: MemberFixture) {
  return { userId: member.userId, orgId: f.a.orgId, cookie: member.cookie };
}

function test(body: { json?: unknown; bytes?: Uint8Array; stream?: ReadableStream<Uint8Array>; contentLength?: number }, member = f.a.agent) {
  return callRoute<TestConsoleResult & ErrorBody>(handler, { method: "POST", member: asMember(member), params: { botId: f.a.botId }, ...body });
}

/** Bytes streamed in 64 KiB chunks without `content-length`, as a chunked upload arrives. */
function chunked(bytes: Uint8Array): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.byteLength) return controller.close();
        controller.enqueue(bytes.slice(offset, offset + 64 * 1024));
        offset += 64 * 1024;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => Math.min(offset, bytes.byteLength) };
}

function expectRefused(answer: Answer<ErrorBody>, expected: { status: number; code: string; field?: string; reason?: string; message?: RegExp; withinMs: number }) {
  expect({ status: answer.status, code: answer.body.error.code }).toEqual({ status: expected.status, code: expected.code });
  if (expected.field !== undefined) expect(answer.body.error.field).toBe(expected.field);
  if (expected.reason !== undefined) expect(answer.body.error.reason).toBe(expected.reason);
  if (expected.message) expect(answer.body.error.message).toMatch(expected.message);
  expect(answer.ms).toBeLessThan(expected.withinMs);
}

beforeAll(async () => {
  database = await createTestDatabase("sqlite");
  useAsDefaultDb(database);
  f = await seedTenantFixtures(database.db, { secret, keyring: webEnv().TOKEN_ENCRYPTION_KEYS });
  await database.db.rule.update({ where: { id: f.a.ruleId }, data: { name: refunds.name, definition: JSON.stringify(refunds.definition) } });
});

afterAll(async () => {
  await database?.drop();
});

describe("a normal agent", () => {
  it("uses the test console on the saved rules and on drafts, and stores nothing", async () => {
    const before = await snapshotDatabase(database.db);
    const saved = await test({ json: { text: "I want my MONEY back", customer: { name: "Jane Doe" } } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ outcome: "rule", ruleName: "Refunds", reply: "Hi Jane, refunds take 5 days.", source: "saved", matchedText: "MONEY back" });
    const drafts = await test({
      json: { text: "do you ship to Kraków?", rules: [draft("Shipping", { trigger: { type: "contains", keyword: "krakow" }, actions: { reply: "Yes!" } })] },
    });
    expect(drafts.body).toMatchObject({ outcome: "rule", ruleName: "Shipping", reply: "Yes!", source: "draft" });
    expect(await snapshotDatabase(database.db)).toEqual(before);
  });

  it("may send a body of exactly the limit, and a message of 10,000 characters", async () => {
    const json = JSON.stringify({ text: "refund ".repeat(1_428) + "ok" });
    const padded = new TextEncoder().encode(json + " ".repeat(DEFAULT_BODY_LIMIT_BYTES - json.length));
    expect(padded.byteLength).toBe(DEFAULT_BODY_LIMIT_BYTES);
    const answer = await test({ bytes: padded });
    expect(answer.status).toBe(200);
    expect(answer.body.ruleName).toBe("Refunds");
  });
});

describe("the inputs that froze the dashboard", () => {
  it("refuses a 9.5 MB body of {{x}} placeholders at once, declared or chunked", async () => {
    const reply = "{{x}}".repeat(1_900_000);
    const bytes = new TextEncoder().encode(JSON.stringify({ text: "hi", rules: [draft("x", { trigger: { type: "contains", keyword: "hi" }, actions: { reply } })] }));
    expect(bytes.byteLength).toBeGreaterThan(9.5 * 1_000_000);
    expectRefused(await test({ bytes }), { status: 413, code: "payload_too_large", message: /larger than 1 MB/, withinMs: 1_000 });
    const streamed = chunked(bytes);
    expectRefused(await test({ stream: streamed.stream }), { status: 413, code: "payload_too_large", withinMs: 1_000 });
    expect(streamed.pulled()).toBeLessThanOrEqual(MB + 64 * 1024);
  });

  it("refuses the same placeholders within the limit before parsing the template, with one error", async () => {
    const answer = await test({ json: { text: "hi", rules: [draft("x", { trigger: { type: "contains", keyword: "hi" }, actions: { reply: "{{x}}".repeat(200_000) } })] } });
    expectRefused(answer, { status: 422, code: "validation", field: "definition.actions.reply", message: /^Rule 1 “x”, definition\.actions\.reply: Reply is longer than 32,768 characters/, withinMs: 1_000 });
    expect(answer.body.error.details?.errors).toHaveLength(1);
    const many = await test({ json: { text: "hi", rules: [draft("x", { trigger: { type: "contains", keyword: "hi" }, actions: { reply: "{{x}}".repeat(6_000) } })] } });
    expectRefused(many, { status: 422, code: "validation", field: "definition.actions.reply", withinMs: 1_000 });
    expect(many.body.error.details?.errors.map((error) => error.message).at(-1)).toBe("…and 5,995 more unknown template variables");
  });

  it("refuses 10,000 draft rules of 500 keywords at once (over the body limit)", async () => {
    const keywords = Array.from({ length: 500 }, (_, i) => `keyword${i}`);
    const rule = JSON.stringify(draft("Many", { trigger: { type: "any_of", keywords }, actions: { reply: "x" } }));
    const bytes = new TextEncoder().encode(`{"text":"keyword1","rules":[${Array.from({ length: 10_000 }, () => rule).join(",")}]}`);
    expect(bytes.byteLength).toBeGreaterThan(40 * MB);
    expectRefused(await test({ bytes }), { status: 413, code: "payload_too_large", withinMs: 1_000 });
    const streamed = chunked(bytes);
    expectRefused(await test({ stream: streamed.stream }), { status: 413, code: "payload_too_large", withinMs: 1_000 });
  });

  it("refuses 10,000 small draft rules that fit the body limit, counting them before looking at any", async () => {
    const rules = Array.from({ length: 10_000 }, (_, i) => draft(`R${i}`, { trigger: { type: "contains", keyword: "k" } }));
    const answer = await test({ json: { text: "k", rules } });
    expectRefused(answer, { status: 422, code: "validation", field: "rules", message: /Send at most 200 draft rules/, withinMs: 1_000 });
  });

  it("checks drafts like saved rules, and lists at most 20 of their problems", async () => {
    const rules = Array.from({ length: 200 }, (_, i) => draft(`R\u0000${i}`, { trigger: { type: "contains", keyword: "k" }, actions: { reply: "x" } }));
    const answer = await test({ json: { text: "k", rules } });
    expectRefused(answer, { status: 422, code: "validation", field: "name", message: /^Rule 1, name: Contains a NUL character .* \(and 199 more problems\)$/, withinMs: 1_000 });
    expect(answer.body.error.details?.errors).toHaveLength(20);
    expect(answer.body.error.details?.moreErrors).toBe(180);
  });
});

describe("the CPU budget", () => {
  const slowPattern = (i: number) => `(?:.{0,100}){1,10}q${i}`;
  const longText = "hello world, I would like to ask about my order ".repeat(210).slice(0, 10_000);

  it("stops draft rules that take longer than 1,000 ms, and says so", async () => {
    const rules = Array.from({ length: 200 }, (_, i) => draft(`Slow ${i}`, { trigger: { type: "regex", pattern: slowPattern(i) }, actions: { reply: "x" } }));
    const answer = await test({ json: { text: longText, rules } });
    expectRefused(answer, { status: 422, code: "validation", field: "rules", reason: "time_budget_exceeded", message: /^The test stopped after 1,000 ms/, withinMs: 2_500 });
  });

  it("stops saved rules that take longer than 1,000 ms, and the console works again right after", async () => {
    const slow = Array.from({ length: 12 }, (_, i) => ({
      orgId: f.a.orgId,
      botId: f.a.botId,
      position: i + 1,
      name: `Slow ${i}`,
      definition: JSON.stringify({ trigger: { type: "regex", pattern: slowPattern(i) }, actions: { reply: "x" } }),
    }));
    await database.db.rule.createMany({ data: slow });
    try {
      // Each pattern needs its "q<i>" (regex-prefilter.ts skips it otherwise): found only at the end.
      const text = `${longText.slice(0, 9_940)} ${slow.map((_, i) => `q${i}`).join(" ")}`;
      const answer = await test({ json: { text } });
      expectRefused(answer, { status: 422, code: "validation", reason: "time_budget_exceeded", message: /the saved rules takes too long/, withinMs: 2_500 });
      expect(answer.body.error.field).toBeUndefined();
    } finally {
      await database.db.rule.deleteMany({ where: { botId: f.a.botId, name: { startsWith: "Slow " } } });
    }
    expect((await test({ json: { text: "refund please" } })).body.ruleName).toBe("Refunds");
  });

});

describe("six concurrent 250 MB bodies from a normal agent (finding 2)", () => {
  it("are each refused after at most 1 MiB read when chunked, and without a byte read when declared", async () => {
    const streamed = Array.from({ length: 6 }, () => new CountingBody(250 * MB));
    const declared = Array.from({ length: 6 }, () => new CountingBody(250 * MB));
    const answers = await Promise.all([
      ...streamed.map((body) => test({ stream: body.stream })),
      ...declared.map((body) => test({ stream: body.stream, contentLength: 250 * MB })),
    ]);
    for (const answer of answers) expectRefused(answer, { status: 413, code: "payload_too_large", withinMs: 2_000 });
    for (const body of streamed) expect(body.pulled).toBeLessThanOrEqual(MB + 64 * 1024);
    expect(declared.map((body) => body.pulled)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
