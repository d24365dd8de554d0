// The rate limits as the guards and the sign-in routes apply them (numbers: lib/rate-limit/limits.ts).
// Over a limit: 429 with `Retry-After`, in the one error shape (`code: "rate_limited"`,
// `retryAfterSeconds`).
import { AppError } from "../errors";
import type { LimitName } from "../rate-limit/limits";
import { rateLimits } from "../rate-limit/rate-limits";

export class RateLimitedError extends AppError {
  override name = "RateLimitedError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", message, { retryAfterSeconds });
  }
}

const WHO: Record<LimitName, string> = {
  apiUser: "from your account",
  apiOrg: "for this organization",
  signInStart: "to sign in from your network",
  signInCallback: "to sign in from your network",
};

function seconds(value: number): string {
  return value === 1 ? "1 second" : `${value} seconds`;
}

export function rateLimitedError(name: LimitName, retryAfterSeconds: number): RateLimitedError {
  return new RateLimitedError(`Too many requests ${WHO[name]}. Try again in ${seconds(retryAfterSeconds)}.`, retryAfterSeconds);
}

export async function enforceApiLimit(name: "apiUser" | "apiOrg", key: string, cost: number): Promise<void> {
  const decision = await rateLimits().consume(name, key, cost);
  if (!decision.allowed) throw rateLimitedError(name, decision.retryAfterSeconds);
}

/** The documented shape; lib/http's errorResponse does not carry `retryAfterSeconds` for AppErrors. */
export function rateLimitedResponse(error: RateLimitedError, extra: Record<string, unknown> = {}): Response {
  return Response.json(
    { ...extra, error: { code: "rate_limited", message: error.message, retryAfterSeconds: error.retryAfterSeconds } },
    { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds), "Cache-Control": "no-store" } },
  );
}
