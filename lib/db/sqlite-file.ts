// The SQLite file holds sealed tokens, bot secrets and customer messages: only its owner may read
// it. better-sqlite3 would create it with 0666 minus the umask (usually world-readable 0644), so we
// create it first; SQLite gives the -wal, -shm and -journal files it creates the database file's mode.
import fs from "node:fs";
import path from "node:path";
import { createLogger } from "../log";

const OWNER_ONLY = 0o600;
/** Read, write or execute for "other" users. */
const WORLD_BITS = 0o007;

/** The database file and the files SQLite keeps beside it. */
export function sqliteFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/**
 * Before SQLite opens `file`: creates its folder and the file itself with mode 0600 when missing,
 * and takes world access away (chmod 0600) from an existing database file and its companions.
 * Group access an operator gave on purpose (0640, 0660) is left alone.
 *
 * (`turbopackIgnore`: the path comes from DATABASE_URL at run time; traced, it would pull the whole
 * project into the dashboard build's output.)
 */
export function prepareSqliteFile(file: string): void {
  fs.mkdirSync(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true });
  try {
    // O_EXCL: never truncate or re-mode a database another process created in the meantime.
    fs.closeSync(fs.openSync(/*turbopackIgnore: true*/ file, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, OWNER_ONLY));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  for (const candidate of sqliteFiles(file)) {
    const stat = fs.statSync(/*turbopackIgnore: true*/ candidate, { throwIfNoEntry: false });
    if (!stat || (stat.mode & WORLD_BITS) === 0) continue;
    try {
      fs.chmodSync(/*turbopackIgnore: true*/ candidate, OWNER_ONLY);
    } catch (error) {
      // Owned by another user: only its owner can fix it; the database still opens.
      if ((error as NodeJS.ErrnoException).code !== "EPERM") throw error;
      createLogger({ file: candidate }).warn("the SQLite file is world-readable and not ours to chmod: run `chmod 600` on it");
    }
  }
}
