// The Rules page: the rule list of the selected bot, the rule dialog and the test console.
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import "../matchers";

export interface RuleFormInput {
  name: string;
  trigger: string;
  keyword?: string;
  keywords?: string;
  reply: string;
}

export class RulesPage {
  constructor(readonly page: Page) {}

  rule(name: string): Locator {
    return this.page.getByRole("listitem", { name: new RegExp(`^\\d+\\. ${name}$`) });
  }

  dialog(title: string): Locator {
    return this.page.getByRole("dialog", { name: title });
  }

  /** Fills the open "New rule" dialog and creates the rule. */
  async fillRule(values: RuleFormInput): Promise<void> {
    const dialog = this.dialog("New rule");
    await dialog.getByLabel("Name", { exact: true }).fill(values.name);
    await dialog.getByLabel("Trigger", { exact: true }).selectOption({ label: values.trigger });
    if (values.keywords !== undefined) await dialog.getByLabel("Keywords (one per line)").fill(values.keywords);
    if (values.keyword !== undefined) await dialog.getByLabel("Keyword", { exact: true }).fill(values.keyword);
    await dialog.getByLabel("Reply", { exact: true }).fill(values.reply);
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(this.page.getByRole("status").filter({ hasText: `Created “${values.name}”` })).toBeVisible();
  }

  async createRule(values: RuleFormInput): Promise<void> {
    await this.page.getByRole("button", { name: "New rule", exact: true }).click();
    await this.fillRule(values);
  }

  /** Runs the test console and returns its result panel. */
  async test(message: string, customerName = ""): Promise<Locator> {
    const console = this.page.getByRole("region", { name: "Test console" });
    await console.getByLabel("Customer message").fill(message);
    await console.getByLabel("Customer name").fill(customerName);
    await console.getByRole("button", { name: "Test message" }).click();
    return console.getByTestId("test-result");
  }
}
