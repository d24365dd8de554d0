// Real databases for integration tests: a fresh SQLite file, or a fresh PostgreSQL database
// on the local server (created per test file and dropped afterwards). PostgreSQL tests never
// skip: when no server answers they fail with the command that starts one.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDb, type Db } from "../../lib/db";
import { migrateDatabase } from "../../scripts/db-migrate";

export type TestProvider = "sqlite" | "postgresql";

/** The server tests use; override with TEST_POSTGRES_URL (a database the user may CREATE DATABASE from). */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  provider: TestProvider;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL} (${(error as Error).message}). ` +
        "Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start " +
        "(or point TEST_POSTGRES_URL at a server where this user may create databases).",
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** An empty database of the given kind, with no migrations applied. */
export async function createEmptyDatabase(provider: TestProvider): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `botdesk_test_${crypto.randomBytes(6).toString("hex")}`;
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "botdesk-test-"));
    return {
      url: `file:${path.join(dir, `${name}.db`)}`,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Content hash of a migration set: a template is rebuilt whenever a migration changes. */
function migrationsHash(provider: TestProvider): string {
  const dir = path.resolve(import.meta.dirname, "../../prisma", provider, "migrations");
  const hash = crypto.createHash("sha256");
  for (const entry of fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const file = path.join(dir, entry);
    if (fs.statSync(file).isFile()) hash.update(entry).update(fs.readFileSync(file));
  }
  return hash.digest("hex").slice(0, 12);
}

/**
 * Migrating takes seconds (the PostgreSQL migrate engine idles 10 s before its CLI exits), so
 * each provider is migrated once into a template that test databases are copied from.
 */
async function templateFor(provider: TestProvider): Promise<string> {
  const name = `botdesk_template_${migrationsHash(provider)}`;
  if (provider === "sqlite") {
    const file = path.join(os.tmpdir(), `${name}.db`);
    if (!fs.existsSync(file)) {
      const building = `${file}.${process.pid}.tmp`;
      migrateDatabase(`file:${building}`, { quiet: true });
      fs.renameSync(building, file);
    }
    return file;
  }
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await adminQuery("SELECT 1"); // fails with instructions when the server is down
  await client.connect();
  try {
    // One builder at a time across parallel test processes.
    await client.query("SELECT pg_advisory_lock(hashtext('botdesk_test_template'))");
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_building`;
      await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${building}`);
      const url = new URL(POSTGRES_ADMIN_URL);
      url.pathname = `/${building}`;
      migrateDatabase(url.toString(), { quiet: true });
      await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    }
  } finally {
    await client.end();
  }
  return name;
}

/** A migrated database (a copy of the provider's template) and a client for it. */
export async function createTestDatabase(provider: TestProvider): Promise<TestDatabase> {
  const template = await templateFor(provider);
  const name = `botdesk_test_${crypto.randomBytes(6).toString("hex")}`;
  let url: string;
  let dropStorage: () => Promise<void>;
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "botdesk-test-"));
    fs.copyFileSync(template, path.join(dir, `${name}.db`));
    url = `file:${path.join(dir, `${name}.db`)}`;
    dropStorage = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    const parsed = new URL(POSTGRES_ADMIN_URL);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    dropStorage = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const { db } = openDb({ url });
  return {
    provider,
    url,
    db,
    async drop() {
      await db.$disconnect();
      await dropStorage();
    },
  };
}
