// What a failed registration tells the person who started it, as AppErrors (lib/errors.ts). The
// same message is stored as the installation's `lastError` for the Worker page.
import { AppError, type ErrorCode } from "../errors";
import { LiveChatError } from "../livechat/errors";
import { WEBHOOKS_PER_ACTION_LIMIT } from "./registration-plan";

export const NOT_THE_OWNING_ORGANIZATION =
  "Only an administrator of the LiveChat organization that owns this app can register its webhooks. Ask one of them to use “Grant bot management access” in Botdesk.";
export const ONLY_MANAGERS = "Only owners, vice owners and administrators can register the LiveChat webhooks.";
export const MISSING_WEBHOOK_SCOPE =
  "Your LiveChat authorization does not allow registering webhooks yet. Use “Grant bot management access” again, then try again.";
export const NO_OWN_CREDENTIAL = "Botdesk has no LiveChat authorization of yours for this organization. Sign in with LiveChat again to continue.";

/** livechat-api.md 7.1: 3 webhooks per action per Client ID; `actions` names the full ones when known. */
export function limitError(actions: readonly string[] = []): AppError {
  const which = actions.length > 0 ? ` (${actions.join(", ")})` : "";
  return new AppError(
    "conflict",
    `LiveChat allows ${WEBHOOKS_PER_ACTION_LIMIT} webhooks per action for this app, and other registrations of its Client ID use them up${which}. ` +
      "Unregister the webhooks of this Client ID that this Botdesk does not use (list_webhooks / unregister_webhook), then register again from the Worker page.",
    { reason: "webhook_limit_reached" },
  );
}

/**
 * livechat-api.md 7.1: `owner_client_id` "must belong to your organization". Botdesk checked the
 * role and the scope itself before asking, so LiveChat's refusal to a manager means the requester's
 * organization does not own the app (the error type is not documented; `authorization` fits).
 */
function isOwnershipRefusal(error: LiveChatError): boolean {
  return error.type === "authorization" || (error.type === "validation" && /owner_client_id/.test(error.message));
}

const CODES: Record<string, ErrorCode> = {
  too_many_requests: "rate_limited",
  authentication: "unauthorized",
  network: "unavailable",
  request_timeout: "unavailable",
  service_unavailable: "unavailable",
};

/** Any error of a registration attempt as the AppError the caller gets. */
export function registrationError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof LiveChatError) {
    if (isOwnershipRefusal(error)) return new AppError("forbidden", NOT_THE_OWNING_ORGANIZATION, { reason: "not_owning_organization", livechatType: error.type });
    if (error.type === "limit_reached") return limitError();
    const reason = error.type === "authentication" ? { reason: "needs_reauth" } : {};
    return new AppError(CODES[error.type] ?? "livechat_error", `LiveChat refused to register the webhooks: ${error.message}`, {
      ...reason,
      livechatType: error.type,
    });
  }
  return new AppError("internal", "Registering the LiveChat webhooks failed on our side. Try again; if it keeps happening, tell your administrator.");
}
