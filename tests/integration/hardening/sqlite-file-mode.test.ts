// The SQLite database (sealed tokens, bot secrets, customer messages) is readable by its owner
// only: created 0600 by the migration and by openDb under the usual umask 022, its WAL files
// likewise, and an existing world-readable database is tightened when it is opened.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../../lib/db";
import { sqliteFiles } from "../../../lib/db/sqlite-file";
import { migrateDatabase } from "../../../scripts/db-migrate";

let previousUmask: number;
let dir: string;
const opened: Db[] = [];

beforeAll(() => {
  // What a default shell gives: files SQLite creates itself would be 0644.
  previousUmask = process.umask(0o022);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "botdesk-file-mode-"));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.$disconnect()));
});
afterAll(() => {
  process.umask(previousUmask);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Mode bits of each file that exists, by name (`app.db`, `app.db-wal`, …). */
function modes(file: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const candidate of sqliteFiles(file)) {
    const stat = fs.statSync(candidate, { throwIfNoEntry: false });
    if (stat) result[path.basename(candidate)] = (stat.mode & 0o777).toString(8);
  }
  return result;
}

/** Opens with openDb and writes a row, so SQLite has its -wal and -shm files open. */
async function openAndWrite(file: string): Promise<void> {
  const { db } = openDb({ url: `file:${file}` });
  opened.push(db);
  const name = path.basename(file);
  await db.user.create({ data: { accountId: `account-${name}`, email: `${name}@example.com`, name: "File Mode" } });
}

describe("SQLite file mode", () => {
  it("migrating a new database creates it, and SQLite its WAL files, owner-only", async () => {
    const file = path.join(dir, "nested", "migrated.db");
    migrateDatabase(`file:${file}`, { quiet: true });
    expect(modes(file)).toMatchObject({ "migrated.db": "600" });
    await openAndWrite(file);
    expect(modes(file)).toEqual({ "migrated.db": "600", "migrated.db-wal": "600", "migrated.db-shm": "600" });
  });

  it("openDb creates a missing database file 0600 before SQLite opens it", async () => {
    const file = path.join(dir, "fresh", "opened.db");
    const { db } = openDb({ url: `file:${file}` });
    opened.push(db);
    expect(modes(file)).toEqual({ "opened.db": "600" });
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$executeRawUnsafe("CREATE TABLE t (x INTEGER)");
    await db.$executeRawUnsafe("INSERT INTO t VALUES (1)");
    expect(modes(file)).toEqual({ "opened.db": "600", "opened.db-wal": "600", "opened.db-shm": "600" });
  });

  it("tightens an existing world-readable database and its WAL files when opened, keeping its data", async () => {
    const file = path.join(dir, "legacy.db");
    migrateDatabase(`file:${file}`, { quiet: true });
    await openAndWrite(file);
    await Promise.all(opened.splice(0).map((db) => db.$disconnect()));
    // As an older Botdesk left it: 0644 database, WAL files world-readable too.
    fs.writeFileSync(`${file}-wal`, "", { flag: "a" });
    fs.writeFileSync(`${file}-shm`, "", { flag: "a" });
    for (const candidate of [file, `${file}-wal`, `${file}-shm`]) fs.chmodSync(candidate, 0o644);
    expect(modes(file)).toEqual({ "legacy.db": "644", "legacy.db-wal": "644", "legacy.db-shm": "644" });

    const { db } = openDb({ url: `file:${file}` });
    opened.push(db);
    expect(modes(file)).toEqual({ "legacy.db": "600", "legacy.db-wal": "600", "legacy.db-shm": "600" });
    expect(await db.user.count()).toBe(1);
  });

  it("leaves group access an operator chose alone and only removes world access", async () => {
    const file = path.join(dir, "shared.db");
    migrateDatabase(`file:${file}`, { quiet: true });
    fs.chmodSync(file, 0o640);
    opened.push(openDb({ url: `file:${file}` }).db);
    expect(modes(file)).toMatchObject({ "shared.db": "640" });
    fs.chmodSync(file, 0o664);
    opened.push(openDb({ url: `file:${file}` }).db);
    expect(modes(file)).toMatchObject({ "shared.db": "600" });
  });
});
