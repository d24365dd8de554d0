// A backup of the embedded database, taken with `npm run db:backup` while the worker writes, is
// restored into a fresh place and the product works from it: with the same TOKEN_ENCRYPTION_KEYS
// the stored LiveChat tokens and bot secrets open, a worker on the restored database answers a
// customer; with other keys nothing can be read (README, "Backups").
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../../lib/db";
import { DbCredentialSource } from "../../../worker/credential-source";
import { Worker } from "../../../worker/worker";
import { CLIENT_ID, CLIENT_SECRET, createWorld, quietLogger, repliesTo, startBotChat, testSettings, waitFor, type World } from "../worker/world";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../../..");

describe("backing up and restoring the SQLite database", () => {
  let world: World;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "botdesk-backup-"));
  beforeAll(async () => {
    world = await createWorld({ provider: "sqlite" });
  });
  afterAll(async () => {
    await world?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("copies a live database that a fresh installation runs from, with the same keys only", async () => {
    const org = world.orgs[0]!;
    const live = await world.startWorker();
    const first = await startBotChat(world, org, "refund before the backup");
    await waitFor("the reply before the backup", () => repliesTo(world.emulator, first.chatId, `${first.threadId}_1`).length === 1);

    const backup = path.join(dir, "backup.db");
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/db-backup.ts", backup], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: world.database.url },
    });
    expect(stdout).toContain("Keep TOKEN_ENCRYPTION_KEYS with it");
    expect(fs.statSync(backup).mode & 0o777).toBe(0o600);
    await live.stop();

    // A fresh place: the backup copied to where the new installation's DATABASE_URL points.
    const restoredPath = path.join(dir, "restored", "app.db");
    fs.mkdirSync(path.dirname(restoredPath), { recursive: true });
    fs.copyFileSync(backup, restoredPath);
    const restored = openDb({ url: `file:${restoredPath}` });
    try {
      expect(await restored.db.rule.count({ where: { orgId: org.orgId } })).toBeGreaterThan(0);
      const accounts = { accountsUrl: world.emulator.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
      const otherKeys = new DbCredentialSource({ db: restored.db, keyring: [{ id: "t1", key: crypto.randomBytes(32) }], accounts });
      await expect(otherKeys.getAccessToken(org.orgId, { minValidityMs: 0 })).rejects.toThrow();

      const settings = testSettings(world.emulator, world.keyring);
      const worker = new Worker({
        db: restored.db,
        provider: "sqlite",
        databaseUrl: `file:${restoredPath}`,
        settings,
        credentials: new DbCredentialSource({ db: restored.db, keyring: world.keyring, accounts }),
        log: quietLogger(),
        serveHealth: false,
      });
      await worker.start();
      try {
        const second = await startBotChat(world, org, "refund after the restore");
        await waitFor("the reply from the restored installation", () => repliesTo(world.emulator, second.chatId, `${second.threadId}_1`).length === 1, 15_000);
        expect(await restored.db.activity.count({ where: { chatId: second.chatId, outcome: "replied" } })).toBe(1);
      } finally {
        await worker.stop();
      }
    } finally {
      await restored.db.$disconnect();
    }
  });
});
