// The Rules page in a real browser against the emulator: an owner with no bots is sent to Bots;
// with a bot (created through the API with the browser's own session) they create rules with
// live validation and a reply preview, reorder them by keyboard, buttons and drag, and see the
// test console pick the right rule and explain the others. A normal agent sees it read-only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { seriousAxeViolations } from "./harness/axe";
import "./harness/matchers";
import { AppShell } from "./harness/pages/app-shell";
import { BotsPage } from "./harness/pages/bots-page";
import { RulesPage } from "./harness/pages/rules-page";
import { SignInPage } from "./harness/pages/sign-in-page";
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

const rulesUrl = () => `/orgs/${encodeURIComponent(orgId)}/rules`;
const storedOrder = async () => (await stack.database.db.rule.findMany({ orderBy: { position: "asc" } })).map((rule) => rule.name);

async function hasNoHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

describe("the Rules page", () => {
  it("sends an owner without bots to the Bots page", async () => {
    owner = await stack.newSession();
    await new SignInPage(owner.page, stack.emulator.url).signInAs("Olivia Owner");
    orgId = new AppShell(owner.page).orgId();
    await owner.page.goto(rulesUrl());
    const empty = owner.page.getByRole("region", { name: "No bots yet" });
    await expect(empty).toContainText("Rules belong to a bot");
    await empty.getByRole("link", { name: "Go to Bots" }).click();
    await owner.page.waitForURL(/\/bots$/);
  });

  it("offers to create the first rule, validating while typing and previewing the reply", async () => {
    const bots = new BotsPage(owner.page);
    await bots.grantAccessPanel().getByRole("button", { name: "Grant bot management access" }).click();
    const livechat = new SignInPage(owner.page, stack.emulator.url).livechat;
    await livechat.waitUntilShown();
    await livechat.continueAs("Olivia Owner");
    await owner.page.waitForURL(/\/bots$/);
    const created = await owner.page.request.post(`/api/orgs/${encodeURIComponent(orgId)}/bots`, {
      data: { name: "Order Helper" },
      headers: { origin: stack.app.url },
    });
    expect(created.status()).toBe(201);

    await owner.page.goto(rulesUrl());
    const rules = new RulesPage(owner.page);
    await expect(owner.page.getByRole("region", { name: "No rules yet" })).toContainText("The first enabled rule that matches wins");
    await owner.page.getByRole("button", { name: "Create the first rule" }).click();
    const dialog = rules.dialog("New rule");
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await expect(dialog.getByText("Name is required")).toBeVisible();
    expect(await dialog.getByLabel("Name", { exact: true }).evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await stack.database.db.rule.count()).toBe(0);

    await dialog.getByLabel("Name", { exact: true }).fill("Greeting");
    await dialog.getByLabel("Trigger", { exact: true }).selectOption({ label: "Starts with" });
    await dialog.getByLabel("Keyword", { exact: true }).fill("hello");
    const reply = dialog.getByLabel("Reply", { exact: true });
    await reply.fill("Hi {{customer.frist_name}}!");
    await expect(dialog.getByText("Unknown template variable {{customer.frist_name}}")).toBeVisible();
    expect(await reply.getAttribute("aria-invalid")).toBe("true");
    await reply.fill("Hi {{customer.first_name|there}}, I am {{bot.name}}.");
    await expect(dialog).toContainText("Hi Jane, I am Order Helper.");
    expect(await seriousAxeViolations(owner.page)).toEqual([]);
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(rules.rule("Greeting")).toContainText("Starts with “hello” → replies");
  });

  it("creates more rules, shows lint warnings, and reorders by keyboard, buttons and drag", async () => {
    const rules = new RulesPage(owner.page);
    await rules.createRule({ name: "Refunds", trigger: "Contains any of", keywords: "refund\nmoney back", reply: "Refunds take 5 days, {{customer.first_name|there}}." });
    await rules.createRule({ name: "Opening hours", trigger: "Contains", keyword: "hours", reply: "We are open 9–17." });
    await rules.createRule({ name: "Hello again", trigger: "Contains", keyword: "hello", reply: "Hello again!" });
    await expect(rules.rule("Hello again")).toContainText("Keyword \"hello\" is also used by earlier rule \"Greeting\"");
    expect(await storedOrder()).toEqual(["Greeting", "Refunds", "Opening hours", "Hello again"]);

    // Keyboard: Alt+ArrowUp on the rule moves it and announces the move.
    await rules.rule("Refunds").getByRole("button", { name: "Edit: Refunds" }).focus();
    await owner.page.keyboard.press("Alt+ArrowUp");
    await expect(owner.page.getByText("Moved “Refunds” to position 1 of 4.")).toHaveCount(1);
    await expect(owner.page.getByRole("listitem", { name: "1. Refunds" })).toHaveCount(1);
    await expect.poll(storedOrder).toEqual(["Refunds", "Greeting", "Opening hours", "Hello again"]);

    // Buttons.
    await rules.rule("Opening hours").getByRole("button", { name: "Move down: Opening hours" }).click();
    await expect.poll(storedOrder).toEqual(["Refunds", "Greeting", "Hello again", "Opening hours"]);

    // Drag: "Hello again" dropped on "Refunds" takes the first place.
    // The browser's own drag events, in the order a mouse drag fires them.
    const dataTransfer = await owner.page.evaluateHandle(() => new DataTransfer());
    const handle = rules.rule("Hello again").locator("[draggable=true]");
    await handle.dispatchEvent("dragstart", { dataTransfer });
    await rules.rule("Refunds").dispatchEvent("dragover", { dataTransfer });
    await rules.rule("Refunds").dispatchEvent("drop", { dataTransfer });
    await handle.dispatchEvent("dragend", { dataTransfer });
    await expect.poll(storedOrder).toEqual(["Hello again", "Refunds", "Greeting", "Opening hours"]);
    await rules.rule("Hello again").getByRole("button", { name: "Move down: Hello again" }).click();
    await rules.rule("Hello again").getByRole("button", { name: "Move down: Hello again" }).click();
    await expect.poll(storedOrder).toEqual(["Refunds", "Greeting", "Hello again", "Opening hours"]);
    expect(await seriousAxeViolations(owner.page)).toEqual([]);
  });

  it("shows in the test console which rule fires, the reply as sent, the matched text, and why the others didn't", async () => {
    const rules = new RulesPage(owner.page);
    const result = await rules.test("Hello, I want a REFUND please", "Jane Doe");
    await expect(result.getByRole("heading")).toContainText("Rule “Refunds” fires");
    await expect(result.getByTestId("test-reply")).toContainText("Refunds take 5 days, Jane.");
    await expect(result.locator("mark")).toContainText("REFUND");
    const rows = result.getByRole("row");
    await expect(rows.filter({ hasText: "Greeting" })).toContainText("Would also fire, but an earlier rule fired first");
    await expect(rows.filter({ hasText: "Opening hours" })).toContainText("its trigger doesn't match");

    // Disabling Refunds hands the message to the greeting.
    await rules.rule("Refunds").getByRole("switch", { name: /Enabled/ }).uncheck();
    await expect.poll(async () => (await stack.database.db.rule.findFirstOrThrow({ where: { name: "Refunds" } })).enabled).toBe(false);
    const second = await rules.test("Hello, I want a REFUND please");
    await expect(second.getByRole("heading")).toContainText("Rule “Greeting” fires");
    await expect(second.getByTestId("test-reply")).toContainText("Hi there, I am Order Helper.");
    await expect(second.getByRole("row").filter({ hasText: "Refunds" })).toContainText("Disabled");
    await expect(second.getByRole("row").filter({ hasText: "Hello again" })).toContainText("Would also fire");
    expect(await seriousAxeViolations(owner.page)).toEqual([]);
  });

  it("duplicates and deletes a rule after a confirmation naming it", async () => {
    const rules = new RulesPage(owner.page);
    await rules.rule("Opening hours").getByRole("button", { name: "Duplicate: Opening hours" }).click();
    await expect(rules.rule("Opening hours \\(copy\\)")).toHaveCount(1);
    await rules.rule("Opening hours \\(copy\\)").getByRole("button", { name: "Delete: Opening hours (copy)" }).click();
    const confirm = rules.dialog("Delete “Opening hours (copy)”?");
    await expect(confirm).toContainText("The rule “Opening hours (copy)” stops answering customers");
    await confirm.getByRole("button", { name: "Delete rule" }).click();
    await expect(rules.rule("Opening hours \\(copy\\)")).toHaveCount(0);
    expect(await storedOrder()).toEqual(["Refunds", "Greeting", "Hello again", "Opening hours"]);
  });

  it("starts a new rule from a customer message, and links each bot to its rules", async () => {
    await owner.page.goto(`${rulesUrl()}?prefill=${encodeURIComponent("Do you ship to Norway?")}`);
    const dialog = new RulesPage(owner.page).dialog("New rule");
    await expect(dialog).toBeVisible();
    expect(await dialog.getByLabel("Keyword", { exact: true }).inputValue()).toBe("Do you ship to Norway?");
    await owner.page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);

    const bots = new BotsPage(owner.page);
    await bots.goto(orgId);
    await bots.bot("Order Helper").getByRole("link", { name: /^Rules of Order Helper/ }).click();
    await owner.page.waitForURL(/\/rules\?bot=/);
    await expect(new RulesPage(owner.page).rule("Greeting")).toBeVisible();
  });

  it("shows a normal agent the rules read-only, with a working test console, also at phone width", async () => {
    const agent = await stack.newSession();
    await agent.page.setViewportSize({ width: 375, height: 800 });
    await new SignInPage(agent.page, stack.emulator.url).signInAs("Nora Agent");
    await agent.page.goto(rulesUrl());
    const rules = new RulesPage(agent.page);
    await expect(agent.page.getByText("Only owners, vice owners and administrators of your LiveChat organization can change rules.")).toBeVisible();
    expect(await agent.page.getByRole("button", { name: "New rule", exact: true }).isDisabled()).toBe(true);
    expect(await rules.rule("Greeting").getByRole("button", { name: "Delete: Greeting" }).isDisabled()).toBe(true);
    expect(await rules.rule("Greeting").getByRole("switch").isDisabled()).toBe(true);
    const result = await rules.test("what are your hours?");
    await expect(result.getByRole("heading")).toContainText("Rule “Opening hours” fires");
    expect(await hasNoHorizontalScroll(agent.page)).toBe(true);
    expect(await seriousAxeViolations(agent.page)).toEqual([]);
    await agent.close();
  });
});
