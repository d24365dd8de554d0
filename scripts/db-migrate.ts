// `npm run db:migrate`: applies the committed migration set that matches DATABASE_URL
// (prisma/sqlite or prisma/postgresql) through Prisma's driver-adapter migrate engine.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { createRequire } from "node:module";
import Database from "better-sqlite3";
import { prepareSqliteFile } from "../lib/db/sqlite-file";
import { databaseProvider, readDatabaseUrl, sqliteFilePath } from "../lib/env";

const require = createRequire(import.meta.url);

export function migrateDatabase(url: string, options: { quiet?: boolean } = {}): void {
  if (databaseProvider(url) === "sqlite") {
    const file = sqliteFilePath(url);
    // Owner-only (0600) before SQLite creates it world-readable; the WAL files inherit its mode.
    prepareSqliteFile(file);
    // WAL lets the dashboard read while the worker writes (two processes, one file).
    const sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.close();
  }
  const prismaCli = require.resolve("prisma/build/index.js");
  execFileSync(process.execPath, [prismaCli, "migrate", "deploy"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: options.quiet ? "pipe" : "inherit",
  });
}

/** After migrating: lint findings for bots saved before they were stored with the rules. */
export async function backfillAfterMigrate(url: string): Promise<void> {
  const { openDb } = await import("../lib/db");
  const { backfillRuleWarnings } = await import("../lib/rules-service/manage-rules");
  const { db } = openDb({ url });
  try {
    await backfillRuleWarnings(db);
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  try {
    const url = readDatabaseUrl();
    migrateDatabase(url);
    await backfillAfterMigrate(url);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
