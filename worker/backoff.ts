// Reconnect pacing: exponential backoff with full jitter and a cap (AWS "Exponential Backoff and
// Jitter": sleep = random(0, min(cap, base · 2^attempt))), so a fleet that lost LiveChat at once
// does not come back in lock-step. The attempt counter resets only after a connection stayed
// healthy for a while, so a socket that flaps right after login keeps backing off.

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** A connection that stayed ready this long counts as healthy and resets the counter. */
  resetAfterMs: number;
  /** [0, 1); injectable for tests. */
  random?: () => number;
}

/** random(0, min(cap, base · 2^attempt)); `attempt` starts at 0. */
export function fullJitterDelay(attempt: number, options: { baseMs: number; capMs: number }, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 52);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

export class Backoff {
  private attempt = 0;
  private healthySince: number | null = null;

  constructor(private readonly options: BackoffOptions) {}

  /** The connection became ready at `now`. */
  markHealthy(now: number): void {
    this.healthySince = now;
  }

  /** The delay before the next attempt; counts the attempt. */
  next(now: number): number {
    if (this.healthySince !== null && now - this.healthySince >= this.options.resetAfterMs) this.attempt = 0;
    this.healthySince = null;
    const delay = fullJitterDelay(this.attempt, this.options, this.options.random);
    this.attempt += 1;
    return delay;
  }

  get attempts(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
    this.healthySince = null;
  }
}
