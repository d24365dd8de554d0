// Prisma CLI configuration. The schema and migration set follow DATABASE_URL: a `file:` URL
// uses prisma/sqlite, a `postgres(ql)://` URL uses prisma/postgresql. Migrations run through
// driver adapters so no native engine is needed.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseProvider, readDatabaseUrl, sqliteFilePath } from "./lib/env";

const url = readDatabaseUrl();
const provider = databaseProvider(url);

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join("prisma", provider, "schema.prisma"),
  migrations: { path: path.join("prisma", provider, "migrations") },
  async adapter() {
    if (provider === "postgresql") {
      const { PrismaPg } = await import("adapter-pg-migrate");
      // Idle pooled connections must not keep the CLI alive for pg's 10 s idle timeout.
      return new PrismaPg({ connectionString: url, allowExitOnIdle: true, idleTimeoutMillis: 1 });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: sqliteFilePath(url) });
  },
});
