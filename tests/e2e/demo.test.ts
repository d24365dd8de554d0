// `npm run demo` as a new user runs it: one command brings up the emulator, the dashboard (a
// production build) and the worker; the emulator's sign-in page lists the demo people; the owner
// creates a bot and a rule; a worker that dies is started again while the dashboard stays up;
// Ctrl-C stops all three; a second `npm run demo` finds everything as it was left, and the bot
// answers a customer. Prints the time to "running" and each page's first load. Runs on its own
// ports and database so it never touches a real .env.local.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from "../emulator/demo-seed";
import { launchBrowser } from "./harness/browser";
import "./harness/matchers";
import { AppShell } from "./harness/pages/app-shell";
import { BotsPage } from "./harness/pages/bots-page";
import { RulesPage } from "./harness/pages/rules-page";
import { SignInPage } from "./harness/pages/sign-in-page";
import { freePort } from "./harness/ports";

const root = path.resolve(import.meta.dirname, "../..");

async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const answers = (url: string) =>
  fetch(url).then(
    (response) => response.status < 500,
    () => false,
  );

interface RunningDemo {
  process: ChildProcess;
  output: () => string;
  /** From the command to "Botdesk is running". */
  startupMs: number;
}

describe("npm run demo", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "botdesk-demo-"));
  const ports = { web: 0, emulator: 0, worker: 0 };
  const env: Record<string, string> = {};
  let demo: RunningDemo | null = null;
  let browser: Browser;
  let owner: { context: BrowserContext; page: Page };
  let orgId = "";

  async function startDemo(): Promise<RunningDemo> {
    const startedAt = Date.now();
    const child = spawn(
      "npm",
      ["run", "demo", "--", "--port", String(ports.web), "--emulator-port", String(ports.emulator), "--worker-port", String(ports.worker), "--no-env-file"],
      { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(
      "the demo to say it is running",
      () => {
        if (child.exitCode !== null) throw new Error(`The demo exited early:\n${output}`);
        return output.includes("Botdesk is running");
      },
      300_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${output}`);
    });
    return { process: child, output: () => output, startupMs: Date.now() - startedAt };
  }

  /** Ctrl-C in a terminal signals the whole foreground process group. */
  async function stopDemo(running: RunningDemo): Promise<void> {
    process.kill(-running.process.pid!, "SIGINT");
    for (const port of Object.values(ports)) {
      await waitFor(`port ${port} to close after Ctrl-C`, async () => !(await answers(`http://localhost:${port}/`)), 20_000).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${running.output()}`);
      });
    }
    await waitFor("the demo to exit", () => running.process.exitCode !== null || running.process.signalCode !== null, 10_000);
  }

  beforeAll(async () => {
    ports.web = await freePort();
    ports.emulator = await freePort();
    ports.worker = await freePort();
    const emulatorUrl = `http://localhost:${ports.emulator}`;
    Object.assign(env, {
      DATABASE_URL: `file:${path.join(dir, "demo.db")}`,
      NEXTAUTH_URL: `http://localhost:${ports.web}`,
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
      LIVECHAT_CLIENT_ID: DEMO_CLIENT_ID,
      LIVECHAT_CLIENT_SECRET: DEMO_CLIENT_SECRET,
      LIVECHAT_ACCOUNTS_URL: emulatorUrl,
      LIVECHAT_API_URL: emulatorUrl,
      TOKEN_ENCRYPTION_KEYS: `k1:${crypto.randomBytes(32).toString("base64")}`,
    });
    demo = await startDemo();
    console.log(`demo: "running" after ${(demo.startupMs / 1000).toFixed(1)} s`);
    browser = await launchBrowser();
  }, 320_000);

  afterAll(async () => {
    await browser?.close();
    const child = demo?.process;
    if (child && child.exitCode === null && child.signalCode === null && child.pid) {
      // A failed test leaves the demo running: stop it the polite way first, so it stops its children.
      const exited = new Promise((resolve) => child.once("exit", resolve));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, "SIGKILL");
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("says how to sign in and where the customer page is", () => {
    const output = demo!.output();
    expect(output).toContain(`http://localhost:${ports.web}`);
    expect(output).toContain(`http://localhost:${ports.emulator}/customer`);
    expect(output).toContain(DEMO_ACCOUNTS.owner.email);
  });

  it("lists the demo accounts on the emulator's sign-in page", async () => {
    const page = await browser.newPage();
    const authorize = new URL(`http://localhost:${ports.emulator}/`);
    authorize.search = new URLSearchParams({
      response_type: "code",
      client_id: DEMO_CLIENT_ID,
      redirect_uri: `http://localhost:${ports.web}/api/auth/callback`,
      state: "demo-check",
    }).toString();
    await page.goto(authorize.toString());
    for (const account of Object.values(DEMO_ACCOUNTS)) {
      await expect(page.getByText(account.email).first().isVisible()).resolves.toBe(true);
    }
    await page.close();
  });

  it("signs the owner in, and every page answers at once on its first visit", async () => {
    const context = await browser.newContext({ baseURL: `http://localhost:${ports.web}` });
    const page = await context.newPage();
    owner = { context, page };
    await new SignInPage(page, `http://localhost:${ports.emulator}`).signInAs("Olivia Owner");
    await expect(page.getByRole("heading", { level: 1, name: "Acme Support" }).isVisible()).resolves.toBe(true);
    orgId = new AppShell(page).orgId();
    const times: string[] = [];
    for (const section of ["bots", "rules", "activity", "audit", "team", "worker", ""]) {
      const startedAt = Date.now();
      const response = await page.goto(`/orgs/${encodeURIComponent(orgId)}/${section}`);
      await page.waitForLoadState("load");
      expect(response?.status()).toBe(200);
      times.push(`/${section || "(overview)"} ${Date.now() - startedAt} ms`);
    }
    console.log(`demo: first page loads: ${times.join(", ")}`);
  });

  it("lets the owner create a bot with a rule that accepts chats", async () => {
    const { page } = owner;
    const bots = new BotsPage(page);
    await bots.goto(orgId);
    await bots.grantAccessPanel().getByRole("button", { name: "Grant bot management access" }).click();
    const livechat = new SignInPage(page, `http://localhost:${ports.emulator}`).livechat;
    await livechat.waitUntilShown();
    await livechat.continueAs("Olivia Owner");
    await page.waitForURL(/\/bots$/);
    await bots.createButton().click();
    const dialog = bots.dialog("Create a bot");
    await bots.fill(dialog, { name: "Demo Helper", groups: { General: "first" } });
    await dialog.getByRole("button", { name: "Create bot" }).click();
    await expect(dialog).toHaveCount(0);
    await bots.routingControl("Demo Helper").getByRole("button", { name: "Accepting chats" }).click();
    // Applied by the dashboard at once, or by the worker once it is connected with the new grant.
    await expect.poll(() => bots.bot("Demo Helper").innerText(), { timeout: 20_000 }).toContain("In LiveChat now: Accepting chats");

    await page.goto(`/orgs/${encodeURIComponent(orgId)}/rules`);
    await page.getByRole("button", { name: "Create the first rule" }).click();
    await new RulesPage(page).fillRule({ name: "Refunds", trigger: "Contains any of", keywords: "refund", reply: "Refunds take 5 days." });
  });

  it("starts the worker again when it dies, and keeps the dashboard up meanwhile", async () => {
    const health = await fetch(`http://localhost:${ports.worker}/healthz`);
    const { workerId } = (await health.json()) as { workerId: string };
    // The worker's id is host-pid-random unless WORKER_ID is set.
    const pid = Number(/-(\d+)-[0-9a-f]{6}$/.exec(workerId)?.[1]);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, "SIGKILL");
    await waitFor("the demo to say the worker stopped", () => /\[worker\]\s+stopped \(SIGKILL\); starting it again/.test(demo!.output()), 10_000).catch(
      (error: unknown) => {
        throw new Error(`${String(error)} (killed ${pid} of ${workerId})\n${demo!.output().slice(-3000)}`);
      },
    );
    expect(await answers(`http://localhost:${ports.web}/api/health`)).toBe(true);
    const restarted = await waitFor(
      "a new worker",
      async () => {
        const response = await fetch(`http://localhost:${ports.worker}/healthz`).catch(() => null);
        const body = response?.ok ? ((await response.json()) as { workerId: string }) : null;
        return body && body.workerId !== workerId ? body : undefined;
      },
      60_000,
    );
    expect(restarted.workerId).not.toBe(workerId);
    expect(demo!.output()).not.toContain("stopping the demo");
  });

  it("stops all three on Ctrl-C", async () => {
    await owner.context.close();
    await stopDemo(demo!);
    expect(demo!.output()).toContain("Stopping the worker, the dashboard and the emulator");
    expect(demo!.output()).not.toContain("stopped unexpectedly");
  }, 60_000);

  it("resumes where it was left: the bot still answers a customer after a restart", async () => {
    demo = await startDemo();
    console.log(`demo: "running" again after ${(demo.startupMs / 1000).toFixed(1)} s`);
    expect(demo.output()).toContain("Resumed where you left off");
    const page = await browser.newPage();
    await page.goto(`http://localhost:${ports.emulator}/customer`);
    await page.getByLabel("Group").selectOption({ label: "General (0)" });
    await page.getByLabel("Your name").fill("Jane Doe");
    await page.getByRole("button", { name: "Start chat" }).click();
    await page.getByLabel("Your message").fill("Can I get a refund?");
    await page.getByRole("button", { name: "Send" }).click();
    const transcript = page.getByRole("log", { name: "Messages" }).or(page.locator("#transcript"));
    await expect(transcript).toContainText("Refunds take 5 days.");
    await page.close();
    await stopDemo(demo);
  }, 360_000);
});
