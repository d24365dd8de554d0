// Why a sign-in failed, in terms a person can act on. next-auth reports every OAuth failure as one
// generic code, so the sign-in route runs each attempt inside a scope where the provider records
// the real cause; the route then sends the browser to /signin/error with that reason.
import { AsyncLocalStorage } from "node:async_hooks";
import { z } from "zod";
import { AppError } from "../errors";
import { LiveChatError } from "../livechat/errors";

export const SignInFailureReasonSchema = z.enum([
  /** The person clicked "Deny" on LiveChat's consent screen (livechat-api.md 1.9 `access_denied`). */
  "access_denied",
  /** `state` missing from the callback, or not the one this browser was given. */
  "state_mismatch",
  /** The state or PKCE cookie is gone: it expired, or the flow began in another browser. */
  "flow_expired",
  /** LiveChat answered with an error (token exchange, profile). */
  "livechat_error",
  /** LiveChat did not answer at all. */
  "livechat_unreachable",
  /** Too many sign-ins from one network in a minute (lib/rate-limit/limits.ts). */
  "rate_limited",
  /** Anything else: a bug or an outage on our side. */
  "server_error",
]);
export type SignInFailureReason = z.infer<typeof SignInFailureReasonSchema>;

export const SignInFailureSchema = z.object({
  reason: SignInFailureReasonSchema,
  /** LiveChat's error code and description, exactly as LiveChat sent them. */
  livechatError: z.string().max(100).optional(),
  livechatMessage: z.string().max(500).optional(),
});
export type SignInFailure = z.infer<typeof SignInFailureSchema>;

const attempts = new AsyncLocalStorage<{ failure?: SignInFailure }>();

/** Runs one sign-in step and reports the first failure recorded inside it. */
export async function runSignInAttempt<T>(step: () => Promise<T>): Promise<{ result: T; failure?: SignInFailure }> {
  const scope: { failure?: SignInFailure } = {};
  const result = await attempts.run(scope, step);
  return { result, failure: scope.failure };
}

export function recordSignInFailure(failure: SignInFailure): void {
  const scope = attempts.getStore();
  if (scope && !scope.failure) scope.failure = failure;
}

export function failureFromError(error: unknown): SignInFailure {
  if (error instanceof LiveChatError) {
    if (error.type === "network") return { reason: "livechat_unreachable" };
    return { reason: "livechat_error", livechatError: error.type.slice(0, 100), livechatMessage: error.message.slice(0, 500) };
  }
  if (error instanceof AppError && error.code === "livechat_error") {
    return { reason: "livechat_error", livechatMessage: error.message.slice(0, 500) };
  }
  return { reason: "server_error" };
}
