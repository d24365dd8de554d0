// Full-jitter exponential backoff with a cap (AWS "Exponential Backoff and Jitter"), reset only
// after a healthy period.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Backoff, fullJitterDelay } from "../../../worker/backoff";

describe("fullJitterDelay", () => {
  it("stays within [0, min(cap, base · 2^attempt)) for any attempt and random value", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 120_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, baseMs, capMs, random) => {
          const delay = fullJitterDelay(attempt, { baseMs, capMs }, () => random);
          const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 52));
          return Number.isInteger(delay) && delay >= 0 && delay <= ceiling && delay <= capMs;
        },
      ),
    );
  });

  it("grows exponentially until the 30 s cap", () => {
    const max = (attempt: number) => fullJitterDelay(attempt, { baseMs: 1_000, capMs: 30_000 }, () => 0.999_999);
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(max)).toEqual([999, 1_999, 3_999, 7_999, 15_999, 29_999, 29_999, 29_999]);
    expect(fullJitterDelay(3, { baseMs: 1_000, capMs: 30_000 }, () => 0)).toBe(0);
  });

  it("spreads a fleet's reconnects instead of synchronising them", () => {
    const delays = Array.from({ length: 500 }, () => fullJitterDelay(4, { baseMs: 1_000, capMs: 30_000 }));
    expect(new Set(delays).size).toBeGreaterThan(400);
  });
});

describe("Backoff", () => {
  const options = { baseMs: 100, capMs: 10_000, resetAfterMs: 60_000, random: () => 0.999 };

  it("keeps growing while connections fail or flap, and resets after a healthy period", () => {
    const backoff = new Backoff(options);
    expect(backoff.next(0)).toBe(99);
    expect(backoff.next(10)).toBe(199);
    // Ready for a moment only: still counts as flapping.
    backoff.markHealthy(1_000);
    expect(backoff.next(1_500)).toBe(399);
    backoff.markHealthy(2_000);
    expect(backoff.next(2_000 + 60_000)).toBe(99);
    expect(backoff.attempts).toBe(1);
  });
});
