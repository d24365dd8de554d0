// Signing in with LiveChat in a real browser, through the emulator's real sign-in page: an owner,
// a normal agent and an administrator; the bot-management grant and the connection take-over;
// other organizations' pages; re-authorization; and, at the end, no LiveChat secret anywhere the
// browser or the database could show it.
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemoSeed, DEMO_CLIENT_SECRET, organizationSeed } from "../../emulator";
import { getFreshAccessToken } from "../../../lib/data/fresh-access-token";
import { openTokens } from "../../../lib/data/credential-secrets";
import { webEnv } from "../../../lib/env";
import { accountsConfigFrom } from "../../../lib/livechat/accounts";
import { BOT_MANAGEMENT_SCOPE_PARAM, BOT_MANAGEMENT_SCOPES, SIGN_IN_SCOPE_PARAM, SIGN_IN_SCOPES } from "../../../lib/livechat/scopes";
import { seriousAxeViolations } from "../harness/axe";
import { ensureBuilt } from "../harness/build";
import "../harness/matchers";
import { AppShell, NAV_SECTIONS } from "../harness/pages/app-shell";
import { SignInPage } from "../harness/pages/sign-in-page";
import { TeamPage } from "../harness/pages/team-page";
import { orgPagePaths } from "../harness/org-pages";
import { scanBrowser, scanSqliteFile } from "../harness/secret-scan";
import { startStack, type BrowserSession, type Stack } from "../harness/stack";

const globex = organizationSeed("Globex Help", { agents: [{ name: "Gary Globex", email: "gary@globex.example", role: "owner" }] });

let stack: Stack;
const sessions: Record<string, BrowserSession> = {};

beforeAll(async () => {
  stack = await startStack({
    seed: (redirectUri) => {
      const demo = buildDemoSeed([redirectUri]);
      return { ...demo, organizations: [...demo.organizations, globex] };
    },
  });
});

afterAll(async () => {
  await stack?.stop();
});

async function signedIn(name: string): Promise<{ session: BrowserSession; shell: AppShell }> {
  const session = await stack.newSession();
  sessions[name] = session;
  await new SignInPage(session.page, stack.emulator.url).signInAs(name);
  return { session, shell: new AppShell(session.page) };
}

function tokenDeps() {
  const env = webEnv(stack.app.env);
  return { db: stack.database.db, keyring: env.TOKEN_ENCRYPTION_KEYS, accounts: accountsConfigFrom(env) };
}

async function credentialOf(email: string) {
  return stack.database.db.credential.findFirstOrThrow({
    where: { user: { email } },
    select: { id: true, status: true, scopes: true, accessTokenEnc: true, refreshTokenEnc: true, orgId: true },
  });
}

describe("signing in with LiveChat", () => {
  it("sends an owner through LiveChat with PKCE S256 and state, and lands them on their organization", async () => {
    expect(await ensureBuilt()).toBe(false); // the stack's build is reused, not repeated
    const session = await stack.newSession();
    sessions["Olivia Owner"] = session;
    const signIn = new SignInPage(session.page, stack.emulator.url);
    await signIn.goto();
    for (const { purpose } of SIGN_IN_SCOPES) await expect(signIn.scopeList("Access asked at sign-in").getByText(purpose)).toBeVisible();
    expect(await seriousAxeViolations(session.page)).toEqual([]);

    await signIn.start();
    const params = signIn.livechat.authorizeParams();
    expect(params.get("response_type")).toBe("code");
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get("state")?.length).toBeGreaterThanOrEqual(32);
    expect(params.get("redirect_uri")).toBe(`${stack.app.url}/api/auth/callback/livechat`);
    expect(params.get("scope")).toBe(SIGN_IN_SCOPE_PARAM);

    await signIn.livechat.continueAs("Olivia Owner");
    await session.page.waitForURL(/\/orgs\/[^/]+$/);
    await expect(session.page.getByRole("heading", { level: 1, name: "Acme Support" })).toBeVisible();
    const shell = new AppShell(session.page);
    for (const name of NAV_SECTIONS) await expect(shell.nav().getByRole("link", { name, exact: true })).toBeVisible();
    await expect(shell.banner("connection-missing")).toContainText("Bots cannot answer yet");
    expect(await seriousAxeViolations(session.page)).toEqual([]);

    const cookie = (await session.context.cookies()).find((candidate) => candidate.name === "next-auth.session-token");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
    expect(cookie?.value.split(".")).toHaveLength(5); // an encrypted JWT (JWE), not a readable one
    const claims = await decode({ token: cookie!.value, secret: stack.app.env.NEXTAUTH_SECRET! });
    expect(Object.keys(claims ?? {}).sort()).toEqual(["exp", "iat", "jti", "orgId", "sid", "sub"]);
    // The documented week (not next-auth's 30 days), for the cookie and for the token inside it.
    expect(7 * 24 * 3600 - (Number(claims!.exp) - Number(claims!.iat))).toBeLessThanOrEqual(1);
    expect(Math.abs(cookie!.expires - Number(claims!.exp))).toBeLessThanOrEqual(2);
    const record = await stack.database.db.userSession.findUniqueOrThrow({ where: { id: String(claims!.sid) } });
    expect(record.expiresAt.getTime()).toBe(Number(claims!.exp) * 1000);

    const membership = await stack.database.db.membership.findFirstOrThrow({
      where: { user: { email: "olivia@acme.example" } },
      select: { role: true, organization: { select: { name: true, connectionCredentialId: true } } },
    });
    expect(membership).toEqual({ role: "owner", organization: { name: "Acme Support", connectionCredentialId: null } });
    expect((await credentialOf("olivia@acme.example")).scopes).toBe(SIGN_IN_SCOPE_PARAM);
  });

  it("lets the owner grant bot management access, which makes their credential the connection", async () => {
    const session = sessions["Olivia Owner"]!;
    const shell = new AppShell(session.page);
    const before = await credentialOf("olivia@acme.example");
    const oldTokens = openTokens(before.id, before, tokenDeps().keyring);

    await shell.banner("connection-missing").getByRole("button", { name: "Grant bot management access" }).click();
    const signIn = new SignInPage(session.page, stack.emulator.url);
    await signIn.livechat.waitUntilShown();
    expect(signIn.livechat.authorizeParams().get("scope")).toBe(BOT_MANAGEMENT_SCOPE_PARAM);
    await signIn.livechat.continueAs("Olivia Owner");
    await session.page.waitForURL(/\/orgs\/[^/]+$/);
    await expect(shell.banner("connection-missing")).toHaveCount(0);

    const after = await credentialOf("olivia@acme.example");
    expect(after.id).toBe(before.id);
    expect(after.scopes).toBe(BOT_MANAGEMENT_SCOPE_PARAM);
    const org = await stack.database.db.organization.findUniqueOrThrow({ where: { id: shell.orgId() } });
    expect(org.connectionCredentialId).toBe(after.id);
    // The superseded pair was revoked (livechat-api.md 1.6: at most 25 tokens per user).
    const info = await fetch(`${stack.emulator.url}/v2/info`, { headers: { Authorization: `Bearer ${oldTokens.accessToken}` } });
    expect(info.status).toBe(401);

    const team = new TeamPage(session.page);
    await team.goto(shell.orgId());
    await expect(team.connection()).toContainText("Connected — held by Olivia Owner (olivia@acme.example)");
    await expect(team.memberRow("Olivia Owner")).toContainText("Holds the connection");
    await expect(team.takeOverButton()).toHaveCount(0);
    expect(await seriousAxeViolations(session.page)).toEqual([]);
  });

  it("shows a normal agent everything read-only", async () => {
    const { session, shell } = await signedIn("Nora Agent");
    await expect(session.page.getByText("You can look at everything here.")).toBeVisible();
    await expect(shell.banner("connection-missing")).toHaveCount(0);
    await expect(session.page.getByRole("button", { name: "Grant bot management access" })).toHaveCount(0);
    const team = new TeamPage(session.page);
    await team.goto(shell.orgId());
    await expect(team.memberRow("Nora Agent")).toContainText("Agent");
    await expect(team.connection()).toContainText("Only owners, vice owners and administrators can change who holds the connection.");
    await expect(team.takeOverButton()).toHaveCount(0);
    for (const name of NAV_SECTIONS) {
      await shell.openSection(name);
      await expect(session.page.getByRole("heading", { level: 1 })).toBeVisible();
    }
    expect((await credentialOf("nora@acme.example")).scopes).toBe(SIGN_IN_SCOPE_PARAM);
  });

  it("lets another administrator take over the connection from the Team page, with confirmation", async () => {
    const { session, shell } = await signedIn("Adam Admin");
    const team = new TeamPage(session.page);
    await team.goto(shell.orgId());
    await expect(team.connection()).toContainText("To hold the connection, grant bot management access first.");
    await team.connection().getByRole("button", { name: "Grant bot management access" }).click();
    const signIn = new SignInPage(session.page, stack.emulator.url);
    await signIn.livechat.waitUntilShown();
    await signIn.livechat.continueAs("Adam Admin");
    await session.page.waitForURL(/\/team$/);

    // Cancelling changes nothing.
    await team.takeOverButton().click();
    await session.page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    await expect(team.connection()).toContainText("held by Olivia Owner");

    await team.takeOver();
    await expect(team.connection()).toContainText("Connected — held by Adam Admin (adam@acme.example)");
    const adam = await credentialOf("adam@acme.example");
    const org = await stack.database.db.organization.findUniqueOrThrow({ where: { id: shell.orgId() } });
    expect(org.connectionCredentialId).toBe(adam.id);
    const audit = await stack.database.db.auditLog.findFirstOrThrow({ where: { orgId: org.id, action: "connection.take_over" } });
    expect(audit.actorUserId).not.toBeNull();
  });

  it("keeps a working credential when its owner signs in again, and revokes the extra token", async () => {
    const before = await credentialOf("olivia@acme.example");
    const revocations = stack.emulator.requestLog({ action: "DELETE /v2/token" }).length;
    await signedIn("Olivia Owner");
    const after = await credentialOf("olivia@acme.example");
    expect(after.scopes).toBe(BOT_MANAGEMENT_SCOPE_PARAM);
    expect(after.refreshTokenEnc).toBe(before.refreshTokenEnc);
    expect(stack.emulator.requestLog({ action: "DELETE /v2/token" }).length).toBe(revocations + 1);
  });

  it("answers 404 for every page and the API of an organization the user does not belong to", async () => {
    await signedIn("Gary Globex");
    const globexOrg = await stack.database.db.organization.findFirstOrThrow({ where: { name: "Globex Help" } });
    const page = sessions["Olivia Owner"]!.page;
    for (const path of orgPagePaths(globexOrg.id)) {
      const response = await page.goto(path);
      expect({ path, status: response?.status() }).toEqual({ path, status: 404 });
      await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
      await expect(page.locator("body")).not.toContainText("Globex Help");
    }
    const api = await page.request.get(`/api/orgs/${globexOrg.id}/team`);
    expect(api.status()).toBe(404);
    expect(await api.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
  });

  it("lets a member of several organizations switch between them", async () => {
    const nora = sessions["Nora Agent"]!;
    const globexOrg = await stack.database.db.organization.findFirstOrThrow({ where: { name: "Globex Help" } });
    const user = await stack.database.db.user.findFirstOrThrow({ where: { email: "nora@acme.example" } });
    await stack.database.db.membership.create({ data: { userId: user.id, orgId: globexOrg.id, role: "normal" } });
    await nora.page.goto("/");
    await nora.page.getByLabel("Organization").selectOption({ label: "Globex Help" });
    await nora.page.getByRole("button", { name: "Switch" }).click();
    await nora.page.waitForURL(`**/orgs/${globexOrg.id}`);
    await expect(nora.page.getByRole("heading", { level: 1, name: "Globex Help" })).toBeVisible();
    await nora.page.goto("/");
    await nora.page.waitForURL(`**/orgs/${globexOrg.id}`); // the switch is remembered in the session
  });

  it("tells the affected user and every admin when the connection needs re-authorization", async () => {
    // Adam holds the connection now; LiveChat revokes his refresh token.
    const adam = await credentialOf("adam@acme.example");
    stack.emulator.faults.revokeRefreshTokens({ account: "adam@acme.example" });
    await expect(getFreshAccessToken(adam.id, { ...tokenDeps(), refreshMarginMs: Number.POSITIVE_INFINITY })).rejects.toThrow(
      /Sign in with LiveChat again/,
    );

    const adamPage = sessions["Adam Admin"]!.page;
    await adamPage.reload();
    const adamShell = new AppShell(adamPage);
    await expect(adamShell.banner("own-reauth")).toContainText("LiveChat no longer accepts your authorization");
    await expect(adamShell.banner("own-reauth")).toContainText("invalid_grant");
    const olivia = sessions["Olivia Owner"]!.page;
    await olivia.goto(`/orgs/${adam.orgId}`);
    const oliviaShell = new AppShell(olivia);
    await expect(oliviaShell.banner("connection-reauth")).toContainText("Adam Admin (adam@acme.example)");
    await expect(oliviaShell.banner("connection-reauth")).toContainText("take over the connection on the Team page");
    await sessions["Nora Agent"]!.page.goto(`/orgs/${adam.orgId}`);
    await expect(new AppShell(sessions["Nora Agent"]!.page).banner("connection-reauth")).toHaveCount(0);

    // Re-granting restores the same credential, and the connection with it.
    await adamShell.banner("own-reauth").getByRole("button", { name: "Grant bot management access" }).click();
    const signIn = new SignInPage(adamPage, stack.emulator.url);
    await signIn.livechat.waitUntilShown();
    await signIn.livechat.continueAs("Adam Admin");
    await adamPage.waitForURL(/\/orgs\/[^/]+$/);
    await expect(adamShell.banner("own-reauth")).toHaveCount(0);
    expect(await credentialOf("adam@acme.example")).toMatchObject({ id: adam.id, status: "active" });
  });

  it("signs out on the server too: a copy of the cookie stops working, and pages go to the sign-in page", async () => {
    const session = sessions["Nora Agent"]!;
    const shell = new AppShell(session.page);
    const orgPath = new URL(session.page.url()).pathname;
    const copied = (await session.context.cookies()).find((candidate) => candidate.name === "next-auth.session-token")!;
    const api = () => fetch(`${stack.app.url}/api${orgPath}/team`, { headers: { cookie: `${copied.name}=${copied.value}` } });
    expect((await api()).status).toBe(200);
    // next-auth's own endpoint answers from the server-side record and leaves the cookie as it is.
    const asked = await fetch(`${stack.app.url}/api/auth/session`, { headers: { cookie: `${copied.name}=${copied.value}` } });
    expect(asked.headers.getSetCookie()).toEqual([]);
    const claims = await decode({ token: copied.value, secret: stack.app.env.NEXTAUTH_SECRET! });
    expect(await asked.json()).toMatchObject({ expires: new Date(Number(claims!.exp) * 1000).toISOString() });

    await shell.signOut();
    await expect(session.page.getByRole("status")).toContainText("You are signed out of Botdesk");
    const refused = await api();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: "unauthorized", reason: "signed_out" } });
    await session.page.goto(orgPath);
    await session.page.waitForURL(/\/signin\?callbackUrl=/);
    expect(new URL(session.page.url()).searchParams.get("callbackUrl")).toBe(orgPath);
  });

  it("explains every scope of the bot management step before sending anyone to LiveChat", async () => {
    const page = sessions["Olivia Owner"]!.page;
    await page.goto("/signin");
    await page.getByText("Owners and administrators: bot management access").click();
    for (const { purpose } of BOT_MANAGEMENT_SCOPES) {
      await expect(page.getByRole("list", { name: "Access asked for bot management" }).getByText(purpose)).toBeVisible();
    }
  });

  it("leaves no LiveChat token or secret in the database, the pages, the RSC payloads or the cookies", async () => {
    const secrets = [
      ...stack.secrets.all(),
      DEMO_CLIENT_SECRET,
      stack.app.env.NEXTAUTH_SECRET!,
      ...stack.app.env.TOKEN_ENCRYPTION_KEYS!.split(",").map((entry) => entry.split(":")[1]!),
    ];
    expect(secrets.length).toBeGreaterThan(10);
    const leaks = [];
    for (const session of Object.values(sessions)) {
      // The recorder saw the pages themselves and the RSC payloads of client-side navigation.
      expect(session.recorder.responses.some((response) => response.body.includes("Acme Support") || response.body.includes("Globex Help"))).toBe(true);
      expect(session.recorder.responses.some((response) => response.contentType.includes("text/x-component"))).toBe(true);
      leaks.push(...(await scanBrowser(session.recorder, session.context, secrets)));
    }
    const sealed = (await credentialOf("olivia@acme.example")).accessTokenEnc;
    await stack.database.db.$disconnect(); // flushes nothing on its own, but no writes race the read
    leaks.push(...scanSqliteFile(stack.databaseFile, secrets));
    expect(leaks).toEqual([]);
    // The scan does find what is there: the sealed value (but never the plaintext).
    expect(scanSqliteFile(stack.databaseFile, [sealed]).length).toBeGreaterThan(0);
  });
});
