// An owner removes members on the Team page in a real browser, with the keyboard alone: the
// confirmation names the person, says when their authorization is the worker connection, opens with
// the safe choice focused and backs out with Escape; the removed member is signed out with a reason.
import type { Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousAxeViolations } from "./harness/axe";
import "./harness/matchers";
import { AppShell } from "./harness/pages/app-shell";
import { SignInPage } from "./harness/pages/sign-in-page";
import { TeamPage } from "./harness/pages/team-page";
import { startStack, type BrowserSession, type Stack } from "./harness/stack";

let stack: Stack;
let owner: BrowserSession;
let admin: BrowserSession;
let agent: BrowserSession;
let orgId: string;

async function grantBotManagement(session: BrowserSession, name: string, button: Locator) {
  await button.click();
  const livechat = new SignInPage(session.page, stack.emulator.url).livechat;
  await livechat.waitUntilShown();
  await livechat.continueAs(name);
}

beforeAll(async () => {
  stack = await startStack();
  owner = await stack.newSession();
  await new SignInPage(owner.page, stack.emulator.url).signInAs("Olivia Owner");
  orgId = new AppShell(owner.page).orgId();
  await grantBotManagement(owner, "Olivia Owner", new AppShell(owner.page).banner("connection-missing").getByRole("button", { name: "Grant bot management access" }));
  await owner.page.waitForURL(/\/orgs\/[^/]+$/);

  // Adam grants bot management access and takes the worker connection over.
  admin = await stack.newSession();
  await new SignInPage(admin.page, stack.emulator.url).signInAs("Adam Admin");
  const adminTeam = new TeamPage(admin.page);
  await adminTeam.goto(orgId);
  await grantBotManagement(admin, "Adam Admin", adminTeam.connection().getByRole("button", { name: "Grant bot management access" }));
  await admin.page.waitForURL(/\/team$/);
  await adminTeam.takeOver();

  agent = await stack.newSession();
  await new SignInPage(agent.page, stack.emulator.url).signInAs("Nora Agent");
});

afterAll(async () => {
  await stack?.stop();
});

describe("removing a member on the Team page", () => {
  it("is offered to owners only, and never for themselves", async () => {
    const adminTeam = new TeamPage(admin.page);
    await adminTeam.goto(orgId);
    await expect(adminTeam.memberRow("Nora Agent")).toBeVisible();
    await expect(admin.page.getByRole("button", { name: /^Remove / })).toHaveCount(0);

    const team = new TeamPage(owner.page);
    await team.goto(orgId);
    await expect(owner.page.getByRole("button", { name: "Remove Nora Agent" })).toBeVisible();
    await expect(owner.page.getByRole("button", { name: "Remove Olivia Owner" })).toHaveCount(0);
  });

  it("confirms with the keyboard, warns that the worker connection goes with Adam, and backs out with Escape", async () => {
    const page = owner.page;
    const remove = page.getByRole("button", { name: "Remove Adam Admin" });
    await remove.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Remove Adam Admin?" });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("adam@acme.example");
    await expect(dialog).toContainText("this organization's worker connection");
    await expect(dialog).toContainText("your bots stop answering until another owner or administrator takes over");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Remove Adam Admin");
    await expect(new TeamPage(page).memberRow("Adam Admin")).toBeVisible();

    await page.keyboard.press("Enter");
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Remove Adam Admin");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: "Adam Admin was removed" })).toContainText("The worker connection was theirs and is now unset");
    await expect(new TeamPage(page).memberRow("Adam Admin")).toHaveCount(0);
    await expect(new TeamPage(page).connection()).toContainText("nobody holds it yet");
  });

  it("signs the removed member out everywhere, saying why", async () => {
    await admin.page.reload();
    await admin.page.waitForURL(/\/signin\?/);
    expect(new URL(admin.page.url()).searchParams.get("ended")).toBe("removed");
    await expect(admin.page.getByRole("status")).toContainText("An owner removed you from an organization in Botdesk");
    expect(await seriousAxeViolations(admin.page)).toEqual([]);
    const adam = await stack.database.db.user.findFirstOrThrow({ where: { email: "adam@acme.example" } });
    expect(await stack.database.db.credential.count({ where: { userId: adam.id } })).toBe(0);
  });

  it("removes a member who holds nothing, and the rest of the team stays", async () => {
    const page = owner.page;
    await page.getByRole("button", { name: "Remove Nora Agent" }).click();
    await page.getByRole("dialog", { name: "Remove Nora Agent?" }).getByRole("button", { name: "Remove Nora Agent" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Nora Agent was removed" })).toContainText("Nora Agent was removed and signed out.");
    await expect(new TeamPage(page).memberRow("Olivia Owner")).toBeVisible();
    await agent.page.reload();
    await agent.page.waitForURL(/ended=removed/);
  });
});
