// Rate limits with rate-limiter-flexible. On PostgreSQL the counters live in the `RateLimit` table
// (our migration creates it: `tableCreated: true`), so every dashboard instance shares them; on
// SQLite, where the dashboard is one process, they live in its memory. A key over its limit is
// then refused from memory until its window ends, so a flood costs no database writes.
import pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { databaseProvider, readDatabaseUrl } from "../env";
import { createLogger } from "../log";
import { LIMITS, type LimitName, type LimitRule } from "./limits";

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimits {
  /** Counts `points` against `key` under the named limit. */
  consume(name: LimitName, key: string, points?: number): Promise<LimitDecision>;
  /** Forgets a key (tests, and an owner lifting a block by hand). */
  reset(name: LimitName, key: string): Promise<void>;
  close(): Promise<void>;
}

export type RateLimitStore = { kind: "memory" } | { kind: "postgres"; pool: pg.Pool };

/** The table of prisma/postgresql/migrations/20261207020000_sessions_and_rate_limits. */
export const RATE_LIMIT_TABLE = "RateLimit";

const log = createLogger({ scope: "rate-limit" });

function memoryLimiter(rule: LimitRule): RateLimiterMemory {
  return new RateLimiterMemory({ keyPrefix: rule.keyPrefix, points: rule.points, duration: rule.durationSeconds });
}

function limiterFor(store: RateLimitStore, rule: LimitRule): RateLimiterAbstract {
  if (store.kind === "memory") return memoryLimiter(rule);
  return new RateLimiterPostgres({
    storeClient: store.pool,
    storeType: "pool",
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true,
    keyPrefix: rule.keyPrefix,
    points: rule.points,
    duration: rule.durationSeconds,
    // Over the limit: refuse from this process's memory until the window ends.
    inMemoryBlockOnConsumed: rule.points + 1,
    // The database unreachable: count in memory rather than fail every request.
    insuranceLimiter: memoryLimiter(rule),
  });
}

export function createRateLimits(store: RateLimitStore): RateLimits {
  const limiters = new Map<LimitName, RateLimiterAbstract>();
  const limiter = (name: LimitName) => {
    let found = limiters.get(name);
    if (!found) {
      found = limiterFor(store, LIMITS[name]);
      limiters.set(name, found);
    }
    return found;
  };
  return {
    async consume(name, key, points = 1) {
      try {
        await limiter(name).consume(key, points);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
        }
        // Neither store answered: letting the request through beats refusing everyone.
        log.error("Rate limit could not be counted", { limit: name, error: rejection });
        return { allowed: true };
      }
    },
    async reset(name, key) {
      await limiter(name).delete(key);
    },
    async close() {
      if (store.kind === "postgres") await store.pool.end();
    },
  };
}

/** A small pool of its own: the limiter's queries are plain SQL and must not wait behind Prisma's. */
export function postgresRateLimitStore(url: string): RateLimitStore {
  const pool = new pg.Pool({ connectionString: url, max: 4, idleTimeoutMillis: 30_000 });
  pool.on("error", (error) => log.warn("Rate limit database connection failed", { error }));
  return { kind: "postgres", pool };
}

const globalForLimits = globalThis as unknown as { __botdeskRateLimits?: RateLimits };

/** The process-wide limits, on the database DATABASE_URL names (kept across hot reloads). */
export function rateLimits(): RateLimits {
  if (!globalForLimits.__botdeskRateLimits) {
    const url = readDatabaseUrl();
    globalForLimits.__botdeskRateLimits = createRateLimits(
      databaseProvider(url) === "postgresql" ? postgresRateLimitStore(url) : { kind: "memory" },
    );
  }
  return globalForLimits.__botdeskRateLimits;
}
