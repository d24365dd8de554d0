// How the worker calls LiveChat's HTTP APIs for one organization. LiveChat publishes no rate-limit
// numbers (livechat-api.md 3.1, 4.7); a `too_many_requests` / 429 pauses every call of that
// organization until Retry-After has passed (or a jittered backoff when there is none), while
// other organizations go on. Server errors and network failures are retried a bounded number of
// times with full-jitter backoff; other 4xx are not retried. Callers whose action may have run
// although the answer never came (timeouts) get a chance to reconcile before the retry.
import { LiveChatError } from "../lib/livechat/errors";
import { fullJitterDelay } from "./backoff";
import { sleep } from "./sleep";

export class OrgGate {
  private pausedUntil = 0;
  private rateLimitStreak = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Everyone in this organization waits `ms` (never shortens a longer pause). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  get pausedForMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  /** Waits out the current pause; false when `signal` aborted first. */
  async wait(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      const remaining = this.pausedForMs;
      if (remaining <= 0) return true;
      if (!(await sleep(remaining, signal))) return false;
    }
  }

  /** A 429 without Retry-After: back off with jitter, growing with consecutive 429s (cap 60 s). */
  pauseAfterRateLimit(retryAfterSeconds: number | undefined): number {
    this.rateLimitStreak += 1;
    const ms = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : 1_000 + fullJitterDelay(this.rateLimitStreak - 1, { baseMs: 1_000, capMs: 60_000 });
    this.pause(ms);
    return ms;
  }

  noteSuccess(): void {
    this.rateLimitStreak = 0;
  }
}

export interface CallPolicy {
  gate: OrgGate;
  serverErrorRetries: number;
  rateLimitMaxWaitMs: number;
  signal?: AbortSignal;
  retryBaseMs?: number;
  retryCapMs?: number;
  now?: () => number;
  onRetry?(info: { action: string; errorType: string; attempt: number; waitMs: number }): void;
}

export function isRateLimited(error: unknown): error is LiveChatError {
  return error instanceof LiveChatError && (error.status === 429 || error.type === "too_many_requests");
}

/** Network failures and server errors: worth another try. */
export function isTransient(error: unknown): error is LiveChatError {
  if (!(error instanceof LiveChatError) || error.status === 429 || error.type === "too_many_requests") return false;
  return error.status >= 500 || error.status === 0 || ["internal", "service_unavailable", "request_timeout", "network"].includes(error.type);
}

/** The request may have been carried out although we got no answer. */
export function isAmbiguous(error: unknown): boolean {
  return error instanceof LiveChatError && (error.type === "network" || error.type === "request_timeout" || error.status === 504);
}

export class CallAbortedError extends Error {
  override name = "CallAbortedError";
}

/**
 * Runs `call` under the organization's gate with the retry rules above. `reconcile` runs before a
 * retry that follows an ambiguous failure; a value it returns ends the call as a success.
 */
export async function callWithPolicy<T>(
  policy: CallPolicy,
  action: string,
  call: () => Promise<T>,
  reconcile?: () => Promise<T | undefined>,
): Promise<T> {
  const now = policy.now ?? Date.now;
  const rateLimitDeadline = now() + policy.rateLimitMaxWaitMs;
  let serverRetries = 0;
  let needsReconcile = false;
  for (let attempt = 1; ; attempt += 1) {
    if (!(await policy.gate.wait(policy.signal))) throw new CallAbortedError(`${action} aborted`);
    if (needsReconcile && reconcile) {
      const done = await reconcile();
      if (done !== undefined) return done;
    }
    try {
      const result = await call();
      policy.gate.noteSuccess();
      return result;
    } catch (error) {
      if (isRateLimited(error)) {
        const waitMs = policy.gate.pauseAfterRateLimit(error.options.retryAfterSeconds);
        if (now() + waitMs > rateLimitDeadline) throw error;
        policy.onRetry?.({ action, errorType: error.type, attempt, waitMs });
        needsReconcile = false;
        continue;
      }
      if (isTransient(error) && serverRetries < policy.serverErrorRetries) {
        const waitMs = fullJitterDelay(serverRetries, { baseMs: policy.retryBaseMs ?? 250, capMs: policy.retryCapMs ?? 5_000 });
        serverRetries += 1;
        needsReconcile = isAmbiguous(error);
        policy.onRetry?.({ action, errorType: error.type, attempt, waitMs });
        if (!(await sleep(waitMs, policy.signal))) throw new CallAbortedError(`${action} aborted`);
        continue;
      }
      throw error;
    }
  }
}
