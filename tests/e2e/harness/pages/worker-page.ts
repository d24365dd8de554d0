// The Worker page: LiveChat's version notice, how new chats reach the worker ("LiveChat event
// intake", with "Register webhooks again"), what LiveChat requests cost, and the workers.
import type { Locator, Page } from "playwright-core";

export class WorkerPage {
  constructor(private readonly page: Page) {}

  async goto(orgId: string): Promise<void> {
    await this.page.goto(`/orgs/${encodeURIComponent(orgId)}/worker`);
    await this.page.getByRole("heading", { level: 1, name: "Worker" }).waitFor();
  }

  versionNotice() {
    return this.page.getByRole("region", { name: "The LiveChat API version Botdesk uses is ending" });
  }

  intake() {
    return this.page.getByRole("region", { name: "LiveChat event intake" });
  }

  /** The registration state in words ("Registered — LiveChat tells Botdesk…"). */
  intakeState() {
    return this.intake().locator("[data-intake-state]");
  }

  /** The value next to a label of the intake's details ("Webhook URL", "Last delivery received"…). */
  intakeDetail(label: string): Locator {
    return this.intake().locator(`dt:text-is("${label}") + dd`);
  }

  registerButton() {
    return this.page.getByRole("button", { name: "Register webhooks again" });
  }

  /** What the page announced after "Register webhooks again" (the live region next to the button). */
  registerStatus() {
    return this.intake().getByRole("status");
  }

  requests() {
    return this.page.getByRole("region", { name: "LiveChat requests" });
  }

  /** A figure of the requests section ("Today", "This month", "Projected for the month", "Per answered message"). */
  figure(term: string): Locator {
    return this.requests().locator(`dt:text-is("${term}") + dd`);
  }

  /** "Today (UTC)" or "This month (since …)": the table is named by its caption. */
  table(caption: RegExp): Locator {
    return this.requests().getByRole("table", { name: caption });
  }

  /** Cell texts of an action's row: [requests, failed]. */
  async actionRow(caption: RegExp, action: string): Promise<string[]> {
    const row = this.table(caption).getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: action, exact: true }) });
    return row.getByRole("cell").allInnerTexts();
  }
}
