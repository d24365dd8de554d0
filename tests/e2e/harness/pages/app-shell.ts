// The signed-in shell around every organization page: header, navigation, notices.
import type { Page } from "playwright-core";

export const NAV_SECTIONS = ["Overview", "Bots", "Rules", "Activity", "Team", "Worker"] as const;

export class AppShell {
  constructor(private readonly page: Page) {}

  /** Our organization id, from the current URL. */
  orgId(): string {
    const match = /\/orgs\/([^/?#]+)/.exec(this.page.url());
    if (!match?.[1]) throw new Error(`Not on an organization page: ${this.page.url()}`);
    return decodeURIComponent(match[1]);
  }

  nav() {
    return this.page.getByRole("navigation", { name: "Sections" });
  }

  async openSection(name: (typeof NAV_SECTIONS)[number]): Promise<void> {
    await this.nav().getByRole("link", { name, exact: true }).click();
    await this.page.waitForURL((url) => {
      const expected = name === "Overview" ? /\/orgs\/[^/]+$/ : new RegExp(`/${name.toLowerCase()}$`);
      return expected.test(url.pathname);
    });
  }

  banner(id: string) {
    return this.page.locator(`[data-banner="${id}"]`);
  }

  async signOut(): Promise<void> {
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await this.page.waitForURL(/\/signin\?signedOut=1/);
  }
}
