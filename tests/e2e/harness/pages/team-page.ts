// The Team page: members, roles, last activity, and the worker connection.
import type { Page } from "playwright-core";

export class TeamPage {
  constructor(private readonly page: Page) {}

  async goto(orgId: string): Promise<void> {
    await this.page.goto(`/orgs/${encodeURIComponent(orgId)}/team`);
  }

  connection() {
    return this.page.getByRole("region", { name: "Worker connection" });
  }

  memberRow(name: string) {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
  }

  takeOverButton() {
    return this.page.getByRole("button", { name: "Take over the connection" });
  }

  /** Opens the confirmation and confirms it. */
  async takeOver(): Promise<void> {
    await this.takeOverButton().click();
    const dialog = this.page.getByRole("dialog", { name: "Take over the worker connection?" });
    await dialog.getByRole("button", { name: "Take over", exact: true }).click();
    await this.page.getByRole("status").filter({ hasText: "You now hold the worker connection" }).waitFor();
  }
}
