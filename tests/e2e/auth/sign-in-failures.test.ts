// Every way a sign-in can fail ends on a page that says what happened and what to do next —
// denied consent, an altered or missing state, a wrong or missing PKCE verifier, LiveChat's own
// errors, LiveChat being down — and none of them signs anyone in or shows a stack trace.
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CLIENT_SECRET } from "../../emulator";
import { seriousAxeViolations } from "../harness/axe";
import "../harness/matchers";
import { SignInErrorPage } from "../harness/pages/sign-in-error-page";
import { SignInPage } from "../harness/pages/sign-in-page";
import { scanBrowser, scanSqliteFile } from "../harness/secret-scan";
import { startStack, type BrowserSession, type Stack } from "../harness/stack";

let stack: Stack;
const sessions: BrowserSession[] = [];

beforeAll(async () => {
  // Many sign-ins in a row: lift LiveChat's "more than 3 redirects in 30 s" guard (livechat-api.md 1.9).
  stack = await startStack({ timings: { authorizeRedirectLimit: 100 } });
});

afterAll(async () => {
  await stack?.stop();
});

async function startSignIn(): Promise<{ session: BrowserSession; signIn: SignInPage; errorPage: SignInErrorPage }> {
  const session = await stack.newSession();
  sessions.push(session);
  const signIn = new SignInPage(session.page, stack.emulator.url);
  await signIn.goto();
  await signIn.start();
  return { session, signIn, errorPage: new SignInErrorPage(session.page) };
}

/**
 * Lets LiveChat answer the consent form, then changes the callback URL it redirects to before the
 * browser follows it (route handlers do not see redirect hops, so the form post is intercepted).
 */
async function editCallback(session: BrowserSession, edit: (url: URL) => void | Promise<void>): Promise<void> {
  await session.page.route(`${stack.emulator.url}/authorize`, async (route) => {
    const answer = await route.fetch({ maxRedirects: 0 });
    const location = new URL(answer.headers()["location"] ?? "");
    await edit(location);
    await route.fulfill({ status: 302, headers: { location: location.toString() } });
  });
}

async function expectSignedOutFailure(session: BrowserSession, errorPage: SignInErrorPage, reason: string, heading: string) {
  await errorPage.waitUntilShown();
  expect(errorPage.reason()).toBe(reason);
  await expect(errorPage.heading()).toContainText(heading);
  const text = await errorPage.bodyText();
  expect(text).not.toMatch(/\bat \S+ \(|Error:|TypeError|undefined/);
  await expect(session.page.getByRole("link", { name: "Try again" })).toBeVisible();
  const cookies = await session.context.cookies();
  expect(cookies.find((cookie) => cookie.name.endsWith("next-auth.session-token"))).toBeUndefined();
}

describe("sign-in failures", () => {
  it("says so when the person denies consent on LiveChat", async () => {
    const { session, signIn, errorPage } = await startSignIn();
    await signIn.livechat.deny();
    await expectSignedOutFailure(session, errorPage, "access_denied", "You did not allow Botdesk");
    await expect(errorPage.livechatSaid()).toContainText("access_denied");
    expect(await seriousAxeViolations(session.page)).toEqual([]);
  });

  it("refuses an altered state without exchanging the code", async () => {
    const { session, signIn, errorPage } = await startSignIn();
    const exchanges = stack.emulator.requestLog({ action: "POST /v2/token" }).length;
    await editCallback(session, (url) => url.searchParams.set("state", "altered-state-value-altered-state-value"));
    await signIn.livechat.continueAs("Olivia Owner");
    await expectSignedOutFailure(session, errorPage, "state_mismatch", "This sign-in could not be verified");
    expect(stack.emulator.requestLog({ action: "POST /v2/token" }).length).toBe(exchanges);
    expect(await stack.database.db.user.count()).toBe(0);
  });

  it("refuses a callback without a state", async () => {
    const { session, signIn, errorPage } = await startSignIn();
    await editCallback(session, (url) => url.searchParams.delete("state"));
    await signIn.livechat.continueAs("Olivia Owner");
    await expectSignedOutFailure(session, errorPage, "state_mismatch", "This sign-in could not be verified");
  });

  it("shows LiveChat's refusal when the PKCE verifier does not match the challenge", async () => {
    const { session, signIn, errorPage } = await startSignIn();
    // A validly sealed cookie with another verifier: only LiveChat can tell it is wrong (1.4).
    const name = "next-auth.pkce.code_verifier";
    const value = await encode({
      token: { value: "w".repeat(64), provider: "livechat" },
      secret: stack.app.env.NEXTAUTH_SECRET!,
      salt: name,
      maxAge: 900,
    });
    await session.context.addCookies([{ name, value, url: stack.app.url, httpOnly: true, sameSite: "Lax" }]);
    await signIn.livechat.continueAs("Olivia Owner");
    await expectSignedOutFailure(session, errorPage, "livechat_error", "LiveChat refused the sign-in");
    await expect(errorPage.livechatSaid()).toContainText("invalid_grant — code_verifier does not match the code_challenge");
    expect(await stack.database.db.user.count()).toBe(0);
  });

  it("treats a missing PKCE verifier as an expired sign-in", async () => {
    const { session, signIn, errorPage } = await startSignIn();
    await session.context.clearCookies({ name: "next-auth.pkce.code_verifier" });
    await signIn.livechat.continueAs("Olivia Owner");
    await expectSignedOutFailure(session, errorPage, "flow_expired", "This sign-in expired");
  });

  it("shows LiveChat's own error when the token exchange fails", async () => {
    const { session, signIn, errorPage } = await startSignIn();
    stack.emulator.faults.serverErrors({ count: 1, surfaces: ["accounts"], actions: ["POST /v2/token"] });
    await signIn.livechat.continueAs("Olivia Owner");
    await expectSignedOutFailure(session, errorPage, "livechat_error", "LiveChat refused the sign-in");
    await expect(errorPage.livechatSaid()).toContainText("server_error — Internal server error");
  });

  it("says LiveChat could not be reached, whether it goes down mid-sign-in or before it", async () => {
    const { session, signIn, errorPage } = await startSignIn();
    await editCallback(session, () => stack.emulator.close());
    await signIn.livechat.continueAs("Olivia Owner");
    await expectSignedOutFailure(session, errorPage, "livechat_unreachable", "LiveChat could not be reached");
    await expect(errorPage.livechatSaid()).toHaveCount(0);

    await session.page.getByRole("link", { name: "Try again" }).click();
    await session.page.getByRole("button", { name: "Sign in with LiveChat" }).click();
    await expectSignedOutFailure(session, errorPage, "livechat_unreachable", "LiveChat could not be reached");
  });

  it("leaves no LiveChat token or secret where the browser or the database could show it", async () => {
    const secrets = [...stack.secrets.all(), DEMO_CLIENT_SECRET, stack.app.env.NEXTAUTH_SECRET!];
    const leaks = [];
    for (const session of sessions) leaks.push(...(await scanBrowser(session.recorder, session.context, secrets)));
    await stack.database.db.$disconnect();
    leaks.push(...scanSqliteFile(stack.databaseFile, secrets));
    expect(leaks).toEqual([]);
  });
});
