// The Bots page: the list, the create/edit form, the routing control and the confirmations.
import type { Locator, Page } from "playwright-core";

export interface BotFormInput {
  name?: string;
  avatarUrl?: string;
  jobTitle?: string;
  /** Group name → priority (`first`, `normal`, `last`, `supervisor`). */
  groups?: Record<string, string>;
  maxChats?: number;
  /** Turns the weekly schedule on, in this time zone (the default days stay). */
  scheduleTimeZone?: string;
}

export class BotsPage {
  constructor(private readonly page: Page) {}

  async goto(orgId: string): Promise<void> {
    await this.page.goto(`/orgs/${encodeURIComponent(orgId)}/bots`);
    await this.page.getByRole("heading", { level: 1, name: "Bots" }).waitFor();
  }

  heading() {
    return this.page.getByRole("heading", { level: 1, name: "Bots" });
  }

  emptyState() {
    return this.page.getByRole("region", { name: "No bots yet" });
  }

  grantAccessPanel() {
    return this.page.getByRole("region", { name: "Grant bot management access" });
  }

  createButton() {
    return this.page.getByRole("button", { name: "Create a bot" });
  }

  notice() {
    return this.page.getByRole("status").filter({ hasText: /^(Created|Saved|Deleted|Botdesk manages)/ });
  }

  bot(name: string) {
    return this.page.getByRole("article", { name, exact: true });
  }

  routingControl(name: string) {
    return this.bot(name).getByRole("group", { name: "Routing status" });
  }

  dialog(name: string | RegExp) {
    return this.page.getByRole("dialog", { name });
  }

  /** Fills the open create/edit form; fields left out stay as they are. */
  async fill(dialog: Locator, input: BotFormInput): Promise<void> {
    if (input.name !== undefined) await dialog.getByLabel("Name", { exact: true }).fill(input.name);
    if (input.avatarUrl !== undefined) await dialog.getByLabel("Avatar URL (optional)").fill(input.avatarUrl);
    if (input.jobTitle !== undefined) await dialog.getByLabel("Job title (optional)").fill(input.jobTitle);
    for (const [group, priority] of Object.entries(input.groups ?? {})) {
      await dialog.getByRole("checkbox", { name: group, exact: true }).check();
      await dialog.getByLabel(`Priority in ${group}`).selectOption(priority);
    }
    if (input.maxChats !== undefined) await dialog.getByLabel("Most chats at once").fill(String(input.maxChats));
    if (input.scheduleTimeZone !== undefined) {
      await dialog.getByRole("checkbox", { name: "Work only on a weekly schedule" }).check();
      await dialog.getByLabel("Time zone").selectOption(input.scheduleTimeZone);
    }
  }
}
