import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../../scripts/db-migrate";
import { createEmptyDatabase, createTestDatabase, type TestProvider } from "../../helpers/database";
import { openDb } from "../../../lib/db";
import { readSchemaModels } from "../../helpers/prisma-schema";

const require = createRequire(import.meta.url);
const prismaCli = require.resolve("prisma/build/index.js");
const root = path.resolve(import.meta.dirname, "../../..");

function prisma(args: string[], url: string): { status: number; output: string } {
  try {
    const output = execFileSync(process.execPath, [prismaCli, ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: "pipe",
      encoding: "utf8",
    });
    return { status: 0, output };
  } catch (error) {
    const failure = error as { status: number; stdout: string; stderr: string };
    return { status: failure.status, output: `${failure.stdout}${failure.stderr}` };
  }
}

describe.each<TestProvider>(["sqlite", "postgresql"])("migrations on %s", (provider) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it("apply cleanly to an empty database, leave nothing pending, and create every column of the schema", async () => {
    const empty = await createEmptyDatabase(provider);
    cleanups.push(empty.drop);

    migrateDatabase(empty.url, { quiet: true });

    const status = prisma(["migrate", "status"], empty.url);
    expect(status.output).toContain("Database schema is up to date");
    expect(status.status).toBe(0);

    // Prisma's own drift check cannot run through a driver adapter, so compare the real tables
    // with the schema's models and scalar fields.
    const { db } = openDb({ url: empty.url });
    try {
      const rows =
        provider === "sqlite"
          ? await db.$queryRawUnsafe<Array<{ table: string; column: string }>>(
              `SELECT m.name AS "table", p.name AS "column" FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'`,
            )
          : await db.$queryRawUnsafe<Array<{ table: string; column: string }>>(
              `SELECT table_name::text AS "table", column_name::text AS "column" FROM information_schema.columns WHERE table_schema = 'public'`,
            );
      for (const [model, { columns }] of readSchemaModels(provider)) {
        const actual = rows.filter((row) => row.table === model).map((row) => row.column).sort();
        expect(actual, `columns of ${model}`).toEqual(columns);
      }
    } finally {
      await db.$disconnect();
    }
  });

  it("is idempotent and yields a working client with strict undefined checks", async () => {
    const database = await createTestDatabase(provider);
    cleanups.push(database.drop);
    migrateDatabase(database.url, { quiet: true }); // a second run finds nothing to apply

    const { db } = database;
    const org = await db.organization.create({ data: { livechatOrganizationId: "org-1", name: "Acme" } });
    await db.bot.create({ data: { orgId: org.id, livechatBotId: "b1", name: "Helper", secretEnc: "k1:ciphertext" } });
    const bot = await db.bot.findFirstOrThrow({ where: { orgId: org.id } });
    expect(bot).not.toHaveProperty("secretEnc");
    // A tenant filter that is accidentally undefined must throw, not match every row.
    await expect(db.bot.findFirst({ where: { orgId: undefined } })).rejects.toThrow(/undefined/);
    // Exactly-once claims: the second claim of one event by one bot loses.
    const claim = { orgId: org.id, botId: bot.id, livechatEventId: "E1", chatId: "C1", workerId: "w", leaseEpoch: 1 };
    await db.handledEvent.create({ data: claim });
    await expect(db.handledEvent.create({ data: claim })).rejects.toMatchObject({ code: "P2002" });
  });
});
