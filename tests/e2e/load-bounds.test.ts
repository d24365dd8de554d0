// On the production build (`next start`), what once stopped the dashboard for every organization is
// refused at once while /api/health keeps answering: a 9.5 MB body of placeholders sent to the test
// console by a normal agent, 10,000 draft rules, concurrent huge chunked bodies, and a burst of
// requests from one person (throttled with 429 and Retry-After); and an owner's import of 10,000
// rules (the documented maximum) goes through while health keeps answering.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppShell } from "./harness/pages/app-shell";
import { SignInPage } from "./harness/pages/sign-in-page";
import { startStack, type Stack } from "./harness/stack";

let stack: Stack;
let cookie = "";
let consoleUrl = "";
let overviewUrl = "";
let orgId = "";
let botId = "";

beforeAll(async () => {
  stack = await startStack();
  const agent = await stack.newSession();
  await new SignInPage(agent.page, stack.emulator.url).signInAs("Nora Agent");
  orgId = new AppShell(agent.page).orgId();
  const bot = await stack.database.db.bot.create({ data: { orgId, livechatBotId: "load-bot", name: "Load Bot" } });
  botId = bot.id;
  cookie = (await agent.context.cookies()).map((entry) => `${entry.name}=${entry.value}`).join("; ");
  consoleUrl = `${stack.app.url}/api/orgs/${encodeURIComponent(orgId)}/bots/${encodeURIComponent(bot.id)}/test-console`;
  overviewUrl = `${stack.app.url}/api/orgs/${encodeURIComponent(orgId)}/overview`;
});
afterAll(async () => {
  await stack?.stop();
});

/** Polls /api/health every 100 ms until stopped; counts answers that were not a 200 within 5 s. */
function watchHealth() {
  let failures = 0;
  let answers = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const ok = await fetch(`${stack.app.url}/api/health`, { signal: AbortSignal.timeout(5_000) }).then(
        (response) => response.status === 200,
        () => false,
      );
      answers += 1;
      if (!ok) failures += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { failures, answers };
    },
  };
}

const post = (body: BodyInit, extra: Record<string, string> = {}) =>
  fetch(consoleUrl, {
    method: "POST",
    headers: { cookie, origin: stack.app.url, "content-type": "application/json", ...extra },
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);

/** A JSON body streamed in chunks, without a content-length, `megabytes` long. */
function chunked(megabytes: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode("{{x}}".repeat(13_107)); // ~64 KB
  let sent = 0;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"text":"'));
    },
    pull(controller) {
      if (sent >= megabytes * 1024 * 1024) {
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
        return;
      }
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

describe("bounded work on the production build", () => {
  it("refuses a 9.5 MB body of placeholders from a normal agent, declared or streamed, while health answers", async () => {
    const health = watchHealth();
    const declared = await post(JSON.stringify({ text: "{{x}}".repeat(1_990_000) }));
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    const streamed = await post(chunked(9.5));
    expect(streamed.status).toBe(413);
    const { failures, answers } = await health.stop();
    expect(answers).toBeGreaterThan(0);
    expect(failures).toBe(0);
  });

  it("refuses 10,000 draft rules, large or small, with a clear message", async () => {
    const rule = (index: number, keywords: number) => ({
      name: `Draft ${index}`,
      definition: { trigger: { type: "any_of", keywords: Array.from({ length: keywords }, (_, k) => `kw${index}x${k}`) }, actions: { reply: "Hi" } },
    });
    const large = await post(JSON.stringify({ text: "hello", rules: Array.from({ length: 10_000 }, (_, index) => rule(index, 500)) }));
    expect(large.status).toBe(413);
    const tiny = { name: "D", definition: { trigger: { type: "contains", keyword: "a" }, actions: { reply: "b" } } };
    const smallBody = JSON.stringify({ text: "hello", rules: Array.from({ length: 10_000 }, () => tiny) });
    expect(smallBody.length).toBeLessThan(1024 * 1024); // inside the body limit: the draft limit refuses it
    const small = await post(smallBody);
    expect(small.status).toBe(422);
    expect(((await small.json()) as { error: { message: string } }).error.message).toContain("at most 200 draft rules");
  });

  it("cuts off six concurrent huge streamed bodies, while health answers", async () => {
    const health = watchHealth();
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(chunked(40))));
    expect(answers.map((answer) => answer.status)).toEqual([413, 413, 413, 413, 413, 413]);
    const { failures } = await health.stop();
    expect(failures).toBe(0);
  });

  it("throttles a burst from one person with 429 and Retry-After, and the service stays up", async () => {
    const health = watchHealth();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let batch = 0; batch < 20 && !statuses.includes(429); batch += 1) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(overviewUrl, { headers: { cookie } })));
      for (const answer of answers) {
        statuses.push(answer.status);
        if (answer.status === 429) {
          retryAfter = answer.headers.get("retry-after");
          expect(((await answer.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
        } else {
          await answer.body?.cancel();
        }
      }
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // The limit is per person, 300 points a minute (a read costs 1, the changes above 5 each): most of
    // the burst went through before the first refusal.
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(200);
    const { failures } = await health.stop();
    expect(failures).toBe(0);
  });

  it("imports 10,000 rules for an owner while /api/health keeps answering", async () => {
    const owner = await stack.newSession();
    await new SignInPage(owner.page, stack.emulator.url).signInAs("Olivia Owner");
    const ownerCookie = (await owner.context.cookies()).map((entry) => `${entry.name}=${entry.value}`).join("; ");
    const rules = Array.from({ length: 10_000 }, (_, index) => ({
      name: `Rule ${index}`,
      enabled: true,
      definition: { trigger: { type: "any_of", keywords: [`topic ${index}`, `question ${index % 97}`] }, actions: { reply: `About topic ${index}.` } },
    }));
    const health = watchHealth();
    const answer = await fetch(`${stack.app.url}/api/orgs/${encodeURIComponent(orgId)}/bots/${encodeURIComponent(botId)}/rules/import`, {
      method: "POST",
      headers: { cookie: ownerCookie, origin: stack.app.url, "content-type": "application/json" },
      body: JSON.stringify({ version: 1, rules }),
    });
    const { failures, answers } = await health.stop();
    expect(answer.status).toBe(200);
    expect(await stack.database.db.rule.count({ where: { botId } })).toBe(10_000);
    expect(answers).toBeGreaterThan(0);
    expect(failures).toBe(0);
  });
});
