// Every duration the emulator enforces. Defaults are the platform's; tests shorten them.
export interface EmulatorTimings {
  /** livechat-api.md 4.3.1: log in within 30 s of opening the socket. */
  loginTimeoutMs: number;
  /**
   * livechat-api.md 4.3.2: no ping for this long after login → `agent_disconnected`
   * `connection_timeout`, then close. A `ping` action or a websocket control-frame ping (which 4.3
   * allows from backends) counts as activity; other requests do not (stricter: the docs do not say
   * whether they do).
   */
  pingTimeoutMs: number;
  /** livechat-api.md 1.5: 8 h. */
  accessTokenTtlSec: number;
  /** livechat-api.md 2.6: 24 h. */
  botTokenTtlSec: number;
  /** livechat-api.md 1.3: "a few minutes", NOT DOCUMENTED exactly; 5 min. */
  authCodeTtlSec: number;
  /** livechat-api.md 4.2, 4.7: requests time out after 15 s (`request_timeout`). */
  requestTimeoutMs: number;
  /** livechat-api.md 1.9: `too_many_redirects` after more than 3 redirects in 30 s per client and user. */
  authorizeRedirectLimit: number;
  authorizeRedirectWindowMs: number;
  /** livechat-api.md 7.2: a webhook delivery without an answer for about 10 s has failed. */
  webhookTimeoutMs: number;
  /**
   * livechat-api.md 7.2: a failed delivery is retried "up to 3 times within about 1 minute". Each
   * value is the wait after the previous attempt failed; the number of values is the number of
   * retries (at most 3). The exact schedule is NOT DOCUMENTED.
   */
  webhookRetryDelaysMs: number[];
}

export const DEFAULT_TIMINGS: EmulatorTimings = {
  loginTimeoutMs: 30_000,
  pingTimeoutMs: 30_000,
  accessTokenTtlSec: 28_800,
  botTokenTtlSec: 86_400,
  authCodeTtlSec: 300,
  requestTimeoutMs: 15_000,
  authorizeRedirectLimit: 3,
  authorizeRedirectWindowMs: 30_000,
  webhookTimeoutMs: 10_000,
  webhookRetryDelaysMs: [5_000, 15_000, 30_000],
};

/** livechat-api.md 7.2: at most 3 retries. */
export const MAX_WEBHOOK_RETRIES = 3;

/** A copy that shares no arrays with the original (timings are changed at run time). */
export function copyTimings(timings: EmulatorTimings): EmulatorTimings {
  return { ...timings, webhookRetryDelaysMs: [...timings.webhookRetryDelaysMs] };
}
