// The Worker page in a real browser, with what the worker and the dashboard write: LiveChat request
// counts (today, and last month's that must not show), answered messages, a `Deprecation` notice and
// the webhook registration. The exact numbers are seeded into a second organization the two users
// belong to ("Acme Labs", database only), because the dashboard's own LiveChat requests for the demo
// organization (the grant registers the webhooks) are counted too and arrive a moment later. The
// owner reads the numbers, the cost at the configured price ($0.30 per 1,000 here), the notice and
// the intake, and none of the demo organization's requests; registers the webhooks again for the
// demo organization against the emulator and hears the result; a visit to the Bots page shows up
// as requests. A normal agent reads the same without the button. axe finds no serious violation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { utcDay } from "@/lib/data/request-counts";
import { seriousAxeViolations } from "./harness/axe";
import "./harness/matchers";
import { AppShell } from "./harness/pages/app-shell";
import { SignInPage } from "./harness/pages/sign-in-page";
import { WorkerPage } from "./harness/pages/worker-page";
import { startStack, type BrowserSession, type Stack } from "./harness/stack";

let stack: Stack;
let owner: BrowserSession;
/** The demo organization, which the app talks to LiveChat for. */
let orgId: string;
/** A second organization of the same people, with seeded numbers only. */
let labsId: string;

/** 31 March 2027 as RFC 9745 writes a `Deprecation` date. */
const DEPRECATION = `@${Date.UTC(2027, 2, 31) / 1000}`;

beforeAll(async () => {
  stack = await startStack({ env: { LIVECHAT_PRICE_PER_1000_REQUESTS_USD: "0.3" } });
  owner = await stack.newSession();
  await new SignInPage(owner.page, stack.emulator.url).signInAs("Olivia Owner");
  orgId = new AppShell(owner.page).orgId();
  // Bot management access (with the webhook scope) lets the owner register the webhooks later.
  await owner.page.getByRole("button", { name: "Grant bot management access" }).first().click();
  const livechat = new SignInPage(owner.page, stack.emulator.url).livechat;
  await livechat.waitUntilShown();
  await livechat.continueAs("Olivia Owner");
  await owner.page.waitForURL(/\/orgs\/[^/]+$/);
  await seed();
});
afterAll(async () => {
  await stack?.stop();
});

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const webhookUrl = () => `${stack.app.url}/api/livechat/webhooks`;

async function seed(): Promise<void> {
  const db = stack.database.db;
  const olivia = await db.user.findFirstOrThrow({ where: { email: "olivia@acme.example" } });
  const labs = await db.organization.create({ data: { livechatOrganizationId: "acme-labs-livechat-org", name: "Acme Labs" } });
  labsId = labs.id;
  await db.membership.create({ data: { userId: olivia.id, orgId: labsId, role: "owner" } });
  const now = new Date();
  const today = utcDay(now);
  const lastMonth = utcDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)));
  await db.liveChatRequestCount.createMany({
    data: [
      { orgId: labsId, day: today, action: "list_chats", count: 1200, failed: 12 },
      { orgId: labsId, day: today, action: "send_event", count: 300, failed: 3 },
      { orgId: labsId, day: lastMonth, action: "list_chats", count: 99_999, failed: 0 },
    ],
  });
  // Five answered messages (three replies, two hand-overs) and one that was not.
  for (const [index, outcome] of ["replied", "replied", "replied", "handed_over", "handed_over", "no_match"].entries()) {
    await db.activity.create({ data: { orgId: labsId, chatId: `CHAT${index}`, eventId: `event-${index}`, outcome, createdAt: now } });
  }
  await db.liveChatNotice.create({ data: { header: "Deprecation", value: DEPRECATION, action: "list_chats", firstSeenAt: minutesAgo(90), lastSeenAt: minutesAgo(5) } });
  await setRegistration({ state: "registered", lastError: null });
  await db.organization.update({ where: { id: labsId }, data: { lastWebhookAt: minutesAgo(3) } });
}

/** The installation's registration (one for every organization) as lib/webhooks writes it. */
async function setRegistration(input: { state: string; lastError: string | null }): Promise<void> {
  const db = stack.database.db;
  const clientId = stack.app.env.LIVECHAT_CLIENT_ID!;
  const row = {
    url: webhookUrl(),
    state: input.state,
    lastError: input.lastError,
    webhooks: JSON.stringify([{ id: "wh-1", action: "incoming_chat" }, { id: "wh-2", action: "incoming_event" }]),
    registeredAt: input.state === "registered" ? minutesAgo(60) : null,
  };
  const existing = await db.webhookInstallation.findUnique({ where: { clientId } });
  if (existing) await db.webhookInstallation.update({ where: { clientId }, data: row });
  else await db.webhookInstallation.create({ data: { clientId, secretKeyEnc: "replaced-on-the-next-registration", ...row } });
}

describe("the Worker page", () => {
  it("shows today's and this month's requests by action, the cost at the configured price, and the cost per answered message", async () => {
    const worker = new WorkerPage(owner.page);
    await worker.goto(labsId);
    await expect(worker.requests()).toContainText("$0.30 per 1,000 requests");
    expect(await worker.actionRow(/^Today/, "list_chats")).toEqual(["1,200", "12"]);
    expect(await worker.actionRow(/^Today/, "send_event")).toEqual(["300", "3"]);
    expect(await worker.actionRow(/^This month/, "list_chats")).toEqual(["1,200", "12"]);
    const total = worker.table(/^Today/).getByRole("row", { name: /^Total/ });
    expect(await total.getByRole("cell").allInnerTexts()).toEqual(["1,500", "15"]);
    // 1,500 requests × $0.30 / 1,000 = $0.45; over five answered messages, $0.09 each.
    await expect(worker.figure("Today")).toContainText("$0.45");
    await expect(worker.figure("This month")).toContainText("$0.45");
    await expect(worker.figure("This month")).toContainText("1,500 requests");
    await expect(worker.figure("Per answered message")).toContainText("$0.09");
    await expect(worker.figure("Per answered message")).toContainText("5 messages replied to or handed over this month");
    await expect(worker.figure("Projected for the month")).toContainText("requests at this month's daily rate so far");
    await expect(worker.requests()).not.toContainText("99,999");
    // The demo organization's requests (the grant registered the webhooks) are not this one's.
    await expect(worker.requests()).not.toContainText("register_webhook");
  });

  it("tells the owner that LiveChat is ending the API version Botdesk uses, with the date", async () => {
    const notice = new WorkerPage(owner.page).versionNotice();
    await expect(notice).toContainText("LiveChat marks API v3.6 as deprecated: it ends on 31 March 2027.");
    await expect(notice).toContainText("Upgrade Botdesk");
  });

  it("shows the registered webhooks, the last delivery for this organization and the button, with no serious accessibility violation", async () => {
    const worker = new WorkerPage(owner.page);
    await expect(worker.intakeState()).toContainText("Registered");
    await expect(worker.intakeDetail("Webhook URL")).toContainText(webhookUrl());
    await expect(worker.intakeDetail("Last delivery received")).toContainText("minutes ago");
    await expect(worker.intakeDetail("Events")).toContainText("incoming_chat, incoming_event");
    await expect(worker.registerButton()).toBeVisible();
    await expect(worker.intake()).not.toContainText("lists this organization's chats");
    expect(await seriousAxeViolations(owner.page)).toEqual([]);
  });

  it("shows a normal agent the same numbers and notice, without the button", async () => {
    const agent = await stack.newSession();
    await new SignInPage(agent.page, stack.emulator.url).signInAs("Nora Agent");
    const nora = await stack.database.db.user.findFirstOrThrow({ where: { email: "nora@acme.example" } });
    await stack.database.db.membership.create({ data: { userId: nora.id, orgId: labsId, role: "normal" } });
    const worker = new WorkerPage(agent.page);
    await worker.goto(labsId);
    expect(await worker.actionRow(/^Today/, "send_event")).toEqual(["300", "3"]);
    await expect(worker.figure("Per answered message")).toContainText("$0.09");
    await expect(worker.versionNotice()).toContainText("31 March 2027");
    await expect(worker.intakeState()).toContainText("Registered");
    await expect(worker.registerButton()).toHaveCount(0);
    expect(await seriousAxeViolations(agent.page)).toEqual([]);
    await agent.close();
  });

  it("explains what listing chats costs after a failed registration, and registers again with the result announced", async () => {
    await setRegistration({ state: "failed", lastError: "LiveChat refused to register the webhooks: the service is unavailable." });
    // The demo organization, where the owner's LiveChat authorization lets the registration through.
    const worker = new WorkerPage(owner.page);
    await worker.goto(orgId);
    await expect(worker.intakeState()).toContainText("Registration failed");
    await expect(worker.intakeDetail("Last error")).toContainText("the service is unavailable");
    await expect(worker.intakeDetail("Last delivery received")).toContainText("No delivery yet");
    // 86,400 s / 5 s = 17,280 listings a day; × $0.30 / 1,000 = $5.18.
    await expect(worker.intake()).toContainText("about 17,280 requests a day ($5.18 a day at $0.30 per 1,000)");
    expect(await seriousAxeViolations(owner.page)).toEqual([]);

    await worker.registerButton().focus();
    await owner.page.keyboard.press("Enter");
    await expect(worker.registerStatus()).toContainText("Webhooks registered.");
    await expect(worker.intakeState()).toContainText("Registered");
    await expect(worker.intakeDetail("Last error")).toContainText("None");
    await expect(worker.intake()).not.toContainText("lists this organization's chats");
  });

  it("counts the requests the dashboard itself makes: a visit to the Bots page shows up here", async () => {
    await owner.page.goto(`/orgs/${encodeURIComponent(orgId)}/bots`);
    await owner.page.getByRole("heading", { level: 1, name: "Bots" }).waitFor();
    const worker = new WorkerPage(owner.page);
    await worker.goto(orgId);
    // The web app writes its counts every 2 s and the page refreshes every 5 s.
    await expect(worker.table(/^Today/)).toContainText("list_bots");
    await expect(worker.table(/^Today/)).toContainText("register_webhook");
  });
});
