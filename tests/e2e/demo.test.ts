// `npm run demo` as a new user runs it: one command brings up the emulator, the dashboard and the
// worker; the emulator's sign-in page lists the demo people; the customer page opens; Ctrl-C
// stops all three. Runs on its own ports and database so it never touches a real .env.local.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from "../emulator/demo-seed";
import { launchBrowser } from "./harness/browser";
import { SignInPage } from "./harness/pages/sign-in-page";
import { freePort } from "./harness/ports";

const root = path.resolve(import.meta.dirname, "../..");

async function waitFor(url: string, deadline: number): Promise<Response> {
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return response;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer in time`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe("npm run demo", () => {
  let demo: ChildProcess;
  let output = "";
  let browser: Browser;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "botdesk-demo-"));
  const ports = { web: 0, emulator: 0, worker: 0 };
  let startedAt = 0;

  beforeAll(async () => {
    ports.web = await freePort();
    ports.emulator = await freePort();
    ports.worker = await freePort();
    const emulatorUrl = `http://localhost:${ports.emulator}`;
    startedAt = Date.now();
    demo = spawn(
      "npm",
      ["run", "demo", "--", "--port", String(ports.web), "--emulator-port", String(ports.emulator), "--worker-port", String(ports.worker), "--no-env-file"],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: `file:${path.join(dir, "demo.db")}`,
          NEXTAUTH_URL: `http://localhost:${ports.web}`,
          NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
          LIVECHAT_CLIENT_ID: DEMO_CLIENT_ID,
          LIVECHAT_CLIENT_SECRET: DEMO_CLIENT_SECRET,
          LIVECHAT_ACCOUNTS_URL: emulatorUrl,
          LIVECHAT_API_URL: emulatorUrl,
          TOKEN_ENCRYPTION_KEYS: `k1:${crypto.randomBytes(32).toString("base64")}`,
        },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      },
    );
    demo.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 180_000;
    while (!output.includes("Botdesk is running")) {
      if (demo.exitCode !== null) throw new Error(`The demo exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`The demo did not come up:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    browser = await launchBrowser();
  }, 200_000);

  afterAll(async () => {
    await browser?.close();
    if (demo && demo.exitCode === null && demo.signalCode === null && demo.pid) {
      // A failed test leaves the demo running: stop it the polite way first, so it stops its children.
      const exited = new Promise((resolve) => demo.once("exit", resolve));
      try {
        process.kill(-demo.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      if (demo.exitCode === null && demo.signalCode === null) process.kill(demo.pid, "SIGKILL");
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("serves the dashboard within two minutes and says how to sign in", async () => {
    expect(Date.now() - startedAt).toBeLessThan(120_000);
    const response = await waitFor(`http://localhost:${ports.web}/`, Date.now() + 60_000);
    expect(response.status).toBe(200);
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

  it("signs the demo owner in from the dashboard through the emulator's sign-in page", async () => {
    const context = await browser.newContext({ baseURL: `http://localhost:${ports.web}` });
    const page = await context.newPage();
    await new SignInPage(page, `http://localhost:${ports.emulator}`).signInAs("Olivia Owner");
    await expect(page.getByRole("heading", { level: 1, name: "Acme Support" }).isVisible()).resolves.toBe(true);
    await context.close();
  });

  it("opens the customer page", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`http://localhost:${ports.emulator}/customer`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("button", { name: /start/i }).first().isVisible()).resolves.toBe(true);
    await page.close();
  });

  it("runs the worker", async () => {
    const response = await fetch(`http://localhost:${ports.worker}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("stops all three on Ctrl-C", async () => {
    // Ctrl-C in a terminal signals the whole foreground process group.
    process.kill(-demo.pid!, "SIGINT");
    const deadline = Date.now() + 20_000;
    const isListening = async (port: number) =>
      fetch(`http://localhost:${port}/`).then(
        () => true,
        () => false,
      );
    for (const port of Object.values(ports)) {
      while (await isListening(port)) {
        if (Date.now() > deadline) throw new Error(`Port ${port} still answers after Ctrl-C:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    expect(output).toContain("Stopping the worker, the dashboard and the emulator");
    expect(output).not.toContain("stopped unexpectedly");
  }, 30_000);
});
