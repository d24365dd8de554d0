// Makes a set of rate limits the process-wide one the guards use, as tests/helpers/default-db.ts
// does for the database (lib/rate-limit keeps it on globalThis).
import type { RateLimits } from "../../../lib/rate-limit/rate-limits";

export function installRateLimits(limits: RateLimits): void {
  (globalThis as unknown as { __botdeskRateLimits?: RateLimits }).__botdeskRateLimits = limits;
}
