// Reads never need SQLite's write lock (finding 3 of the security review): with another connection
// holding it, reads answer at once; a member's activity is written at most every 5 minutes, after
// the response, and a write that cannot get the lock fails on its own without failing the read.
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", async () => (await import("../../helpers/tenant-isolation/next-headers")).nextHeaders);

import * as activityRoute from "@/app/api/orgs/[orgId]/activity/route";
import * as botsRoute from "@/app/api/orgs/[orgId]/bots/route";
import * as teamRoute from "@/app/api/orgs/[orgId]/team/route";
import { backgroundWorkIdle } from "../../../lib/auth/after-response";
import { sqliteFilePath } from "../../../lib/env";
import { DEMO_ACCOUNTS, type Emulator } from "../../emulator";
import { startAuthWorld, startEmulatorForAuth, type AuthWorld, type Member } from "./world";

const MINUTE = 60_000;
let emulator: Emulator;
let world: AuthWorld;
let owner: Member;
let lock: Database.Database | undefined;

beforeAll(async () => {
  emulator = await startEmulatorForAuth();
  world = await startAuthWorld("sqlite", emulator);
  owner = await world.signIn(DEMO_ACCOUNTS.owner.email, { botManagement: true });
});
afterAll(async () => {
  await world?.close();
  await emulator?.close();
});
afterEach(async () => {
  if (lock?.inTransaction) lock.exec("ROLLBACK");
  lock?.close();
  lock = undefined;
  await backgroundWorkIdle();
});

/** Another process's writer: holds SQLite's write lock until released. */
function holdWriteLock(): Database.Database {
  lock = new Database(sqliteFilePath(world.database.url));
  lock.exec("BEGIN IMMEDIATE");
  lock.prepare(`UPDATE "Organization" SET "name" = "name" WHERE "id" = ?`).run(owner.orgId);
  return lock;
}

const lastActiveAt = async () =>
  (await world.database.db.membership.findFirstOrThrow({ where: { orgId: owner.orgId, userId: owner.userId } })).lastActiveAt.getTime();
const activeMinutesAgo = (minutes: number) =>
  world.database.db.membership.updateMany({ where: { orgId: owner.orgId, userId: owner.userId }, data: { lastActiveAt: new Date(Date.now() - minutes * MINUTE) } });

describe("reads on SQLite", () => {
  it("answer at once while another connection holds the write lock", async () => {
    await activeMinutesAgo(1);
    holdWriteLock();
    const started = Date.now();
    for (const handler of [teamRoute.GET, botsRoute.GET, activityRoute.GET]) {
      const answer = await world.call(handler, "GET", owner);
      expect(answer.status).toBe(200);
    }
    // The database's busy timeout is 5 s: nothing above waited for the lock.
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("record activity at most every 5 minutes, after the response", async () => {
    await activeMinutesAgo(4);
    const before = await lastActiveAt();
    await world.call(teamRoute.GET, "GET", owner);
    await backgroundWorkIdle();
    expect(await lastActiveAt()).toBe(before);

    await activeMinutesAgo(6);
    await world.call(teamRoute.GET, "GET", owner);
    await backgroundWorkIdle();
    expect(Date.now() - (await lastActiveAt())).toBeLessThan(MINUTE);
  });

  it("still answer when the activity write cannot get the lock; the write fails on its own", async () => {
    await activeMinutesAgo(6);
    const before = await lastActiveAt();
    holdWriteLock();
    // Outside Next.js the write starts beside the handler instead of after the response, and the
    // embedded driver waits for the lock synchronously: this read may take the busy timeout (5 s),
    // but it answers, and nothing is written.
    const answer = await world.call(teamRoute.GET, "GET", owner);
    expect(answer.status).toBe(200);
    await backgroundWorkIdle();
    expect(await lastActiveAt()).toBe(before);
  });
});
