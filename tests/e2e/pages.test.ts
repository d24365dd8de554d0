// Every organization page in a real browser with demo-like data (a bot, rules, what it did, who
// changed what, a running worker): the owner visits each page found on disk at desktop
// (1280×800) and phone (390×844) width, a screenshot of each is saved under
// test-results/screenshots/, and axe finds no serious or critical violation. Then the insight
// pages are used as people use them: the Activity feed with filters, a new entry arriving without
// a reload, an entry's trace opened and closed from the keyboard, rule statistics with "create a
// rule from this message", the audit log's before/after; a normal agent sees it all read-only.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { seriousAxeViolations } from "./harness/axe";
import { ROOT } from "./harness/build";
import "./harness/matchers";
import { orgPagePaths } from "./harness/org-pages";
import { AppShell } from "./harness/pages/app-shell";
import { SignInPage } from "./harness/pages/sign-in-page";
import { startStack, type BrowserSession, type Stack } from "./harness/stack";

const SCREENSHOTS = path.join(ROOT, "test-results", "screenshots");
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

let stack: Stack;
let owner: BrowserSession;
let orgId: string;
let botId: string;

beforeAll(async () => {
  stack = await startStack();
  owner = await stack.newSession();
  await new SignInPage(owner.page, stack.emulator.url).signInAs("Olivia Owner");
  orgId = new AppShell(owner.page).orgId();
  // Grant bot management access, as an owner does on the Overview, so the worker connection is set.
  await owner.page.getByRole("button", { name: "Grant bot management access" }).first().click();
  const livechat = new SignInPage(owner.page, stack.emulator.url).livechat;
  await livechat.waitUntilShown();
  await livechat.continueAs("Olivia Owner");
  await owner.page.waitForURL(/\/orgs\/[^/]+$/);
  botId = await seedDemoData();
});
afterAll(async () => {
  await stack?.stop();
});

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const rule = (keywords: string[], reply: string) => JSON.stringify({ trigger: { type: "any_of", keywords }, actions: { reply } });

/** What a team sees after a morning of use, written as the dashboard and the worker write it. */
async function seedDemoData(): Promise<string> {
  const db = stack.database.db;
  const user = await db.user.findFirstOrThrow({ where: { email: "olivia@acme.example" } });
  const bot = await db.bot.create({
    data: { orgId, livechatBotId: "demo-order-helper", name: "Order Helper", jobTitle: "Virtual assistant", desiredRoutingStatus: "accepting_chats", currentRoutingStatus: "accepting_chats" },
  });
  const refunds = await db.rule.create({ data: { orgId, botId: bot.id, position: 0, name: "Refunds", definition: rule(["refund", "money back"], "You can ask for a refund within 30 days at acme.example/refunds.") } });
  const shipping = await db.rule.create({ data: { orgId, botId: bot.id, position: 1, name: "Shipping times", definition: rule(["shipping", "delivery"], "Orders ship within 2 working days.") } });
  const trace = (firedId: string, firedName: string, span: { start: number; end: number }) => ({
    outcome: "rule",
    rules: [
      { ruleId: refunds.id, ruleName: "Refunds", position: 0, status: refunds.id === firedId ? "fired" : "no_match", ...(refunds.id === firedId ? { matchedSpan: span } : {}) },
      { ruleId: shipping.id, ruleName: "Shipping times", position: 1, status: shipping.id === firedId ? "fired" : "no_match", ...(shipping.id === firedId ? { matchedSpan: span } : {}) },
    ].map((entry) => ({ ...entry, ruleName: entry.ruleId === firedId ? firedName : entry.ruleName })),
  });
  const rows = [
    { outcome: "replied", ruleId: refunds.id, ruleName: "Refunds", messageText: "Hi, can I get a refund for order 1182?", trace: trace(refunds.id, "Refunds", { start: 16, end: 22 }), at: 2 },
    { outcome: "no_match", messageText: "Do you ship to Norway?", trace: { outcome: "no_match", rules: [] }, at: 7 },
    { outcome: "replied", ruleId: shipping.id, ruleName: "Shipping times", messageText: "How long does delivery take?", trace: trace(shipping.id, "Shipping times", { start: 19, end: 27 }), at: 12 },
    { outcome: "suppressed", ruleId: refunds.id, ruleName: "Refunds", messageText: "refund again please", detail: "cooldown", trace: { outcome: "suppressed", suppressedReason: "cooldown", rules: [] }, at: 25 },
    { outcome: "no_match", messageText: "Do you ship to Norway?", at: 40 },
    { outcome: "failed", ruleId: shipping.id, ruleName: "Shipping times", messageText: "Where is my delivery?", detail: "Reply failed (LiveChat answered 503)", at: 55 },
  ];
  for (const [index, row] of rows.entries()) {
    await db.activity.create({
      data: {
        orgId, botId: bot.id, chatId: `CHAT${index}`, eventId: `event-${index}`, outcome: row.outcome, ruleId: row.ruleId ?? null, ruleName: row.ruleName ?? null,
        messageText: row.messageText, detail: row.detail ?? null, trace: row.trace ? JSON.stringify(row.trace) : null, createdAt: minutesAgo(row.at),
      },
    });
  }
  const audit = [
    { action: "bot.create", targetType: "bot", targetId: bot.id, targetName: "Order Helper", changes: { before: null, after: { name: "Order Helper", jobTitle: "Virtual assistant" } }, at: 90 },
    { action: "rule.create", targetType: "rule", targetId: refunds.id, targetName: "Refunds", changes: { before: null, after: { name: "Refunds" } }, at: 80 },
    { action: "rule.update", targetType: "rule", targetId: shipping.id, targetName: "Shipping times", changes: { before: { actions: { reply: "Orders ship within 3 working days." } }, after: { actions: { reply: "Orders ship within 2 working days." } } }, at: 30 },
  ];
  for (const entry of audit) {
    await db.auditLog.create({ data: { orgId, actorUserId: user.id, action: entry.action, targetType: entry.targetType, targetId: entry.targetId, targetName: entry.targetName, changes: JSON.stringify(entry.changes), createdAt: minutesAgo(entry.at) } });
  }
  await db.orgLease.create({ data: { orgId, workerId: "worker-demo-1", epoch: 1, expiresAt: new Date(Date.now() + 3_600_000), acquiredAt: minutesAgo(120) } });
  await db.orgConnection.create({ data: { orgId, workerId: "worker-demo-1", state: "ready", stateSince: minutesAgo(118), reconnectCount: 1, reconnectDay: new Date().toISOString().slice(0, 10), tokenExpiresAt: new Date(Date.now() + 6 * 3_600_000) } });
  await seedWorkerPageData();
  await beat();
  return bot.id;
}

/** The Worker page's LiveChat side: today's request counts, the registered webhooks, a version notice. */
async function seedWorkerPageData(): Promise<void> {
  const db = stack.database.db;
  const day = new Date().toISOString().slice(0, 10);
  await db.liveChatRequestCount.createMany({
    data: [
      { orgId, day, action: "list_chats", count: 96, failed: 1 },
      { orgId, day, action: "send_event", count: 3, failed: 0 },
      { orgId, day, action: "issue_bot_token", count: 1, failed: 0 },
    ],
  });
  const clientId = stack.app.env.LIVECHAT_CLIENT_ID!;
  const registered = {
    url: `${stack.app.url}/api/livechat/webhooks`,
    state: "registered",
    lastError: null,
    webhooks: JSON.stringify([{ id: "wh-1", action: "incoming_chat" }, { id: "wh-2", action: "incoming_event" }]),
    registeredAt: minutesAgo(110),
  };
  await db.webhookInstallation.upsert({ where: { clientId }, create: { clientId, secretKeyEnc: "not-read-by-the-page", ...registered }, update: registered });
  await db.organization.update({ where: { id: orgId }, data: { lastWebhookAt: minutesAgo(2) } });
  await db.liveChatNotice.create({
    data: { header: "Deprecation", value: `@${Date.UTC(2027, 2, 31) / 1000}`, action: "list_chats", firstSeenAt: minutesAgo(300), lastSeenAt: minutesAgo(20) },
  });
}

/** The worker's heartbeat, fresh (the dashboard calls a worker silent after 30 s). */
async function beat(): Promise<void> {
  await stack.database.db.workerHeartbeat.upsert({
    where: { workerId: "worker-demo-1" },
    create: { workerId: "worker-demo-1", host: "worker-host", pid: 4242, version: "0.1.0", startedAt: minutesAgo(120), lastBeatAt: new Date() },
    update: { lastBeatAt: new Date() },
  });
}

function shotName(pagePath: string): string {
  const rest = pagePath.split("/").slice(3).join("-");
  return rest === "" ? "overview" : rest;
}

async function hasNoHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

describe("every organization page", () => {
  it("finds the pages: Overview, Bots, Rules, Activity, rule statistics, Audit log, Team, Worker", () => {
    const names = orgPagePaths(orgId).map(shotName).sort();
    expect(names).toEqual(expect.arrayContaining(["overview", "bots", "rules", "activity", "activity-statistics", "audit", "team", "worker"]));
  });

  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    it(`renders each page at ${width} width with no serious accessibility violations, and saves a screenshot`, async () => {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await owner.page.setViewportSize(viewport);
      for (const pagePath of orgPagePaths(orgId)) {
        await beat();
        await owner.page.goto(pagePath);
        await expect(owner.page.getByRole("heading", { level: 1 })).toBeVisible();
        await expect(new AppShell(owner.page).nav()).toBeVisible();
        const file = path.join(SCREENSHOTS, `${shotName(pagePath)}-${width}.png`);
        await owner.page.screenshot({ path: file, fullPage: true });
        expect({ page: pagePath, violations: await seriousAxeViolations(owner.page) }).toEqual({ page: pagePath, violations: [] });
        if (width === "desktop" && shotName(pagePath) === "overview") fs.copyFileSync(file, path.join(ROOT, "docs", "screenshot.png"));
      }
    });
  }

  it("keeps the insight pages within the phone's width", async () => {
    await owner.page.setViewportSize(VIEWPORTS.phone);
    for (const section of ["", "/activity", "/activity/statistics", "/audit", "/worker"]) {
      await owner.page.goto(`/orgs/${encodeURIComponent(orgId)}${section}`);
      await expect(owner.page.getByRole("heading", { level: 1 })).toBeVisible();
      expect({ section, fits: await hasNoHorizontalScroll(owner.page) }).toEqual({ section, fits: true });
    }
    await owner.page.setViewportSize(VIEWPORTS.desktop);
  });
});

describe("the insight pages", () => {
  const base = () => `/orgs/${encodeURIComponent(orgId)}`;

  it("shows the bot, today's replies and a healthy worker on the Overview", async () => {
    await beat();
    await owner.page.goto(base());
    await expect(owner.page.getByText("Nothing needs your attention.")).toBeVisible();
    const bots = owner.page.getByRole("table");
    await expect(bots).toContainText("Order Helper");
    await expect(bots).toContainText("Accepting chats");
    const replies = owner.page.getByRole("region", { name: "Replies today" });
    await expect(replies).toContainText("messages handled since 00:00 UTC");
    expect(await replies.locator("p").first().innerText()).toBe("2");
    await expect(owner.page.getByRole("region", { name: "Worker" })).toContainText("Running");
  });

  it("warns on the Overview when the worker goes silent", async () => {
    await stack.database.db.workerHeartbeat.update({ where: { workerId: "worker-demo-1" }, data: { lastBeatAt: minutesAgo(2) } });
    await owner.page.goto(base());
    await expect(owner.page.locator('[data-warning="worker-silent"]')).toContainText("No worker has been heard from");
    await owner.page.locator('[data-warning="worker-silent"]').getByRole("link", { name: "Open Worker" }).click();
    await owner.page.waitForURL(/\/worker$/);
    await expect(owner.page.getByRole("table")).toContainText("Not responding");
    await beat();
    await expect(owner.page.getByRole("table")).toContainText("Running");
  });

  it("filters the Activity feed and shows a new entry without a reload", async () => {
    await owner.page.goto(`${base()}/activity`);
    const feed = owner.page.getByRole("list", { name: "Activity" });
    await expect(feed.getByRole("listitem")).toHaveCount(6);
    await owner.page.getByLabel("Outcome", { exact: true }).selectOption("no_match");
    await expect(feed.getByRole("listitem")).toHaveCount(2);
    await owner.page.waitForURL(/outcome=no_match/);
    await owner.page.getByLabel("Outcome", { exact: true }).selectOption("");
    await owner.page.getByLabel("Rule", { exact: true }).selectOption({ label: "Shipping times" });
    await expect(feed.getByRole("listitem")).toHaveCount(2);
    await owner.page.getByRole("button", { name: "Clear filters" }).click();
    await expect(feed.getByRole("listitem")).toHaveCount(6);

    await stack.database.db.activity.create({
      data: { orgId, botId, chatId: "CHAT-NEW", eventId: "event-new", outcome: "handed_over", messageText: "I want to talk to a person", detail: "Transferred to group 1." },
    });
    await expect(feed.getByRole("listitem").first()).toContainText("I want to talk to a person");
    await expect(feed.getByRole("listitem")).toHaveCount(7);
  });

  it("opens an entry's trace from the keyboard and closes it with Escape", async () => {
    await owner.page.goto(`${base()}/activity`);
    const entry = owner.page.getByRole("listitem").filter({ hasText: "can I get a refund" });
    await entry.getByRole("button", { name: /Details/ }).focus();
    await owner.page.keyboard.press("Enter");
    const dialog = owner.page.getByRole("dialog", { name: "What the bot did, and why" });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("1. Refunds");
    await expect(dialog).toContainText("Fired");
    await expect(dialog).toContainText("2. Shipping times");
    await expect(dialog).toContainText("Did not match");
    expect(await dialog.locator("mark").innerText()).toBe("refund");
    expect(await seriousAxeViolations(owner.page)).toEqual([]);
    await owner.page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
  });

  it("counts rule firings and offers to turn an unmatched message into a rule", async () => {
    await owner.page.goto(`${base()}/activity/statistics`);
    const rules = owner.page.getByRole("table").first();
    const refunds = rules.getByRole("row", { name: /Refunds/ });
    await expect(refunds).toContainText("minutes ago");
    // A suppressed message is not a firing: one reply in 24 h and in 7 days.
    expect((await refunds.getByRole("cell").allInnerTexts()).slice(0, 2)).toEqual(["1", "1"]);
    const unmatched = owner.page.getByRole("row", { name: /Do you ship to Norway/ });
    await expect(unmatched).toBeVisible();
    expect((await unmatched.getByRole("cell").allInnerTexts())[0]).toBe("2");
    const href = await unmatched.getByRole("link", { name: "Create a rule from this message" }).getAttribute("href");
    const url = new URL(href ?? "", stack.app.url);
    expect(url.pathname).toBe(`${base()}/rules`);
    expect(url.searchParams.get("bot")).toBe(botId);
    expect(url.searchParams.get("prefill")).toBe("Do you ship to Norway?");
  });

  it("shows the audit log with who changed what, as before and after", async () => {
    await owner.page.goto(`${base()}/audit`);
    const change = owner.page.locator('[data-audit="rule.update"]');
    await expect(change).toContainText("Olivia Owner");
    await expect(change).toContainText("changed rule Shipping times");
    expect(await change.locator("del").innerText()).toBe("Orders ship within 3 working days.");
    expect(await change.locator("ins").innerText()).toBe("Orders ship within 2 working days.");
  });

  it("lets a normal agent see the Activity, statistics and audit log, without offering changes", async () => {
    const agent = await stack.newSession();
    await new SignInPage(agent.page, stack.emulator.url).signInAs("Nora Agent");
    await agent.page.goto(`${base()}/audit`);
    await expect(agent.page.locator('[data-audit="rule.update"]')).toContainText("Olivia Owner");
    await agent.page.goto(`${base()}/activity/statistics`);
    await expect(agent.page.getByRole("row", { name: /Do you ship to Norway/ })).toBeVisible();
    await expect(agent.page.getByRole("link", { name: "Create a rule from this message" })).toHaveCount(0);
    await agent.page.goto(`${base()}/activity`);
    await expect(agent.page.getByRole("list", { name: "Activity" }).getByRole("listitem")).toHaveCount(7);
    await agent.close();
  });
});
