// Security headers on the production build, in a real browser: every page (signed out, every
// organization page found on disk, the not-found pages) is sent a Content-Security-Policy whose
// nonce changes per request and sits on every script, frame-ancestors 'none', a Permissions-Policy
// and no HSTS over http; each page hydrates and the browser reports no CSP violation on the way,
// through sign-in at LiveChat, granting bot management and creating a bot with an https avatar
// (loaded without a Referer). A second server whose NEXTAUTH_URL is https sends HSTS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import "./harness/matchers";
import { startAppServer, type AppServer } from "./harness/app-server";
import { orgPagePaths } from "./harness/org-pages";
import { AppShell } from "./harness/pages/app-shell";
import { BotsPage } from "./harness/pages/bots-page";
import { SignInPage } from "./harness/pages/sign-in-page";
import { freePort } from "./harness/ports";
import { startStack, type BrowserSession, type Stack } from "./harness/stack";

const AVATAR_URL = "https://avatars.botdesk.test/order-helper.png";
// A 1×1 transparent PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

let stack: Stack;
let owner: BrowserSession;
let orgId: string;
/** What the browser reported: `securitypolicyviolation` events and CSP / Permissions-Policy console messages. */
const violations: string[] = [];
/** Every nonce a page was sent, to prove none repeats. */
const nonces: string[] = [];
/** Request headers of each avatar fetch. */
const avatarRequests: Record<string, string>[] = [];

/** Reports every CSP violation of every document the page loads, including LiveChat's pages. */
async function watchViolations(page: Page): Promise<void> {
  await page.exposeFunction("__botdeskViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __botdeskViolation: (text: string) => void }).__botdeskViolation;
      void report(`${location.pathname}: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Content-Security-Policy|Permissions-Policy|Refused to/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
}

function nonceOf(csp: string): string {
  const scriptSrc = csp.split(";").map((directive) => directive.trim()).find((directive) => directive.startsWith("script-src "));
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc ?? "")?.[1];
  if (!nonce) throw new Error(`no nonce in script-src: ${csp}`);
  return nonce;
}

function directives(csp: string): Record<string, string> {
  return Object.fromEntries(
    csp
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name = "", ...sources]) => [name, sources.join(" ")]),
  );
}

/** The headers every page response carries on an http deployment. */
function expectPageHeaders(headers: Record<string, string>, where: string): string {
  const csp = headers["content-security-policy"];
  expect(csp, where).toBeDefined();
  const policy = directives(csp!);
  expect(policy, where).toMatchObject({
    "default-src": "'self'",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": `'self' ${new URL(stack.emulator.url).origin}`,
    "img-src": "'self' data: https:",
  });
  expect(policy["script-src"], where).toMatch(/^'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'$/);
  expect(policy, where).not.toHaveProperty("upgrade-insecure-requests");
  const permissions = headers["permissions-policy"] ?? "";
  for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) expect(permissions, where).toContain(`${feature}=()`);
  expect(headers["strict-transport-security"], where).toBeUndefined();
  // The headers that were there before stay.
  expect(headers, where).toMatchObject({ "x-frame-options": "DENY", "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin" });
  const nonce = nonceOf(csp!);
  nonces.push(nonce);
  return nonce;
}

/** Loads `path`, checks its headers, that every script carries the nonce and that React hydrated it. */
async function visit(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  const nonce = expectPageHeaders(await response!.allHeaders(), path);
  // React marks the elements it hydrated; a page whose scripts were blocked never gets there.
  await page.waitForFunction(() => {
    const main = document.querySelector("main");
    return main !== null && Object.keys(main).some((key) => key.startsWith("__reactFiber$"));
  }, undefined, { timeout: 15_000 });
  // Every script in the HTML carries this request's nonce; the chunks they load need none ('strict-dynamic').
  const scripts = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, path).toBeGreaterThan(0);
  expect(scripts.filter((script) => !script.includes(` nonce="${nonce}"`)), path).toEqual([]);
  await page.waitForLoadState("networkidle");
  expect(violations.splice(0), path).toEqual([]);
}

beforeAll(async () => {
  stack = await startStack();
  owner = await stack.newSession();
  await watchViolations(owner.page);
  await owner.page.route("https://avatars.botdesk.test/**", (route) => {
    avatarRequests.push(route.request().headers());
    return route.fulfill({ status: 200, contentType: "image/png", body: PNG });
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe("security headers over http", () => {
  it("sends signed-out pages with a fresh nonce on every script, and they hydrate without a violation", async () => {
    for (const path of ["/", "/signin", "/signin?callbackUrl=%2F", "/signin/error?reason=server_error", "/no-such-page"]) {
      await visit(owner.page, path);
    }
  });

  it("signs in through LiveChat (the sign-in leaves for the accounts origin and comes back) without a violation", async () => {
    await new SignInPage(owner.page, stack.emulator.url).signInAs("Olivia Owner");
    orgId = new AppShell(owner.page).orgId();
    expect(violations.splice(0)).toEqual([]);
  });

  it("sends every organization page with the headers, and each hydrates without a violation", async () => {
    const paths = [...orgPagePaths(orgId), `/orgs/${encodeURIComponent(orgId)}/no-such-section`];
    for (const path of paths) await visit(owner.page, path);
    // A navigation inside the app (no page load) works: the router is running.
    await visit(owner.page, `/orgs/${encodeURIComponent(orgId)}`);
    await new AppShell(owner.page).openSection("Activity");
    await expect(owner.page.getByRole("heading", { level: 1, name: "Activity" })).toBeVisible();
    expect(violations.splice(0)).toEqual([]);
  });

  it("shows an https bot avatar, fetched without a Referer, within img-src", async () => {
    const bots = new BotsPage(owner.page);
    await bots.goto(orgId);
    await bots.grantAccessPanel().getByRole("button", { name: "Grant bot management access" }).click();
    const livechat = new SignInPage(owner.page, stack.emulator.url).livechat;
    await livechat.waitUntilShown();
    await livechat.continueAs("Olivia Owner");
    await owner.page.waitForURL(/\/bots$/);
    await bots.createButton().click();
    const dialog = bots.dialog("Create a bot");
    await bots.fill(dialog, { name: "Order Helper", avatarUrl: AVATAR_URL });
    await dialog.getByRole("button", { name: "Create bot" }).click();
    await expect(bots.bot("Order Helper")).toBeVisible();

    await visit(owner.page, `/orgs/${encodeURIComponent(orgId)}/bots`);
    const avatar = bots.bot("Order Helper").locator("img");
    await expect(avatar).toBeVisible();
    expect(await avatar.evaluate((img: HTMLImageElement) => ({ src: img.src, referrerPolicy: img.referrerPolicy, loaded: img.naturalWidth > 0 }))).toEqual({
      src: AVATAR_URL,
      referrerPolicy: "no-referrer",
      loaded: true,
    });
    expect(avatarRequests.length).toBeGreaterThan(0);
    expect(avatarRequests.filter((headers) => headers.referer !== undefined)).toEqual([]);
    expect(violations.splice(0)).toEqual([]);
  });

  it("never repeats a nonce, and ignores a CSP header the client sends", async () => {
    expect(new Set(nonces).size).toBe(nonces.length);
    const responses = await Promise.all(
      [1, 2, 3].map(() => fetch(`${stack.app.url}/signin`, { headers: { "content-security-policy": "script-src 'nonce-chosenByTheClient'" } })),
    );
    const sent = responses.map((response) => nonceOf(response.headers.get("content-security-policy") ?? ""));
    expect(new Set(sent).size).toBe(3);
    const html = await responses[0]!.text();
    expect(html).toContain(`nonce="${sent[0]}"`);
    expect(html).not.toContain("chosenByTheClient");
  });

  it("sends Permissions-Policy but no page CSP or HSTS on API responses", async () => {
    const response = await fetch(`${stack.app.url}/api/health`);
    expect(response.headers.get("permissions-policy")).toContain("camera=()");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("security headers when NEXTAUTH_URL is https", () => {
  let https: AppServer | undefined;
  afterAll(async () => {
    await https?.stop();
  });

  it("adds HSTS and upgrade-insecure-requests", async () => {
    https = await startAppServer({
      port: await freePort(),
      databaseUrl: stack.database.url,
      livechatUrl: stack.emulator.url,
      clientId: stack.app.env.LIVECHAT_CLIENT_ID!,
      clientSecret: stack.app.env.LIVECHAT_CLIENT_SECRET!,
      env: { NEXTAUTH_URL: "https://botdesk.example.test" },
    });
    const response = await fetch(`${https.url}/signin`);
    expect(response.status).toBe(200);
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    const policy = directives(response.headers.get("content-security-policy") ?? "");
    expect(policy).toHaveProperty("upgrade-insecure-requests");
    expect(policy["frame-ancestors"]).toBe("'none'");
  });
});
