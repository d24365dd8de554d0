// Botdesk's sign-in page and the round trip through LiveChat.
import type { Page } from "playwright-core";
import { LiveChatSignInPage } from "./livechat-sign-in-page";

export class SignInPage {
  readonly livechat: LiveChatSignInPage;

  constructor(
    private readonly page: Page,
    livechatUrl: string,
  ) {
    this.livechat = new LiveChatSignInPage(page, livechatUrl);
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/signin${query}`);
  }

  /** Clicks "Sign in with LiveChat" and waits for LiveChat's page. */
  async start(): Promise<void> {
    await this.page.getByRole("button", { name: "Sign in with LiveChat" }).click();
    await this.livechat.waitUntilShown();
  }

  /** The whole sign-in as `name`, ending on the organization's dashboard. */
  async signInAs(name: string): Promise<void> {
    await this.goto();
    await this.start();
    await this.livechat.continueAs(name);
    await this.page.waitForURL(/\/orgs\/[^/]+$/);
  }

  scopeList(label: "Access asked at sign-in" | "Access asked for bot management") {
    return this.page.getByRole("list", { name: label }).first();
  }
}
