// LiveChat's own sign-in and consent page (the emulator's `GET /`).
import type { Page } from "playwright-core";

export class LiveChatSignInPage {
  constructor(
    private readonly page: Page,
    private readonly livechatUrl: string,
  ) {}

  async waitUntilShown(): Promise<void> {
    await this.page.waitForURL((url) => url.href.startsWith(`${this.livechatUrl}/?`));
  }

  /** The authorize request as the browser sent it (livechat-api.md 1.2). */
  authorizeParams(): URLSearchParams {
    return new URL(this.page.url()).searchParams;
  }

  async continueAs(name: string): Promise<void> {
    await this.page.getByRole("button", { name: new RegExp(`^Continue as ${name}\\b`) }).click();
  }

  async deny(): Promise<void> {
    await this.page.getByRole("button", { name: "Deny" }).click();
  }
}
