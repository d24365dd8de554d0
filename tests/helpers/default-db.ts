// Makes a test database the process-wide one that `getDb()` returns, as the app code under test
// calls `getDb()` itself (lib/db keeps the client on globalThis).
import type { TestDatabase } from "./database";

export function useAsDefaultDb(database: TestDatabase): void {
  (globalThis as unknown as { __botdeskDb?: unknown }).__botdeskDb = {
    db: database.db,
    provider: database.provider,
    url: database.url,
  };
}
