// /signin/error: what went wrong and what to do next.
import type { Page } from "playwright-core";

export class SignInErrorPage {
  constructor(private readonly page: Page) {}

  async waitUntilShown(): Promise<void> {
    await this.page.waitForURL(/\/signin\/error\?reason=/);
  }

  reason(): string | null {
    return new URL(this.page.url()).searchParams.get("reason");
  }

  heading() {
    return this.page.getByRole("heading", { level: 1 });
  }

  /** LiveChat's own words, when LiveChat gave any. */
  livechatSaid() {
    return this.page.getByRole("blockquote", { name: "What LiveChat said" });
  }

  async bodyText(): Promise<string> {
    return this.page.locator("main").innerText();
  }
}
