"use client";
// How the Bots page shows a failed call: LiveChat's own words when LiveChat refused, when to try
// again after a rate limit, and the step that fixes a missing or dead LiveChat authorization.
import { SignInButton } from "@/app/_components/auth/sign-in-button";
import { AppError } from "@/lib/errors";
import { BOT_MANAGEMENT_SCOPE_PARAM } from "@/lib/livechat/scopes";
import { apiErrorDetails, type ApiErrorDetails } from "@/lib/swr/fetcher";

export interface ShownError {
  code: string;
  message: string;
  details: ApiErrorDetails;
  /** When it happened, to say until when a rate limit lasts. */
  at: number;
}

export function toShownError(error: unknown): ShownError {
  const message = error instanceof Error ? error.message : "Something went wrong. Try again.";
  return { code: error instanceof AppError ? error.code : "internal", message, details: apiErrorDetails(error), at: Date.now() };
}

/** The message itself: quoted as LiveChat said it, with when to retry after a rate limit. */
export function errorText(error: ShownError): string {
  const said = error.details.livechatType ? `LiveChat said: “${error.message}”` : error.message;
  const seconds = error.details.retryAfterSeconds;
  if (error.code !== "rate_limited") return said;
  if (seconds === undefined) return `${said} Wait a moment and try again.`;
  const until = new Date(error.at + seconds * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  return `${said} Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"} (after ${until}).`;
}

interface ErrorNoticeProps {
  error: ShownError;
  canManage: boolean;
  /** Where LiveChat's sign-in comes back to. */
  callbackUrl: string;
}

export function ErrorNotice({ error, canManage, callbackUrl }: ErrorNoticeProps) {
  const { reason } = error.details;
  return (
    <div role="alert" className="alert error">
      <p>{errorText(error)}</p>
      {reason === "missing_bot_management_access" && (
        <SignInButton label="Grant bot management access" callbackUrl={callbackUrl} scope={BOT_MANAGEMENT_SCOPE_PARAM} />
      )}
      {reason === "needs_reauth" &&
        (canManage ? (
          <SignInButton label="Grant bot management access" callbackUrl={callbackUrl} scope={BOT_MANAGEMENT_SCOPE_PARAM} />
        ) : (
          <SignInButton label="Sign in with LiveChat again" callbackUrl={callbackUrl} />
        ))}
    </div>
  );
}
