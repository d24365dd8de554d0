// The Bots page in a real browser against the emulator: an owner signs in through LiveChat's
// sign-in page, grants bot management access, creates a bot (with a rate limit on the way),
// edits it (slowly), sets it to accepting chats and deletes it after the confirmation; a normal
// agent sees the same page read-only. Nothing the browser receives carries a bot secret or token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { DEMO_ORGANIZATION_ID } from "../emulator";
import { seriousAxeViolations } from "./harness/axe";
import "./harness/matchers";
import { AppShell } from "./harness/pages/app-shell";
import { BotsPage } from "./harness/pages/bots-page";
import { SignInPage } from "./harness/pages/sign-in-page";
import { scanBrowser } from "./harness/secret-scan";
import { startStack, type BrowserSession, type Stack } from "./harness/stack";

let stack: Stack;
let owner: BrowserSession;
let orgId: string;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const liveBot = (name: string) => stack.emulator.bots(DEMO_ORGANIZATION_ID).find((bot) => bot.name === name);
const createRequests = () => stack.emulator.requestLog({ action: "create_bot" }).length;

async function hasNoHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

describe("the Bots page", () => {
  it("explains bots to an owner without bot management access, and lets them grant it", async () => {
    owner = await stack.newSession();
    await new SignInPage(owner.page, stack.emulator.url).signInAs("Olivia Owner");
    orgId = new AppShell(owner.page).orgId();
    const bots = new BotsPage(owner.page);
    await bots.goto(orgId);
    await expect(bots.emptyState()).toContainText("A bot is an agent in your LiveChat organization that answers customers");
    await expect(bots.grantAccessPanel()).toBeVisible();
    expect(await bots.createButton().isDisabled()).toBe(true);
    await expect(owner.page.getByText("To create or change bots, grant bot management access first.")).toBeVisible();
    expect(await seriousAxeViolations(owner.page)).toEqual([]);

    await bots.grantAccessPanel().getByRole("button", { name: "Grant bot management access" }).click();
    const livechat = new SignInPage(owner.page, stack.emulator.url).livechat;
    await livechat.waitUntilShown();
    await livechat.continueAs("Olivia Owner");
    await owner.page.waitForURL(/\/bots$/);
    await expect(bots.grantAccessPanel()).toHaveCount(0);
    expect(await bots.createButton().isEnabled()).toBe(true);
  });

  it("creates a bot: checks the input first, keeps it through a rate limit, then shows the bot", async () => {
    const bots = new BotsPage(owner.page);
    await bots.createButton().click();
    const dialog = bots.dialog("Create a bot");
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("checkbox", { name: "Sales", exact: true })).toBeVisible();

    // Nothing is sent while the form is not valid; the message sits next to the field.
    const before = createRequests();
    await dialog.getByRole("button", { name: "Create bot" }).click();
    await expect(dialog.getByText("Give the bot a name")).toBeVisible();
    expect(await dialog.getByLabel("Name", { exact: true }).evaluate((input) => input === document.activeElement)).toBe(true);
    expect(createRequests()).toBe(before);

    await bots.fill(dialog, {
      name: "Order Helper",
      jobTitle: "Virtual assistant",
      groups: { General: "first", Sales: "supervisor" },
      maxChats: 10,
      scheduleTimeZone: "Europe/Berlin",
    });
    expect(await seriousAxeViolations(owner.page)).toEqual([]);

    // LiveChat's own validation, shown as LiveChat said it, next to the field it names.
    stack.emulator.faults.apiErrors({ count: 1, type: "validation", message: "`max_chats_count` is invalid: your plan allows at most 5", actions: ["create_bot"] });
    await dialog.getByRole("button", { name: "Create bot" }).click();
    const maxChats = dialog.getByLabel("Most chats at once");
    await expect(dialog.getByText("LiveChat said: “`max_chats_count` is invalid: your plan allows at most 5”")).toBeVisible();
    expect(await maxChats.getAttribute("aria-invalid")).toBe("true");
    const describedBy = await maxChats.getAttribute("aria-describedby");
    expect(await owner.page.locator(`[id="${describedBy}"]`).innerText()).toContain("your plan allows at most 5");
    expect(await maxChats.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(liveBot("Order Helper")).toBeUndefined();

    stack.emulator.faults.rateLimit({ count: 1, retryAfterSec: 30, actions: ["create_bot"] });
    await dialog.getByRole("button", { name: "Create bot" }).click();
    await expect(dialog.getByRole("alert")).toContainText("LiveChat said: “Too many requests”");
    await expect(dialog.getByRole("alert")).toContainText("Try again in 30 seconds");
    expect(await dialog.getByLabel("Name", { exact: true }).inputValue()).toBe("Order Helper");
    expect(await dialog.getByLabel("Priority in Sales").inputValue()).toBe("supervisor");

    await dialog.getByRole("button", { name: "Create bot" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(bots.notice()).toContainText("Created “Order Helper”");
    const card = bots.bot("Order Helper");
    await expect(card).toContainText("Virtual assistant");
    await expect(card).toContainText("General (First), Sales (Supervisor)");
    await expect(card).toContainText("0 rules");
    await expect(card).toContainText("Mon–Fri 09:00–17:00 (Europe/Berlin)");
    await expect(card).toContainText("In LiveChat now: Offline");
    expect(liveBot("Order Helper")).toMatchObject({
      maxChatsCount: 10,
      groups: [
        { id: 0, priority: "first" },
        { id: 1, priority: "supervisor" },
      ],
    });
    expect(await seriousAxeViolations(owner.page)).toEqual([]);
  });

  it("edits the bot, showing progress while LiveChat is slow", async () => {
    const bots = new BotsPage(owner.page);
    await bots.bot("Order Helper").getByRole("button", { name: "Edit" }).click();
    const dialog = bots.dialog("Edit Order Helper");
    expect(await dialog.getByLabel("Name", { exact: true }).inputValue()).toBe("Order Helper");
    await bots.fill(dialog, { name: "Returns Helper" });

    stack.emulator.faults.latency({ httpMs: 1500 });
    try {
      await dialog.getByRole("button", { name: "Save changes" }).click();
      const saving = dialog.getByRole("button", { name: "Saving…" });
      await expect(saving).toBeVisible();
      expect(await saving.isDisabled()).toBe(true);
      await expect(dialog).toHaveCount(0);
    } finally {
      stack.emulator.faults.latency({ httpMs: 0 });
    }
    await expect(bots.notice()).toContainText("Saved “Returns Helper”");
    await expect(bots.bot("Returns Helper")).toBeVisible();
    expect(liveBot("Returns Helper")?.groups).toEqual([
      { id: 0, priority: "first" },
      { id: 1, priority: "supervisor" },
    ]);
  });

  it("sets the bot to accepting chats, in LiveChat too", async () => {
    const bots = new BotsPage(owner.page);
    const routing = bots.routingControl("Returns Helper");
    await routing.getByRole("button", { name: "Accepting chats" }).click();
    await expect(bots.bot("Returns Helper")).toContainText("In LiveChat now: Accepting chats");
    expect(await routing.getByRole("button", { name: "Accepting chats" }).getAttribute("aria-pressed")).toBe("true");
    expect(liveBot("Returns Helper")?.routingStatus).toBe("accepting_chats");
  });

  it("shows a normal agent the same page read-only, also at phone width", async () => {
    const agent = await stack.newSession();
    await agent.page.setViewportSize({ width: 375, height: 800 });
    await new SignInPage(agent.page, stack.emulator.url).signInAs("Nora Agent");
    const bots = new BotsPage(agent.page);
    await bots.goto(orgId);
    const card = bots.bot("Returns Helper");
    await expect(card).toContainText("In LiveChat now: Accepting chats");
    await expect(agent.page.getByText("Only owners, vice owners and administrators of your LiveChat organization")).toBeVisible();
    await expect(bots.grantAccessPanel()).toHaveCount(0);
    expect(await bots.createButton().isDisabled()).toBe(true);
    for (const name of ["Edit", "Reset secret", "Delete"]) expect(await card.getByRole("button", { name }).isDisabled()).toBe(true);
    for (const name of ["Accepting chats", "Not accepting", "Offline"]) {
      expect(await bots.routingControl("Returns Helper").getByRole("button", { name }).isDisabled()).toBe(true);
    }
    expect(await hasNoHorizontalScroll(agent.page)).toBe(true);
    expect(await seriousAxeViolations(agent.page)).toEqual([]);
    await agent.close();
  });

  it("never sends a bot secret or token to the browser", async () => {
    expect(await scanBrowser(owner.recorder, owner.context, stack.secrets.all())).toEqual([]);
  });

  it("deletes the bot only after a confirmation naming it and its rules", async () => {
    const bots = new BotsPage(owner.page);
    await bots.bot("Returns Helper").getByRole("button", { name: "Delete" }).click();
    const dialog = bots.dialog("Delete “Returns Helper”?");
    await expect(dialog).toContainText("“Returns Helper” has 0 rules");
    // Escape backs out and changes nothing.
    await owner.page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    expect(liveBot("Returns Helper")).toBeDefined();

    await bots.bot("Returns Helper").getByRole("button", { name: "Delete" }).click();
    await dialog.getByRole("button", { name: "Delete bot" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(bots.notice()).toContainText("Deleted “Returns Helper”");
    await expect(bots.emptyState()).toBeVisible();
    expect(liveBot("Returns Helper")).toBeUndefined();
    expect(await stack.database.db.bot.count()).toBe(0);
  });
});
