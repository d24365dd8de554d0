// The limits themselves (README "Rate limits" lists the same numbers) and how an in-memory set of
// them counts: a change costs more than a read, a refusal says when to try again, keys are apart.
import { describe, expect, it } from "vitest";
import { rateLimitedError } from "../../../lib/auth/request-limits";
import { CHANGE_COST, LIMITS } from "../../../lib/rate-limit/limits";
import { createRateLimits } from "../../../lib/rate-limit/rate-limits";

describe("the limits", () => {
  it("are 300 requests or 60 changes a minute per user, 1,200 or 240 per organization, 10 sign-in steps per address", () => {
    expect(LIMITS).toEqual({
      apiUser: { keyPrefix: "api-user", points: 300, durationSeconds: 60 },
      apiOrg: { keyPrefix: "api-org", points: 1_200, durationSeconds: 60 },
      signInStart: { keyPrefix: "signin-start", points: 10, durationSeconds: 60 },
      signInCallback: { keyPrefix: "signin-callback", points: 10, durationSeconds: 60 },
    });
    expect(LIMITS.apiUser.points / CHANGE_COST).toBe(60);
    expect(LIMITS.apiOrg.points / CHANGE_COST).toBe(240);
  });

  it("say who is limited and when to try again", () => {
    expect(rateLimitedError("apiUser", 1).message).toBe("Too many requests from your account. Try again in 1 second.");
    expect(rateLimitedError("apiOrg", 42)).toMatchObject({ code: "rate_limited", retryAfterSeconds: 42, message: "Too many requests for this organization. Try again in 42 seconds." });
  });
});

describe("rate limits in memory", () => {
  it("allow the limit, then refuse with the seconds left in the window; keys and limits are apart", async () => {
    const limits = createRateLimits({ kind: "memory" });
    for (let index = 0; index < LIMITS.signInStart.points; index += 1) expect(await limits.consume("signInStart", "203.0.113.1")).toEqual({ allowed: true });
    const refused = await limits.consume("signInStart", "203.0.113.1");
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await limits.consume("signInStart", "203.0.113.2")).toEqual({ allowed: true });
    expect(await limits.consume("signInCallback", "203.0.113.1")).toEqual({ allowed: true });
    await limits.reset("signInStart", "203.0.113.1");
    expect(await limits.consume("signInStart", "203.0.113.1")).toEqual({ allowed: true });
  });

  it("count a change as several requests", async () => {
    const limits = createRateLimits({ kind: "memory" });
    expect(await limits.consume("apiUser", "u", LIMITS.apiUser.points - CHANGE_COST)).toEqual({ allowed: true });
    expect(await limits.consume("apiUser", "u", CHANGE_COST)).toEqual({ allowed: true });
    expect((await limits.consume("apiUser", "u", 1)).allowed).toBe(false);
  });
});
