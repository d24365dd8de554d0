// The whole product as a new team would try it: the owner signs in through LiveChat's sign-in
// page, grants bot management, creates a bot and two rules, checks them in the test console and
// sets the bot to accepting chats. A customer then writes on LiveChat's chat page, the worker's
// bot answers, and the Activity page shows why, all within 5 s of the message. A normal agent
// signs in afterwards and can see everything but change nothing.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousAxeViolations } from "./harness/axe";
import "./harness/matchers";
import { AppShell } from "./harness/pages/app-shell";
import { BotsPage } from "./harness/pages/bots-page";
import { RulesPage } from "./harness/pages/rules-page";
import { SignInPage } from "./harness/pages/sign-in-page";
import { scanBrowser } from "./harness/secret-scan";
import { startStack, type BrowserSession, type Stack } from "./harness/stack";

let stack: Stack;
let owner: BrowserSession;
let orgId: string;

beforeAll(async () => {
  stack = await startStack({ worker: true });
});
afterAll(async () => {
  await stack?.stop();
});

async function startCustomerChat(page: Page, name: string): Promise<void> {
  await page.goto(`${stack.emulator.url}/customer`);
  await page.getByLabel("Group").selectOption({ label: "General (0)" });
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.getByLabel("Your message").waitFor();
}

describe("a new team's first bot, end to end", () => {
  it("the owner signs in, grants bot management and creates a bot", async () => {
    owner = await stack.newSession();
    await new SignInPage(owner.page, stack.emulator.url).signInAs("Olivia Owner");
    orgId = new AppShell(owner.page).orgId();
    const bots = new BotsPage(owner.page);
    await bots.goto(orgId);
    await bots.grantAccessPanel().getByRole("button", { name: "Grant bot management access" }).click();
    const livechat = new SignInPage(owner.page, stack.emulator.url).livechat;
    await livechat.waitUntilShown();
    await livechat.continueAs("Olivia Owner");
    await owner.page.waitForURL(/\/bots$/);
    // The grant registers the bot webhooks with LiveChat, pointed at this dashboard (livechat-api.md 7.1).
    await expect.poll(() => stack.emulator.webhooks().map((webhook) => webhook.action).sort(), { timeout: 10_000 }).toEqual(
      ["chat_deactivated", "chat_transferred", "incoming_chat", "incoming_event", "user_added_to_chat"],
    );
    expect(stack.emulator.webhooks().every((webhook) => webhook.url === `${stack.app.url}/api/livechat/webhooks` && webhook.type === "bot")).toBe(true);

    await bots.createButton().click();
    const dialog = bots.dialog("Create a bot");
    await bots.fill(dialog, { name: "Order Helper", groups: { General: "first" } });
    await dialog.getByRole("button", { name: "Create bot" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(bots.bot("Order Helper")).toContainText("In LiveChat now: Offline");
  });

  it("gives the bot two rules and checks them in the test console", async () => {
    await owner.page.goto(`/orgs/${encodeURIComponent(orgId)}/rules`);
    const rules = new RulesPage(owner.page);
    await owner.page.getByRole("button", { name: "Create the first rule" }).click();
    await rules.fillRule({ name: "Refunds", trigger: "Contains any of", keywords: "refund\nmoney back", reply: "Refunds take 5 days, {{customer.first_name|there}}." });
    await rules.createRule({ name: "Opening hours", trigger: "Contains", keyword: "hours", reply: "We are open 9–17." });

    const refund = await rules.test("Can I get a refund?", "Jane Doe");
    await expect(refund.getByRole("heading")).toContainText("Rule “Refunds” fires");
    await expect(refund.getByTestId("test-reply")).toContainText("Refunds take 5 days, Jane.");
    const hours = await rules.test("What are your opening hours?");
    await expect(hours.getByRole("heading")).toContainText("Rule “Opening hours” fires");
    await expect(hours.getByRole("row").filter({ hasText: "Refunds" })).toContainText("its trigger doesn't match");
  });

  it("sets the bot to accepting chats", async () => {
    const bots = new BotsPage(owner.page);
    await bots.goto(orgId);
    await bots.routingControl("Order Helper").getByRole("button", { name: "Accepting chats" }).click();
    await expect(bots.bot("Order Helper")).toContainText("In LiveChat now: Accepting chats");
  });

  it("answers a customer's matching message as the bot, and shows it on the Activity page, within 5 s", async () => {
    const customer = await stack.newSession();
    await startCustomerChat(customer.page, "Jane Doe");
    await customer.page.getByLabel("Your message").fill("Hi, can I get a refund for my order?");
    await customer.page.getByRole("button", { name: "Send" }).click();
    const sentAt = Date.now();

    const transcript = customer.page.getByRole("log", { name: "Messages" }).or(customer.page.locator("#transcript"));
    await expect(transcript).toContainText("Refunds take 5 days, Jane.");
    const replyAfterMs = Date.now() - sentAt;

    await owner.page.goto(`/orgs/${encodeURIComponent(orgId)}/activity`);
    const entry = owner.page.getByRole("listitem").filter({ hasText: "Refunds" }).filter({ hasText: "Replied" });
    await expect(entry.first()).toBeVisible();
    const shownAfterMs = Date.now() - sentAt;
    expect(replyAfterMs).toBeLessThan(5000);
    expect(shownAfterMs).toBeLessThan(5000);

    // The reply was sent by the bot itself (its own token), exactly once.
    const chat = stack.emulator.listChats().at(-1)!;
    const transcriptEvents = stack.emulator.getTranscript(chat.chatId).events;
    const botId = stack.emulator.bots().find((bot) => bot.name === "Order Helper")!.id;
    const replies = transcriptEvents.filter((event) => event.text === "Refunds take 5 days, Jane.");
    expect(replies).toHaveLength(1);
    expect(replies[0]!.authorId).toBe(botId);
    // LiveChat told the dashboard about the chat and the message by webhook; nothing had to list chats for it.
    const delivered = stack.emulator.webhookDeliveries().filter((entry) => entry.chatId === chat.chatId && entry.status === 200);
    expect(delivered.map((entry) => entry.action)).toEqual(expect.arrayContaining(["incoming_chat", "incoming_event"]));
    expect(await seriousAxeViolations(owner.page)).toEqual([]);
    await customer.close();
  });

  it("lets a normal agent see everything but change nothing", async () => {
    const agent = await stack.newSession();
    await new SignInPage(agent.page, stack.emulator.url).signInAs("Nora Agent");
    const bots = new BotsPage(agent.page);
    await bots.goto(orgId);
    await expect(bots.bot("Order Helper")).toBeVisible();
    expect(await bots.createButton().isDisabled()).toBe(true);
    expect(await bots.routingControl("Order Helper").getByRole("button", { name: "Offline" }).isDisabled()).toBe(true);

    await agent.page.goto(`/orgs/${encodeURIComponent(orgId)}/rules`);
    const rules = new RulesPage(agent.page);
    await expect(rules.rule("Refunds")).toBeVisible();
    expect(await agent.page.getByRole("button", { name: "New rule", exact: true }).isDisabled()).toBe(true);

    await agent.page.goto(`/orgs/${encodeURIComponent(orgId)}/activity`);
    await expect(agent.page.getByRole("listitem").filter({ hasText: "Refunds" }).first()).toBeVisible();

    const refused = await agent.page.request.delete(`/api/orgs/${encodeURIComponent(orgId)}/bots/${encodeURIComponent((await stack.database.db.bot.findFirstOrThrow()).id)}`, {
      headers: { origin: stack.app.url },
    });
    expect(refused.status()).toBe(403);
    expect(stack.emulator.bots().some((bot) => bot.name === "Order Helper")).toBe(true);

    expect(await scanBrowser(agent.recorder, agent.context, stack.secrets.all())).toEqual([]);
    expect(await scanBrowser(owner.recorder, owner.context, stack.secrets.all())).toEqual([]);
    await agent.close();
  });
});
