// The one database module, shared by web and worker. The driver adapter follows DATABASE_URL:
// embedded SQLite (better-sqlite3) or PostgreSQL (pg). Both generated clients come from schemas
// with identical models, so the SQLite client's type describes either.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseProvider, readDatabaseUrl, sqliteFilePath, type DatabaseProvider } from "../env";
import { PrismaClient as PostgresClient } from "../generated/postgresql/client";
import { Prisma, PrismaClient as SqliteClient } from "../generated/sqlite/client";
import { prepareSqliteFile } from "./sqlite-file";

/** Secret columns are left out of every query unless a caller asks for them by name. */
const omit = {
  credential: { accessTokenEnc: true, refreshTokenEnc: true },
  bot: { secretEnc: true },
} as const;

export type Db = SqliteClient<never, typeof omit>;
export { Prisma };

export interface OpenDbOptions {
  url?: string;
}

const providers = new WeakMap<object, DatabaseProvider>();

export function openDb(options: OpenDbOptions = {}): { db: Db; provider: DatabaseProvider; url: string } {
  const url = options.url ?? readDatabaseUrl();
  const provider = databaseProvider(url);
  let db: Db;
  if (provider === "sqlite") {
    const file = sqliteFilePath(url);
    prepareSqliteFile(file);
    db = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: 5000 }), omit });
  } else {
    db = new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }), omit }) as unknown as Db;
  }
  providers.set(db, provider);
  return { db, provider, url };
}

/** Which database a client opened by openDb talks to (PostgreSQL-only features key off it). */
export function providerOf(db: object): DatabaseProvider {
  const provider = providers.get(db);
  if (!provider) throw new Error("providerOf: this client was not opened by openDb");
  return provider;
}

const globalForDb = globalThis as unknown as { __botdeskDb?: ReturnType<typeof openDb> };

/** The process-wide client (kept across Next.js hot reloads in development). */
export function getDb(): Db {
  globalForDb.__botdeskDb ??= openDb();
  return globalForDb.__botdeskDb.db;
}

export function getDbProvider(): DatabaseProvider {
  globalForDb.__botdeskDb ??= openDb();
  return globalForDb.__botdeskDb.provider;
}
