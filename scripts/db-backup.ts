// `npm run db:backup -- <file>`: a consistent copy of the embedded SQLite database while the
// dashboard and the worker keep running (SQLite's online backup, WAL included), written with mode
// 0600. For PostgreSQL use pg_dump (README, "Backups"). Restore by stopping every process and
// copying the file back to the path DATABASE_URL names; keep TOKEN_ENCRYPTION_KEYS with it, without
// them the stored LiveChat tokens and bot secrets cannot be read.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseProvider, readDatabaseUrl, sqliteFilePath } from "../lib/env";

export async function backupSqlite(databaseUrl: string, target: string): Promise<void> {
  if (databaseProvider(databaseUrl) !== "sqlite") throw new Error("db:backup copies the embedded SQLite database; for PostgreSQL use pg_dump.");
  const source = sqliteFilePath(databaseUrl);
  if (!fs.existsSync(source)) throw new Error(`No database at ${source}.`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const database = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await database.backup(target);
  } finally {
    database.close();
  }
  fs.chmodSync(target, 0o600);
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const target = process.argv[2];
  if (!target) {
    console.error("Usage: npm run db:backup -- <backup file>");
    process.exit(2);
  }
  backupSqlite(readDatabaseUrl(), target).then(
    () => console.log(`Backed up to ${target}. Keep TOKEN_ENCRYPTION_KEYS with it: without them the stored tokens cannot be read.`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
