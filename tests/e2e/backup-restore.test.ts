// README "Backups", as an operator would do it: the owner sets Botdesk up (grant, a bot); the SQLite
// database is backed up with `npm run db:backup` while the dashboard runs; the dashboard is replaced
// by a fresh one reading the restored copy with the same TOKEN_ENCRYPTION_KEYS; the owner signs in
// and finds the bot and the bot-management grant as they were.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "./harness/app-server";
import { ROOT } from "./harness/build";
import "./harness/matchers";
import { AppShell } from "./harness/pages/app-shell";
import { BotsPage } from "./harness/pages/bots-page";
import { SignInPage } from "./harness/pages/sign-in-page";
import { startStack, type Stack } from "./harness/stack";

const run = promisify(execFile);

let stack: Stack;
let restoredApp: AppServer | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "botdesk-restore-"));

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await restoredApp?.stop();
  await stack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("restoring a backup", () => {
  it("brings back a working dashboard the owner signs in to", async () => {
    const owner = await stack.newSession();
    await new SignInPage(owner.page, stack.emulator.url).signInAs("Olivia Owner");
    const orgId = new AppShell(owner.page).orgId();
    const bots = new BotsPage(owner.page);
    await bots.goto(orgId);
    await bots.grantAccessPanel().getByRole("button", { name: "Grant bot management access" }).click();
    const livechat = new SignInPage(owner.page, stack.emulator.url).livechat;
    await livechat.waitUntilShown();
    await livechat.continueAs("Olivia Owner");
    await owner.page.waitForURL(/\/bots$/);
    await bots.createButton().click();
    const dialog = bots.dialog("Create a bot");
    await bots.fill(dialog, { name: "Restore Helper", groups: { General: "first" } });
    await dialog.getByRole("button", { name: "Create bot" }).click();
    await expect(dialog).toHaveCount(0);
    await owner.close();

    const backup = path.join(dir, "backup.db");
    await run(process.execPath, ["--import", "tsx", "scripts/db-backup.ts", backup], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `file:${stack.databaseFile}` },
    });
    await stack.app.stop();

    // A fresh installation: the backup copied to its own database path, the same keys and secrets.
    const restored = path.join(dir, "fresh", "app.db");
    fs.mkdirSync(path.dirname(restored), { recursive: true });
    fs.copyFileSync(backup, restored);
    const { DATABASE_URL: _old, ...sameKeys } = stack.app.env;
    restoredApp = await startAppServer({
      port: Number(new URL(stack.app.url).port),
      databaseUrl: `file:${restored}`,
      livechatUrl: stack.emulator.url,
      clientId: stack.app.env.LIVECHAT_CLIENT_ID!,
      clientSecret: stack.app.env.LIVECHAT_CLIENT_SECRET!,
      env: sameKeys,
    });

    const again = await stack.newSession();
    await new SignInPage(again.page, stack.emulator.url).signInAs("Olivia Owner");
    const restoredBots = new BotsPage(again.page);
    await restoredBots.goto(orgId);
    await expect(restoredBots.bot("Restore Helper")).toBeVisible();
    // The stored LiveChat authorization opened with the same keys: no new grant is asked for.
    await expect(restoredBots.grantAccessPanel()).toHaveCount(0);
    await expect(restoredBots.bot("Restore Helper")).toContainText("In LiveChat now");
    await again.close();
  });
});
